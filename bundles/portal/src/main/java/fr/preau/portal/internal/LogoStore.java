package fr.preau.portal.internal;

import fr.preau.api.Uai;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Schools' logos, in {@code <karaf.data>/preau/portal/logos/<UAI>.png}, through the portal's
 * {@link ImageStore}: PNG or JPEG (never SVG, which could carry scripts), {@value #MAX_BYTES}
 * bytes at most, {@value #MAX_SIDE} px a side at most, fitted in {@value #WIDTH}×{@value #HEIGHT}
 * (never enlarged, transparency kept) and written again as PNG.
 */
@Component(service = LogoStore.class)
public final class LogoStore {

    static final long MAX_BYTES = 524_288L;
    static final int MAX_SIDE = 4_000;
    static final long MAX_PIXELS = 16_000_000L;
    static final int WIDTH = 480;
    static final int HEIGHT = 240;
    static final ImageStore.Rules RULES = new ImageStore.Rules(MAX_BYTES, MAX_SIDE, MAX_PIXELS, WIDTH, HEIGHT, false, "logo",
            "Ce logo est trop lourd : 512 Ko au maximum. Choisissez une image plus petite ou réduisez-la.",
            "Le logo n'a pas pu être enregistré. Réessayez dans un instant.");

    private final ImageStore images;

    @Activate
    public LogoStore() {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "portal", "logos"));
    }

    LogoStore(Path dir) {
        this.images = new ImageStore(dir, RULES);
    }

    public Optional<ImageStore.Stored> find(Uai school) {
        return images.find(school.value());
    }

    public ImageStore.Stored save(Uai school, InputStream body) {
        return images.save(school.value(), body);
    }

    public boolean delete(Uai school) {
        return images.delete(school.value());
    }

    void checkLength(String contentLength) {
        images.checkLength(contentLength);
    }

    /** Where the logo is served, with its version; null when the school has none. */
    String url(Uai school) {
        return find(school).map(s -> "/api/v1/schools/" + school.value() + "/logo?v=" + s.version()).orElse(null);
    }
}
