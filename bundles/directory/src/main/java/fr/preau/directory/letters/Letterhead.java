package fr.preau.directory.letters;

import fr.preau.api.Uai;
import java.net.URI;
import java.util.Locale;

/**
 * The school that sends the letters, as its header and instructions show it.
 *
 * @param schoolName e.g. "Collège Jean Rostand"
 * @param uai        the school's national identifier
 * @param portalUrl  the address people type to reach the ENT, e.g. {@code https://ent.college-rostand.fr/}
 *                   (absolute, http or https)
 */
public record Letterhead(String schoolName, Uai uai, URI portalUrl) {

    public Letterhead {
        if (schoolName == null || schoolName.isBlank()) {
            throw new IllegalArgumentException("the school name is required");
        }
        schoolName = schoolName.strip().replaceAll("\\s+", " ");
        if (uai == null) {
            throw new IllegalArgumentException("the school's UAI is required");
        }
        if (portalUrl == null) {
            throw new IllegalArgumentException("the portal URL is required");
        }
        String scheme = portalUrl.getScheme() == null ? "" : portalUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!portalUrl.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || portalUrl.getHost() == null) {
            throw new IllegalArgumentException("the portal URL must be an absolute http or https address: " + portalUrl);
        }
        if (portalUrl.getUserInfo() != null) {
            throw new IllegalArgumentException("the portal URL must not carry a user name or password");
        }
    }

    /** The address as printed: what a person types. */
    public String printedUrl() {
        return portalUrl.toString();
    }
}
