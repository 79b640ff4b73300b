package fr.preau.auth.internal;

import fr.preau.api.Person;
import fr.preau.directory.DirectoryService;
import java.nio.CharBuffer;
import java.sql.SQLException;
import java.util.Optional;
import org.apache.shiro.authc.AuthenticationException;
import org.apache.shiro.authc.AuthenticationInfo;
import org.apache.shiro.authc.AuthenticationToken;
import org.apache.shiro.authc.UsernamePasswordToken;
import org.apache.shiro.authc.credential.CredentialsMatcher;
import org.apache.shiro.realm.AuthenticatingRealm;

/**
 * The Shiro realm: the person comes from the annuaire ({@link DirectoryService#findByLogin}), the
 * Argon2id hash from {@code auth_credential}. An unknown login, or a person who has only an
 * activation code, yields {@link CredentialInfo#nobody}: the matcher then verifies the dummy hash
 * and fails, so all three cases answer alike and take the same time. No caching: a password
 * change takes effect at once.
 */
final class CredentialRealm extends AuthenticatingRealm {

    static final String NAME = "preau-auth";

    /**
     * The credential store, the annuaire or the hasher failed: not a wrong password. Being an
     * {@link AuthenticationException}, Shiro passes it through without logging the token.
     */
    static final class Unavailable extends AuthenticationException {
        private static final long serialVersionUID = 1L;

        Unavailable(Throwable cause) {
            super("authentication unavailable", cause);
        }
    }

    private final DirectoryService directory;
    private final CredentialStore store;

    CredentialRealm(DirectoryService directory, CredentialStore store, PasswordHasher hasher) {
        super(matcher(hasher));
        this.directory = directory;
        this.store = store;
        setName(NAME);
        setAuthenticationCachingEnabled(false);
        setAuthenticationTokenClass(UsernamePasswordToken.class);
    }

    @Override
    protected AuthenticationInfo doGetAuthenticationInfo(AuthenticationToken token) {
        String login = ((UsernamePasswordToken) token).getUsername();
        try {
            Optional<Person> person = login == null || login.isBlank() ? Optional.empty() : directory.findByLogin(login);
            if (person.isEmpty()) {
                return CredentialInfo.nobody(NAME);
            }
            String hash = store.find(person.get().id()).map(CredentialStore.Credential::passwordHash).orElse(null);
            return hash == null ? CredentialInfo.nobody(NAME) : CredentialInfo.of(person.get(), hash, NAME);
        } catch (SQLException | RuntimeException e) {
            throw new Unavailable(e);
        }
    }

    private static CredentialsMatcher matcher(PasswordHasher hasher) {
        return (token, info) -> {
            CredentialInfo found = (CredentialInfo) info;
            char[] password = (char[]) token.getCredentials();
            try {
                boolean matches = hasher.verify(password == null ? "" : CharBuffer.wrap(password), found.hash());
                return matches && found.person() != null;
            } catch (RuntimeException e) {
                throw new Unavailable(e);
            }
        };
    }
}
