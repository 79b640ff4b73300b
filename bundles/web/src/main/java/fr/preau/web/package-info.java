/**
 * What a module needs to publish REST resources on the box: the {@code preau} JAX-RS
 * application under {@code /api/v1} ({@link fr.preau.web.PreauApi}) and the signed-in caller
 * ({@link fr.preau.web.Callers}), and the state of the box's bundles ({@link fr.preau.web.BoxBundles}), and its TLS key and certificate ({@link fr.preau.web.BoxTls}); {@link fr.preau.web.ModuleSwaps} holds requests to a module while it is replaced in place. JSON, {@code application/problem+json} errors, sessions,
 * CSRF checks and body limits are applied by this bundle to every resource of the application.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package fr.preau.web;
