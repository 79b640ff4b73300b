package fr.preau.web;

/**
 * Names for publishing REST resources on the box.
 * <p>
 * The platform's own resources join the {@code preau} application under {@code /api/v1}
 * through the OSGi JAX-RS whiteboard ({@code @JaxrsApplicationSelect(PreauApi.SELECT)}).
 * <p>
 * A hot-pluggable module registers ONE root resource for {@code /api/v1/<module>}:
 * <pre>
 * &#64;Component(service = CahierResource.class, scope = ServiceScope.PROTOTYPE)
 * &#64;JaxrsResource
 * &#64;JaxrsApplicationSelect(PreauApi.MODULES)
 * &#64;Path("cahier")
 * &#64;Produces(MediaType.APPLICATION_JSON)
 * public final class CahierResource {
 *     &#64;GET &#64;Path("seances/{id}") public SeanceDto seance(&#64;Context SecurityContext s, &#64;PathParam("id") String id) {…}
 * }
 * </pre>
 * The web bundle routes {@code /api/v1/cahier/…} to it as a JAX-RS sub-resource, so the module
 * comes and goes without the whiteboard re-deploying the application (which it does whenever
 * one of an application's resources changes, failing requests in flight). Take request data
 * through method parameters ({@code @Context SecurityContext}, {@code @PathParam}…), keep
 * the resource stateless; it answers only to signed-in callers, with the same guard, JSON and
 * problem+json errors as the platform.
 */
public final class PreauApi {
    /** {@code osgi.jaxrs.name} of the application. */
    public static final String NAME = "preau";
    /** Filter selecting the application. */
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";
    /** Application selection of a module's root resource (see the class documentation). */
    public static final String MODULES = "(osgi.jaxrs.name=preau-modules)";
    /** Extension selection of the request guard (sessions, CSRF, body limits). */
    public static final String GUARD = "(osgi.jaxrs.name=preau-guard)";
    /** Extension selection of the JSON provider. */
    public static final String JSON = "(osgi.jaxrs.name=preau-json)";
    /** Extension selection of the problem+json mapper. */
    public static final String PROBLEMS = "(osgi.jaxrs.name=preau-problems)";
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
