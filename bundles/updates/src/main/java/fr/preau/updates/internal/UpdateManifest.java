package fr.preau.updates.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an académie update repository holds, as signed by the académie: a UTF-8 text, one entry a
 * line, read strictly (an unknown or malformed line refuses the whole manifest):
 * <pre>
 * preau-update 1
 * channel stable                      stable | pilote
 * version 2026.12.1                   dotted numbers; a box only moves forward
 * published 2026-12-07T05:00:00Z
 * rollout-percent 100                 0–100: boxes whose UAI hashes below it take the update
 * rollout-uai 0999999Z                any number: these boxes take it whatever the percentage
 * module preau-probe                  any number: new modules offered (shown « disponible »)
 * note Nouvelle version du cahier.    any number: what changes, in French, for the referent
 * features features.xml SHA256 SIZE   exactly one: the Karaf features repository
 * artifact PATH SHA256 SIZE LOCATION  any number: a bundle or config file, and the location the
 *                                     features name it by (mvn:group/artifact/version[/type[/classifier]])
 * end
 * </pre>
 * Paths are relative to the manifest, made of {@code [A-Za-z0-9._-]} segments (no {@code ..}).
 */
public record UpdateManifest(String channel, String version, Instant published, int rolloutPercent, Set<String> rolloutUais,
        List<String> modules, List<String> notes, Entry features, List<Entry> artifacts) {

    public static final String FORMAT = "preau-update 1";
    public static final Set<String> CHANNELS = Set.of("stable", "pilote");
    /** Larger manifests are refused before they are read. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");
    private static final Pattern UAI = Pattern.compile("\\d{7}[A-Z]");
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LOCATION = Pattern.compile("mvn:[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]*){0,2}");

    /** A file of the repository. {@code location} is null for the features file. */
    public record Entry(String path, String sha256, long size, String location) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public UpdateManifest {
        rolloutUais = Set.copyOf(rolloutUais);
        modules = List.copyOf(modules);
        notes = List.copyOf(notes);
        artifacts = List.copyOf(artifacts);
    }

    public String text() {
        StringBuilder b = new StringBuilder(FORMAT).append('\n');
        b.append("channel ").append(channel).append('\n');
        b.append("version ").append(version).append('\n');
        b.append("published ").append(published).append('\n');
        b.append("rollout-percent ").append(rolloutPercent).append('\n');
        rolloutUais.stream().sorted().forEach(u -> b.append("rollout-uai ").append(u).append('\n'));
        modules.forEach(m -> b.append("module ").append(m).append('\n'));
        notes.forEach(n -> b.append("note ").append(n).append('\n'));
        b.append("features ").append(features.path()).append(' ').append(features.sha256()).append(' ').append(features.size()).append('\n');
        for (Entry a : artifacts) {
            b.append("artifact ").append(a.path()).append(' ').append(a.sha256()).append(' ').append(a.size()).append(' ')
                    .append(a.location()).append('\n');
        }
        return b.append("end\n").toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    private static UpdateRefused malformed(String why) {
        return new UpdateRefused("manifest-malformed",
                "La description de la mise à jour publiée par l'académie est illisible ou incomplète (" + why
                        + ") : la mise à jour est refusée. Prévenez l'académie.");
    }

    /** Reads a manifest; anything unexpected refuses it whole. */
    public static UpdateManifest parse(byte[] bytes) throws UpdateRefused {
        if (bytes.length > MAX_BYTES) {
            throw malformed("trop longue");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw malformed("texte non UTF-8");
        }
        if (!text.endsWith("\n")) {
            throw malformed("coupée avant la fin");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 2 || !lines[0].equals(FORMAT)) {
            throw malformed("format inconnu");
        }
        if (!lines[lines.length - 1].equals("end")) {
            throw malformed("coupée avant la fin");
        }
        String channel = null;
        String version = null;
        Instant published = null;
        Integer percent = null;
        Set<String> uais = new LinkedHashSet<>();
        List<String> modules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Entry features = null;
        List<Entry> artifacts = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw malformed("ligne " + (i + 1));
            }
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            switch (key) {
                case "channel" -> {
                    if (channel != null || !CHANNELS.contains(value)) {
                        throw malformed("canal");
                    }
                    channel = value;
                }
                case "version" -> {
                    if (version != null || !VERSION.matcher(value).matches()) {
                        throw malformed("version");
                    }
                    version = value;
                }
                case "published" -> {
                    try {
                        published = Instant.parse(value);
                    } catch (DateTimeParseException e) {
                        throw malformed("date");
                    }
                }
                case "rollout-percent" -> {
                    try {
                        percent = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw malformed("pourcentage");
                    }
                    if (percent < 0 || percent > 100) {
                        throw malformed("pourcentage");
                    }
                }
                case "rollout-uai" -> {
                    if (!UAI.matcher(value).matches()) {
                        throw malformed("UAI " + value);
                    }
                    uais.add(value);
                }
                case "module" -> {
                    if (!FEATURE.matcher(value).matches()) {
                        throw malformed("module");
                    }
                    modules.add(value);
                }
                case "note" -> notes.add(value);
                case "features", "artifact" -> {
                    String[] f = value.split(" ", -1);
                    boolean artifact = key.equals("artifact");
                    if (f.length != (artifact ? 4 : 3) || !PATH.matcher(f[0]).matches() || !SHA256.matcher(f[1]).matches()
                            || (artifact && !LOCATION.matcher(f[3]).matches()) || !paths.add(f[0])) {
                        throw malformed("fichier " + (f.length > 0 ? f[0] : ""));
                    }
                    long size;
                    try {
                        size = Long.parseLong(f[2]);
                    } catch (NumberFormatException e) {
                        throw malformed("taille");
                    }
                    if (size < 0) {
                        throw malformed("taille");
                    }
                    Entry e = new Entry(f[0], f[1], size, artifact ? f[3] : null);
                    if (artifact) {
                        artifacts.add(e);
                    } else if (features != null) {
                        throw malformed("deux dépôts de fonctionnalités");
                    } else {
                        features = e;
                    }
                }
                default -> throw malformed("ligne " + (i + 1));
            }
        }
        if (channel == null || version == null || published == null || percent == null || features == null) {
            throw malformed("informations manquantes");
        }
        return new UpdateManifest(channel, version, published, percent, uais, modules, notes, features, artifacts);
    }

    /** Orders dotted versions numerically: {@code 2026.12.10 > 2026.12.9}. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    public static boolean validVersion(String v) {
        return v != null && VERSION.matcher(v).matches();
    }

    public static boolean validUai(String uai) {
        return uai != null && UAI.matcher(uai.toUpperCase(Locale.ROOT)).matches();
    }
}
