package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much a space may hold: a personal space by its owner's profile (the most generous of their
 * profiles), a shared space by one limit; and the largest single file.
 */
record Quotas(Map<Profile, Long> personal, long shared, long maxFile) {

    static final long MIB = 1024L * 1024;

    Quotas {
        personal = Map.copyOf(personal);
    }

    /** The defaults of the configuration (see {@link Files.Config}). */
    static Quotas defaults() {
        Map<Profile, Long> p = new EnumMap<>(Profile.class);
        p.put(Profile.ELEVE, 200 * MIB);
        p.put(Profile.PARENT, 50 * MIB);
        p.put(Profile.ENSEIGNANT, 2048 * MIB);
        p.put(Profile.DIRECTION, 2048 * MIB);
        p.put(Profile.PERSONNEL, 1024 * MIB);
        p.put(Profile.REFERENT, 1024 * MIB);
        p.put(Profile.INVITE, 50 * MIB);
        return new Quotas(p, 10240 * MIB, 1024 * MIB);
    }

    /** The limit of a person's own space. */
    long personalOf(Person owner) {
        long best = 0;
        for (Profile p : owner.profiles()) {
            best = Math.max(best, personal.getOrDefault(p, 0L));
        }
        return best;
    }

    /** The limit of a space ({@code owner}: the owner of a personal space, else null). */
    long limit(Space space, Person owner) {
        return space.kind() == Space.Kind.PERSO ? (owner == null ? 0 : personalOf(owner)) : shared;
    }

    static ProblemException quotaExceeded(long needed, long free) {
        return new ProblemException(507, "quota-exceeded", "Espace plein : il reste " + human(Math.max(0, free)) + " et il faudrait "
                + human(needed) + ". Videz la corbeille ou supprimez des fichiers.");
    }

    ProblemException fileTooLarge() {
        return new ProblemException(413, "file-too-large", "Ce fichier dépasse la taille maximale d'un fichier (" + human(maxFile) + ").");
    }

    /** A size in French: "12 octets", "3,4 Mo". */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes > 1 ? " octets" : " octet");
        }
        String[] units = {"Ko", "Mo", "Go", "To"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        String n = v >= 100 ? String.format(Locale.FRANCE, "%.0f", v) : String.format(Locale.FRANCE, "%.1f", v);
        return n + " " + units[u];
    }
}
