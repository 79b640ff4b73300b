package fr.preau.portal.internal;

import fr.preau.api.PersonId;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * People's photos, in {@code <karaf.data>/preau/portal/avatars/<person id>.png}, through the
 * portal's {@link ImageStore}: PNG or JPEG, {@value #MAX_BYTES} bytes at most, at most
 * {@value #MAX_SIDE} px a side, cropped to a centred square and written again as a
 * {@value #SIZE}×{@value #SIZE} PNG.
 */
@Component(service = AvatarStore.class)
public final class AvatarStore {

    /** A stored photo. */
    public record Avatar(Path file, long version) {
    }

    static final int SIZE = 256;
    static final long MAX_BYTES = 1_048_576L;
    /** Largest side of a picture we agree to decode (a phone photo is about 4,000 px). */
    static final int MAX_SIDE = 12_000;
    static final long MAX_PIXELS = 50_000_000L;
    static final ImageStore.Rules RULES = new ImageStore.Rules(MAX_BYTES, MAX_SIDE, MAX_PIXELS, SIZE, SIZE, true, "avatar",
            "Cette photo est trop lourde : 1 Mo au maximum. Choisissez une image plus petite ou réduisez-la.",
            "Votre photo n'a pas pu être enregistrée. Réessayez dans un instant.");

    private final ImageStore images;

    @Activate
    public AvatarStore() {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "preau", "portal", "avatars"));
    }

    AvatarStore(Path dir) {
        this.images = new ImageStore(dir, RULES);
    }

    /** The person's photo, if they put one. */
    public Optional<Avatar> find(PersonId who) {
        return images.find(who.value()).map(s -> new Avatar(s.file(), s.version()));
    }

    /** Reads, checks and stores a photo (replacing the previous one); the body is read up to the limit only. */
    public Avatar save(PersonId who, InputStream body) {
        images.save(who.value(), body);
        return find(who).orElseThrow();
    }

    /** Removes the person's photo; false if there was none. */
    public boolean delete(PersonId who) {
        return images.delete(who.value());
    }

    /** Refuses a body announced larger than the limit. */
    void checkLength(String contentLength) {
        images.checkLength(contentLength);
    }
}
