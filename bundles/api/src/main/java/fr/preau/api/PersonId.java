package fr.preau.api;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The opaque, stable identifier of a person on this box. It is what logs and audit entries name
 * instead of a name (RGPD): it says nothing about the person.
 */
public record PersonId(String value) implements Comparable<PersonId> {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public PersonId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new ProblemException(400, "invalid-person-id", "Cet identifiant de personne n'est pas valable.");
        }
    }

    /** A fresh random identifier. */
    public static PersonId random() {
        return new PersonId(UUID.randomUUID().toString());
    }

    @Override
    public int compareTo(PersonId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
