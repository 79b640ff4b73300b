package fr.preau.updates.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The académie's tool ({@code ./preau publish}): builds a signed update repository from a features
 * file and the Maven repository its bundles were built into.
 * <pre>
 * publish --new-key FILE                 a new Ed25519 key pair: FILE (private, mode 600) and FILE.pub
 * publish --public-key FILE              prints the public key to pin on the boxes
 * publish --key FILE --out DIR [--channel stable|pilote] [--version V] [--features FILE] [--repo DIR]...
 *         [--group G]... [--percent 0-100] [--uai UAI]... [--module FEATURE]... [--note TEXT]...
 * </pre>
 * The repository ({@code DIR}): {@code manifest}, {@code manifest.sig}, {@code features.xml} and,
 * under {@code repository/}, in the Maven layout, every artifact the features name whose group is
 * one of {@code --group} (default {@code fr.preau}); the others must already be on the boxes.
 * {@code DIR} is replaced whole, never left half-written.
 */
public final class Publish {

    /** A mistake of the person running the tool: French, printed as is. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    private Publish() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (UsageError e) {
            System.err.println("preau publish : " + e.getMessage());
            System.exit(2);
        } catch (UpdateRefused e) {
            System.err.println("preau publish : " + e.getMessage());
            System.exit(1);
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("preau publish : échec : " + e);
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out) throws UsageError, IOException, GeneralSecurityException, UpdateRefused {
        Path key = null;
        Path outDir = null;
        Path features = Path.of("features/target/feature/feature.xml");
        List<Path> repos = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        String channel = "stable";
        String version = DateTimeFormatter.ofPattern("yyyy.M.d.HHmm").withZone(ZoneOffset.UTC).format(Instant.now());
        int percent = 100;
        Set<String> uais = new LinkedHashSet<>();
        List<String> modules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--new-key" -> {
                    return newKey(Path.of(value(args, ++i, a)), out);
                }
                case "--public-key" -> {
                    out.println(Keys.publicText(Keys.publicOf(Keys.readPrivate(Path.of(value(args, ++i, a))))));
                    return 0;
                }
                case "--key" -> key = Path.of(value(args, ++i, a));
                case "--out" -> outDir = Path.of(value(args, ++i, a));
                case "--features" -> features = Path.of(value(args, ++i, a));
                case "--repo" -> repos.add(Path.of(value(args, ++i, a)));
                case "--group" -> groups.add(value(args, ++i, a));
                case "--channel" -> channel = value(args, ++i, a);
                case "--version" -> version = value(args, ++i, a);
                case "--percent" -> {
                    try {
                        percent = Integer.parseInt(value(args, ++i, a));
                    } catch (NumberFormatException e) {
                        percent = -1;
                    }
                }
                case "--uai" -> uais.add(value(args, ++i, a).toUpperCase(java.util.Locale.ROOT));
                case "--module" -> modules.add(value(args, ++i, a));
                case "--note" -> notes.add(value(args, ++i, a));
                default -> throw new UsageError("option inconnue : " + a);
            }
        }
        if (key == null || outDir == null) {
            throw new UsageError("indiquez la clé privée de l'académie (--key FICHIER) et le dossier à produire (--out DOSSIER).");
        }
        if (!UpdateManifest.CHANNELS.contains(channel)) {
            throw new UsageError("canal inconnu « " + channel + " » : « stable » ou « pilote ».");
        }
        if (!UpdateManifest.validVersion(version)) {
            throw new UsageError("version invalide « " + version + " » : des nombres séparés par des points, par exemple 2026.12.1.");
        }
        if (percent < 0 || percent > 100) {
            throw new UsageError("--percent attend un nombre de 0 à 100.");
        }
        for (String uai : uais) {
            if (!UpdateManifest.validUai(uai)) {
                throw new UsageError("UAI invalide « " + uai + " » : 7 chiffres et une lettre, par exemple 0999999Z.");
            }
        }
        for (String n : notes) {
            if (n.contains("\n") || n.contains("\r")) {
                throw new UsageError("une note tient sur une ligne : répétez --note pour plusieurs lignes.");
            }
        }
        if (!Files.isRegularFile(features)) {
            throw new UsageError("fichier de fonctionnalités introuvable : " + features + " (construisez d'abord le projet : ./preau build).");
        }
        if (repos.isEmpty()) {
            String local = System.getProperty("maven.repo.local");
            repos.add(local != null && !local.isBlank() ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository"));
        }
        if (groups.isEmpty()) {
            groups.add("fr.preau");
        }
        PrivateKey privateKey = Keys.readPrivate(key);
        UpdateManifest manifest = publish(privateKey, outDir, features, repos, groups, channel, version, percent, uais, modules, notes);
        out.println("Dépôt de mise à jour écrit dans " + outDir + " : canal " + manifest.channel() + ", version " + manifest.version()
                + ", " + manifest.artifacts().size() + " fichier(s), " + manifest.rolloutPercent() + " % des box"
                + (manifest.rolloutUais().isEmpty() ? "" : " et " + manifest.rolloutUais().size() + " UAI") + ".");
        out.println("Clé publique à épingler sur les box : " + Keys.publicText(Keys.publicOf(privateKey)));
        return 0;
    }

    private static String value(String[] args, int i, String option) throws UsageError {
        if (i >= args.length) {
            throw new UsageError(option + " attend une valeur.");
        }
        return args[i];
    }

    private static int newKey(Path file, PrintStream out) throws IOException, GeneralSecurityException, UsageError {
        if (Files.exists(file)) {
            throw new UsageError(file + " existe déjà : je ne remplace pas une clé (choisissez un autre nom).");
        }
        KeyPair pair = Keys.generate();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            writeSynced(tmp, Keys.privatePem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String pub = Keys.publicText(pair.getPublic());
        Files.writeString(Path.of(file + ".pub"), pub + "\n", StandardCharsets.US_ASCII);
        out.println("Clé privée de l'académie : " + file + " (à garder secrète et sauvegardée ; elle signe les mises à jour)");
        out.println("Clé publique à épingler sur les box (console, « Mises à jour ») : " + pub);
        return 0;
    }

    /** Builds the repository into a sibling temporary folder, then puts it in place of {@code outDir}. */
    static UpdateManifest publish(PrivateKey key, Path outDir, Path featuresFile, List<Path> repos, Set<String> groups, String channel,
            String version, int percent, Set<String> uais, List<String> modules, List<String> notes)
            throws IOException, GeneralSecurityException, UpdateRefused, UsageError {
        byte[] featuresBytes = Files.readAllBytes(featuresFile);
        FeaturesXml parsed = FeaturesXml.parse(featuresBytes);
        Set<String> names = new LinkedHashSet<>();
        parsed.features().forEach(f -> names.add(f.name()));
        for (String m : modules) {
            if (!names.contains(m)) {
                throw new UsageError("le module « " + m + " » n'est pas une fonctionnalité de " + featuresFile + ".");
            }
        }
        Path target = outDir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
        try {
            List<UpdateManifest.Entry> artifacts = new ArrayList<>();
            for (String location : parsed.locations()) {
                if (!location.startsWith("mvn:") || !groups.contains(FeaturesXml.mavenGroup(location))) {
                    continue;
                }
                String path = "repository/" + FeaturesXml.mavenPath(location);
                Path source = repos.stream().map(r -> r.resolve(FeaturesXml.mavenPath(location))).filter(Files::isRegularFile)
                        .findFirst().orElseThrow(() -> new UsageError("introuvable dans " + repos + " : " + location
                                + " (construisez d'abord le projet, ou indiquez --repo)."));
                Path copy = tmp.resolve(path);
                Files.createDirectories(copy.getParent());
                Files.copy(source, copy);
                artifacts.add(new UpdateManifest.Entry(path, Hashes.sha256(copy), Files.size(copy), location));
            }
            artifacts.sort(Comparator.comparing(UpdateManifest.Entry::path));
            writeSynced(tmp.resolve("features.xml"), featuresBytes);
            UpdateManifest manifest = new UpdateManifest(channel, version, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                    percent, uais, modules, notes, new UpdateManifest.Entry("features.xml", Hashes.sha256(featuresBytes),
                            featuresBytes.length, null), artifacts);
            byte[] manifestBytes = manifest.bytes();
            writeSynced(tmp.resolve("manifest"), manifestBytes);
            writeSynced(tmp.resolve("manifest.sig"), ManifestSignature.sign(manifestBytes, key).getBytes(StandardCharsets.US_ASCII));
            replace(tmp, target);
            tmp = null;
            return manifest;
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void replace(Path fresh, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            if (old != null) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
