package fr.preau.web;

/**
 * Names to put on a module's {@code @JaxrsResource} component:
 * <pre>
 * &#64;Component(service = SeanceResource.class, scope = ServiceScope.PROTOTYPE)
 * &#64;JaxrsResource
 * &#64;JaxrsApplicationSelect(PreauApi.SELECT)
 * &#64;Path("cahier/seances")
 * </pre>
 */
public final class PreauApi {
    /** {@code osgi.jaxrs.name} of the application. */
    public static final String NAME = "preau";
    /** Filter selecting the application. */
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
    /** Where the application is served. */
    public static final String BASE = "/api/v1";
    /** Header carrying the CSRF token on every state-changing request. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Name of the session cookie. */
    public static final String SESSION_COOKIE = "PREAU_SESSION";
    /** Media type of error answers. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private PreauApi() {
    }
}
