package fr.preau.web.internal;

import fr.preau.auth.AuthSession;
import fr.preau.auth.Authenticator;
import fr.preau.web.CsrfExempt;
import fr.preau.web.PreauApi;
import fr.preau.web.PreauPrincipal;
import fr.preau.web.Public;
import fr.preau.web.StreamedBody;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Cookie;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The gate of every request to the application, after routing:
 * <ol>
 * <li>bounds the request body ({@code max.body.bytes}, 413 beyond);</li>
 * <li>recognises the session cookie and puts the person on the {@code SecurityContext};</li>
 * <li>answers 401 to a caller without a live session, unless the method is {@link Public};</li>
 * <li>answers 403 to a state-changing request without the session's {@code X-CSRF-Token},
 *     unless the method is {@link CsrfExempt}.</li>
 * </ol>
 * Permissions are not decided here: resources ask {@code access}.
 */
@Component(service = javax.ws.rs.container.ContainerRequestFilter.class, configurationPid = "fr.preau.web", scope = ServiceScope.PROTOTYPE)
@Designate(ocd = WebConfig.class)
@JaxrsExtension
@JaxrsName("preau-guard")
@JaxrsApplicationSelect(PreauApi.SELECT)
@Priority(Priorities.AUTHENTICATION)
public final class RequestGuard implements ContainerRequestFilter {

    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final String TRANSFER_ENCODING = "Transfer-Encoding";

    private final Authenticator authenticator;
    private final long maxBodyBytes;
    private final boolean trustProxy;

    @Context
    ResourceInfo resourceInfo;

    /** The modules' routes, to find the method a module request will reach. */
    @Reference(name = "routes", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModuleRoutes routes;

    @Context
    HttpServletRequest http;

    @Activate
    public RequestGuard(@Reference(name = "authenticator") Authenticator authenticator, WebConfig config) {
        this(authenticator, config.max_body_bytes(), config.trust_proxy());
    }

    RequestGuard(Authenticator authenticator, long maxBodyBytes, boolean trustProxy) {
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
        this.trustProxy = trustProxy;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo == null ? null : resourceInfo.getResourceClass();
        if (method != null && method.getDeclaringClass() == ModuleRouter.class) {
            // a module's method: CXF resolves it only after the filters; its annotations count
            ModuleRoutes r = routes;
            method = r == null ? null : r.method(request.getMethod(), request.getUriInfo().getPath()).orElse(null);
            type = method == null ? null : method.getDeclaringClass();
        }
        boolean streamed = method != null && method.isAnnotationPresent(StreamedBody.class);
        if (!streamed && mayHaveBody(request) && request.hasEntity()) {
            if (request.getLength() > maxBodyBytes) {
                abort(request, 413, "body-too-large", tooLargeTitle());
                return;
            }
            request.setEntityStream(new BoundedInputStream(request.getEntityStream(), maxBodyBytes));
        }

        Optional<AuthSession> session = session(request);
        session.ifPresent(s -> request.setSecurityContext(new PreauSecurityContext(
                new PreauPrincipal(s.person(), s.id(), s.csrfToken()), ClientInfo.secure(http, trustProxy))));

        boolean isPublic = (method != null && method.isAnnotationPresent(Public.class))
                || (type != null && type.isAnnotationPresent(Public.class));
        if (!isPublic && session.isEmpty()) {
            abort(request, 401, "not-authenticated",
                    "Vous n'êtes pas connecté ou votre session a expiré. Connectez-vous pour continuer.");
            return;
        }

        boolean exempt = method != null && method.isAnnotationPresent(CsrfExempt.class);
        if (!SAFE_METHODS.contains(request.getMethod()) && !exempt && session.isPresent()
                && !sameToken(session.get().csrfToken(), request.getHeaderString(PreauApi.CSRF_HEADER))) {
            abort(request, 403, "csrf-token-invalid",
                    "Cette action a été refusée par sécurité (jeton de session manquant ou périmé). "
                            + "Rechargez la page et réessayez.");
        }
    }

    /**
     * False for a read that declares no body (no {@code Content-Length} above 0, no
     * {@code Transfer-Encoding}): HTTP then has none, and CXF's {@code hasEntity()} would copy the
     * empty input into a cache on every GET (a few percent of a typical read).
     */
    static boolean mayHaveBody(ContainerRequestContext request) {
        return !SAFE_METHODS.contains(request.getMethod()) || request.getLength() > 0
                || request.getHeaderString(TRANSFER_ENCODING) != null;
    }

    private Optional<AuthSession> session(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(PreauApi.SESSION_COOKIE);
        if (cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 128) {
            return Optional.empty();
        }
        return authenticator.session(cookie.getValue());
    }

    String tooLargeTitle() {
        long kib = maxBodyBytes / 1024;
        String size = kib >= 1024 ? (kib / 1024) + " Mo" : kib + " Ko";
        return "Le contenu envoyé est trop volumineux : " + size + " au maximum.";
    }

    static boolean sameToken(String expected, String given) {
        if (given == null || given.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static void abort(ContainerRequestContext request, int status, String code, String title) {
        request.abortWith(Problems.response(status, code, title));
    }
}
