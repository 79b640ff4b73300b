package fr.preau.store.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Where the embedded Derby database of a concern lives: read from the pax-jdbc configuration
 * that names the concern's hook ({@code ops4j.preHook}), its {@code url}
 * {@code jdbc:derby:${karaf.data}/preau/<concern>/db;create=true} giving the directory.
 * Anything else (another database, an in-memory Derby, an unresolved placeholder) has no location.
 */
public final class DerbyLocation {

    private static final Pattern HOOK = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private DerbyLocation() {
    }

    static Optional<Path> of(ConfigurationAdmin configurations, String hookName) {
        if (configurations == null || !HOOK.matcher(hookName).matches()) {
            return Optional.empty();
        }
        Configuration[] found;
        try {
            found = configurations.listConfigurations("(ops4j.preHook=" + hookName + ")");
        } catch (IOException | InvalidSyntaxException e) {
            return Optional.empty();
        }
        if (found == null || found.length != 1) {
            return Optional.empty();
        }
        Dictionary<String, Object> properties = found[0].getProperties();
        Object url = properties == null ? null : properties.get("url");
        return url == null ? Optional.empty() : fromUrl(url.toString());
    }

    /** The directory of an embedded, on-disk Derby URL; {@code ${name}} resolved from system properties. */
    public static Optional<Path> fromUrl(String url) {
        if (!url.startsWith("jdbc:derby:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:derby:".length());
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (name.startsWith("directory:")) {
            name = name.substring("directory:".length());
        }
        if (name.startsWith("//") || name.startsWith("memory:") || name.startsWith("jar:")
                || name.startsWith("classpath:")) {
            return Optional.empty(); // network client or not a directory
        }
        Matcher m = PLACEHOLDER.matcher(name);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = System.getProperty(m.group(1));
            if (value == null) {
                return Optional.empty();
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        Path path = Paths.get(resolved.toString());
        return path.isAbsolute() ? Optional.of(path.normalize()) : Optional.empty();
    }
}
