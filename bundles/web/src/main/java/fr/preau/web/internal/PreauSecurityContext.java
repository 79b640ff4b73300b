package fr.preau.web.internal;

import fr.preau.web.PreauPrincipal;
import java.security.Principal;
import javax.ws.rs.core.SecurityContext;

/** The request's security context once the session cookie was recognised. */
final class PreauSecurityContext implements SecurityContext {
    private final PreauPrincipal principal;
    private final boolean secure;

    PreauSecurityContext(PreauPrincipal principal, boolean secure) {
        this.principal = principal;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    /** Roles are profiles; permissions are decided by {@code access}, not here. */
    @Override
    public boolean isUserInRole(String role) {
        return principal.person().profiles().stream().anyMatch(p -> p.name().equals(role));
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "PREAU_SESSION";
    }
}
