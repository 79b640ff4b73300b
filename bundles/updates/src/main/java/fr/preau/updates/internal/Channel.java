package fr.preau.updates.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An académie channel seen from the box: reads and verifies its manifest, then downloads and
 * verifies every file into a staging folder before anything on the box changes. Only HTTPS, or
 * plain HTTP to the box itself (loopback), is accepted; redirects are not followed.
 */
public final class Channel {

    /** The largest artifact the box downloads. */
    static final long MAX_ARTIFACT_BYTES = 256L << 20;

    private final URI base;
    private final PublicKey pinned;
    private final HttpClient http;
    private volatile byte[] lastManifest;
    private volatile byte[] lastSignature;

    public Channel(URI base, PublicKey pinned) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.pinned = pinned;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Checks a channel address: HTTPS, or HTTP to the loopback.
     *
     * @return the French reason it is refused, or null when it is fine
     */
    public static String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "Cette adresse n'est pas valide.";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            return "Cette adresse n'est pas valide : donnez l'adresse du canal, par exemple https://maj.ac-exemple.fr/preau/stable/.";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")) {
            try {
                if (InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                    return null;
                }
            } catch (IOException e) {
                // not loopback
            }
        }
        return "Seule une adresse en https:// est acceptée (le http:// simple n'est accepté que vers la box elle-même).";
    }

    /** Reads the manifest and its signature and checks it with the pinned key. */
    public UpdateManifest manifest() throws UpdateRefused {
        byte[] manifest = get("manifest", UpdateManifest.MAX_BYTES);
        byte[] signature = get("manifest.sig", ManifestSignature.MAX_BYTES);
        UpdateManifest m = ManifestSignature.verify(manifest, signature, pinned);
        lastManifest = manifest;
        lastSignature = signature;
        return m;
    }

    /**
     * Downloads every file of a verified manifest into {@code dir} (created; emptied first) and
     * checks each against its size and SHA-256; then writes {@code features-local.xml}: the
     * verified features file with each published artifact named by its verified local copy in
     * {@code finalDir} (where the caller will move {@code dir}). Locations that are not published
     * must be {@code mvn:} artifacts the box already has in {@code system}.
     */
    public void download(UpdateManifest manifest, Path dir, Path finalDir, Path system) throws UpdateRefused, IOException {
        Publish.deleteTree(dir);
        Files.createDirectories(dir);
        byte[] features = get(manifest.features().path(), manifest.features().size());
        if (features.length != manifest.features().size() || !Hashes.sha256(features).equals(manifest.features().sha256())) {
            throw tampered(manifest.features().path());
        }
        FeaturesXml parsed = FeaturesXml.parse(features);
        Map<String, UpdateManifest.Entry> published = manifest.artifacts().stream()
                .collect(Collectors.toMap(UpdateManifest.Entry::location, e -> e, (a, b) -> a));
        java.util.Set<String> needed = new java.util.LinkedHashSet<>(parsed.locations());
        needed.addAll(parsed.repositories());
        for (String location : needed) {
            if (published.containsKey(location)) {
                continue;
            }
            boolean present;
            try {
                present = Files.isRegularFile(system.resolve(FeaturesXml.mavenPath(location)));
            } catch (IllegalArgumentException e) {
                present = false;
            }
            if (!present) {
                throw new UpdateRefused("incomplete", "La mise à jour demande un fichier qu'elle ne fournit pas et que la box n'a "
                        + "pas (" + location + ") : elle est refusée et rien n'a changé. Prévenez l'académie.");
            }
        }
        for (UpdateManifest.Entry a : manifest.artifacts()) {
            Path file = dir.resolve(a.path()).normalize();
            if (!file.startsWith(dir)) {
                throw tampered(a.path());
            }
            Files.createDirectories(file.getParent());
            String sha = fetchTo(a.path(), file, a.size());
            if (Files.size(file) != a.size() || !sha.equals(a.sha256())) {
                throw tampered(a.path());
            }
        }
        Publish.writeSynced(dir.resolve("features.xml"), features);
        Publish.writeSynced(dir.resolve("features-local.xml"), localize(new String(features, java.nio.charset.StandardCharsets.UTF_8),
                published, finalDir).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // the exact bytes signed, and the signature: checked again before the release is applied
        byte[] signed = lastManifest != null && java.util.Arrays.equals(manifest.bytes(), UpdateManifest.parse(lastManifest).bytes())
                ? lastManifest : manifest.bytes();
        Publish.writeSynced(dir.resolve("manifest"), signed);
        if (lastSignature != null) {
            Publish.writeSynced(dir.resolve("manifest.sig"), lastSignature);
        }
    }

    private static final Pattern TEXT = Pattern.compile("(>\\s*)(mvn:[^<\\s]+)(\\s*<)");

    /** The features text with each published location replaced by the {@code file:} URI of its copy. */
    static String localize(String features, Map<String, UpdateManifest.Entry> published, Path finalDir) {
        Matcher m = TEXT.matcher(features);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            UpdateManifest.Entry e = published.get(m.group(2));
            String location = e == null ? m.group(2) : finalDir.resolve(e.path()).toUri().toString();
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + location + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static UpdateRefused tampered(String path) {
        return new UpdateRefused("hash-mismatch", "Un fichier de la mise à jour ne correspond pas à ce que l'académie a signé ("
                + path + ") : il a été altéré en route. La mise à jour est refusée et rien n'a changé sur la box.");
    }

    private HttpResponse<InputStream> open(String path) throws UpdateRefused {
        URI uri = base.resolve(path);
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new UpdateRefused("channel-unreachable", "Le canal de l'académie ne fournit pas la mise à jour (réponse "
                        + r.statusCode() + " pour " + path + "). Réessayez plus tard ; si cela dure, prévenez l'académie.");
            }
            return r;
        } catch (IOException e) {
            throw new UpdateRefused("channel-unreachable", "Le canal de l'académie ne répond pas (" + base.getHost()
                    + "). Vérifiez la connexion de la box à Internet, puis réessayez.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpdateRefused("channel-unreachable", "La vérification a été interrompue.", e);
        }
    }

    private byte[] get(String path, long limit) throws UpdateRefused {
        HttpResponse<InputStream> r = open(path);
        try (InputStream in = r.body()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tampered(path);
            }
            return bytes;
        } catch (IOException e) {
            throw new UpdateRefused("channel-unreachable", "Le téléchargement de la mise à jour a été interrompu. Réessayez plus tard.", e);
        }
    }

    /** Downloads at most {@code size} bytes (one more refuses it) to {@code file}, synced; its SHA-256. */
    private String fetchTo(String path, Path file, long size) throws UpdateRefused, IOException {
        if (size > MAX_ARTIFACT_BYTES) {
            throw tampered(path);
        }
        HttpResponse<InputStream> r = open(path);
        MessageDigest d = Hashes.sha256();
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (InputStream in = r.body(); var ch = java.nio.channels.FileChannel.open(part, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > size) {
                    throw tampered(path);
                }
                d.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.flush();
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new UpdateRefused("channel-unreachable", "Le téléchargement de la mise à jour a été interrompu. Réessayez plus tard.", e);
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return HexFormat.of().formatHex(d.digest());
    }
}
