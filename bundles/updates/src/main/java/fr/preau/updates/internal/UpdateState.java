package fr.preau.updates.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the box remembers about updates, in {@code <data>/preau/updates/state.properties}, written
 * whole (temporary file, fsync, rename) after each change:
 * the channel settings the referent gave, the last check, the update waiting to be applied, the
 * release in service and the one before it (with the features each changed, to go back).
 */
final class UpdateState {

    /** A feature an update moved: {@code name} from version {@code from} to {@code to}. */
    record Change(String name, String from, String to) {
        static Change parse(String s) {
            String[] p = s.split("\\|", -1);
            return new Change(p[0], p[1], p[2]);
        }

        String text() {
            return name + "|" + from + "|" + to;
        }
    }

    /** A release applied on the box: its version, its features repository, what it changed. */
    record Release(String version, String repository, String appliedAt, List<Change> changes) {
    }

    String url = "";
    String publicKey = "";
    String channel = "stable";

    String lastCheckAt;
    boolean lastCheckOk;
    String lastCheckCode;
    String lastCheckMessage;

    /** Verified and staged, waiting to be applied. */
    String availableVersion;
    /** A version that was rolled back: not applied again at the maintenance hour. */
    String heldVersion;

    /** What the referent must read (a refusal, a rollback), French. */
    String notice;

    Release current;
    Release previous;

    private final Path file;

    private UpdateState(Path file) {
        this.file = file;
    }

    static UpdateState load(Path file) throws IOException {
        UpdateState s = new UpdateState(file);
        if (!Files.exists(file)) {
            return s;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        s.url = p.getProperty("url", "");
        s.publicKey = p.getProperty("publicKey", "");
        s.channel = p.getProperty("channel", "stable");
        s.lastCheckAt = p.getProperty("lastCheck.at");
        s.lastCheckOk = Boolean.parseBoolean(p.getProperty("lastCheck.ok"));
        s.lastCheckCode = p.getProperty("lastCheck.code");
        s.lastCheckMessage = p.getProperty("lastCheck.message");
        s.availableVersion = p.getProperty("available");
        s.heldVersion = p.getProperty("held");
        s.notice = p.getProperty("notice");
        s.current = release(p, "current");
        s.previous = release(p, "previous");
        return s;
    }

    private static Release release(Properties p, String prefix) {
        String version = p.getProperty(prefix + ".version");
        if (version == null) {
            return null;
        }
        List<Change> changes = new ArrayList<>();
        String c = p.getProperty(prefix + ".changes", "");
        for (String s : c.isEmpty() ? new String[0] : c.split(",")) {
            changes.add(Change.parse(s));
        }
        return new Release(version, p.getProperty(prefix + ".repository"), p.getProperty(prefix + ".appliedAt"), List.copyOf(changes));
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static void put(Properties p, String prefix, Release r) {
        if (r != null) {
            p.setProperty(prefix + ".version", r.version());
            put(p, prefix + ".repository", r.repository());
            put(p, prefix + ".appliedAt", r.appliedAt());
            p.setProperty(prefix + ".changes", String.join(",", r.changes().stream().map(Change::text).toList()));
        }
    }

    void save() throws IOException {
        Properties p = new Properties();
        put(p, "url", url);
        put(p, "publicKey", publicKey);
        put(p, "channel", channel);
        put(p, "lastCheck.at", lastCheckAt);
        p.setProperty("lastCheck.ok", Boolean.toString(lastCheckOk));
        put(p, "lastCheck.code", lastCheckCode);
        put(p, "lastCheck.message", lastCheckMessage);
        put(p, "available", availableVersion);
        put(p, "held", heldVersion);
        put(p, "notice", notice);
        put(p, "current", current);
        put(p, "previous", previous);
        StringWriter w = new StringWriter();
        p.store(w, "Préau updates");
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Publish.writeSynced(tmp, w.toString().getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
