package fr.preau.directory.internal.ldap;

import fr.preau.directory.DirectorySync.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The LDAP settings as the file {@code <data>/preau/etc/fr.preau.directory.ldap.cfg} that Felix
 * fileinstall watches (so they survive a restart and a new distribution). The file is written
 * whole, atomically (a temporary file in the same folder, then renamed over it), readable by the
 * box's account only (0600: it holds the bind password).
 *
 * <p>Its values are written so that fileinstall reads back exactly what was stored: Java properties
 * escapes, in ASCII ({@code \}uXXXX beyond, so any encoding reads it), and a backslash before {@code \ { }} so that its
 * {@code ${…}} substitution leaves a password or a filter alone. Reading it back and writing the
 * same values (what fileinstall does when the configuration is updated) leaves the file unchanged.
 */
final class LdapSettingsFile {

    /** The property fileinstall ties a configuration to its file with. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";
    static final String NAME = LdapSync.PID + ".cfg";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    LdapSettingsFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The configuration's properties as fileinstall gives them from the file (strings), in a stable order. */
    static Map<String, String> properties(LdapSettings.Config c) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", c.url());
        p.put("start.tls", Boolean.toString(c.start_tls()));
        p.put("bind.dn", c.bind_dn());
        p.put(".bind.password", c._bind_password());
        p.put("base.dn", c.base_dn());
        p.put("structure.base", c.structure_base());
        p.put("structure.filter", c.structure_filter());
        p.put("subject.base", c.subject_base());
        p.put("subject.filter", c.subject_filter());
        p.put("mef.base", c.mef_base());
        p.put("mef.filter", c.mef_filter());
        p.put("personnel.base", c.personnel_base());
        p.put("personnel.filter", c.personnel_filter());
        p.put("responsable.base", c.responsable_base());
        p.put("responsable.filter", c.responsable_filter());
        p.put("eleve.base", c.eleve_base());
        p.put("eleve.filter", c.eleve_filter());
        p.put("attribute.mapping", mapping(c));
        p.put("page.size", Integer.toString(c.page_size()));
        p.put("interval.minutes", Integer.toString(c.interval_minutes()));
        p.put("connect.timeout.seconds", Integer.toString(c.connect_timeout_seconds()));
        p.put("read.timeout.seconds", Integer.toString(c.read_timeout_seconds()));
        p.replaceAll((k, v) -> v == null ? "" : v);
        return p;
    }

    /**
     * The properties for ConfigurationAdmin: as fileinstall sets them from the file, but without
     * {@value #FILEINSTALL_FILENAME}, so that fileinstall does not write them back into the file
     * in place (see {@link LdapSync}). It still finds the configuration by its PID when the file is
     * edited or deleted by hand.
     */
    static Dictionary<String, Object> dictionary(LdapSettings.Config c) {
        return new Hashtable<>(properties(c));
    }

    /** The file's text for these settings. */
    static String render(LdapSettings.Config c) {
        StringBuilder out = new StringBuilder();
        out.append("# LDAP sync of the annuaire (configuration ").append(LdapSync.PID).append("), written by the referent's console.\n")
                .append("# May be edited by hand (applied within seconds). Holds the bind password: keep it mode 0600.\n");
        for (Map.Entry<String, String> e : properties(c).entrySet()) {
            out.append(e.getKey()).append(" = ").append(encode(e.getValue())).append('\n');
        }
        return escapeNonAscii(out.toString());
    }

    /** Writes the file atomically, owner-only. */
    void write(LdapSettings.Config c) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".ldap-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(render(c).getBytes(StandardCharsets.ISO_8859_1));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (FileSystemException ignored) {
                // already moved
            }
        }
    }

    /**
     * One value: first the escapes of fileinstall's substitution (a backslash before {@code \ { }}),
     * then those of a properties file.
     */
    static String encode(String value) {
        StringBuilder subst = new StringBuilder();
        for (char ch : value.toCharArray()) {
            if (ch == '\\' || ch == '{' || ch == '}') {
                subst.append('\\');
            }
            subst.append(ch);
        }
        StringBuilder out = new StringBuilder();
        String s = subst.toString();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(i == 0 ? "\\ " : " ");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String escapeNonAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            if (ch > 0x7e || (ch < 0x20 && ch != '\n')) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** A configuration made of values (the console's form, or the stored settings with a new password). */
    record Values(String url, boolean start_tls, String bind_dn, String _bind_password, String base_dn, String structure_base,
            String structure_filter, String subject_base, String subject_filter, String mef_base, String mef_filter,
            String personnel_base, String personnel_filter, String responsable_base, String responsable_filter, String eleve_base,
            String eleve_filter, String[] attribute_mapping, int page_size, int interval_minutes, int connect_timeout_seconds,
            int read_timeout_seconds) implements LdapSettings.Config {

        static Values of(Settings s, String password) {
            String mapping = s.attributeMapping();
            return new Values(s.url(), s.startTls(), s.bindDn(), password == null ? "" : password, s.baseDn(), s.structureBase(),
                    s.structureFilter(), s.subjectBase(), s.subjectFilter(), s.mefBase(), s.mefFilter(), s.personnelBase(),
                    s.personnelFilter(), s.responsableBase(), s.responsableFilter(), s.eleveBase(), s.eleveFilter(),
                    mapping.isBlank() ? new String[0] : new String[] {mapping}, s.pageSize(), s.intervalMinutes(),
                    s.connectTimeoutSeconds(), s.readTimeoutSeconds());
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return LdapSettings.Config.class;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Values v && properties(this).equals(properties(v));
        }

        @Override
        public int hashCode() {
            return properties(this).hashCode();
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "Values[url=" + url + ", bindDn=" + bind_dn + ", baseDn=" + base_dn + ", password="
                    + (_bind_password.isEmpty() ? "(none)" : "(hidden)") + ", mapping=" + Arrays.toString(attribute_mapping) + "]";
        }
    }

    /** The attribute mapping as one line, {@code a=b, c=d}. */
    private static String mapping(LdapSettings.Config c) {
        return String.join(", ", c.attribute_mapping() == null ? new String[0] : c.attribute_mapping());
    }

    /** The settings of a configuration, as the console shows them (no password). */
    static Settings settings(LdapSettings.Config c) {
        return new Settings(c.url(), c.start_tls(), c.bind_dn(), c.base_dn(), c.structure_base(), c.structure_filter(),
                c.subject_base(), c.subject_filter(), c.mef_base(), c.mef_filter(), c.personnel_base(), c.personnel_filter(),
                c.responsable_base(), c.responsable_filter(), c.eleve_base(), c.eleve_filter(), mapping(c),
                c.page_size(), c.interval_minutes(), c.connect_timeout_seconds(), c.read_timeout_seconds(),
                c._bind_password() != null && !c._bind_password().isEmpty());
    }
}
