package fr.preau.auth.internal;

import fr.preau.api.Person;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.subject.PrincipalCollection;
import org.apache.shiro.subject.SimplePrincipalCollection;

/**
 * What the realm found for a login: the person and their password hash, or — for an unknown
 * login, or a person without a password yet — no person and the dummy hash, which is verified
 * all the same (equal timing) and never accepted.
 * <p>
 * The principal is the opaque {@link fr.preau.api.PersonId}, so Shiro's debug logs name no one.
 */
final class CredentialInfo implements AuthenticationInfo {

    private static final long serialVersionUID = 1L;

    private final transient Person person;
    private final String hash;
    private final SimplePrincipalCollection principals;

    private CredentialInfo(Person person, String hash, String realmName) {
        this.person = person;
        this.hash = hash;
        this.principals = new SimplePrincipalCollection(person == null ? "nobody" : person.id(), realmName);
    }

    static CredentialInfo of(Person person, String hash, String realmName) {
        return new CredentialInfo(person, hash, realmName);
    }

    static CredentialInfo nobody(String realmName) {
        return new CredentialInfo(null, null, realmName);
    }

    /** The person, or null when nobody can match. */
    Person person() {
        return person;
    }

    /** The stored hash, or null (then the dummy is verified). */
    String hash() {
        return hash;
    }

    @Override
    public PrincipalCollection getPrincipals() {
        return principals;
    }

    @Override
    public Object getCredentials() {
        return hash;
    }

    @Override
    public String toString() {
        return "CredentialInfo[" + (person == null ? "nobody" : person.id()) + "]";
    }
}
