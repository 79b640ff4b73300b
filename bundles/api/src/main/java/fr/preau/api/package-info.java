/**
 * Préau's shared value types: the school ({@link fr.preau.api.Uai}), the person
 * ({@link fr.preau.api.PersonId}, {@link fr.preau.api.Person}, {@link fr.preau.api.Profile}),
 * paging ({@link fr.preau.api.Page}) and the one error type every module throws
 * ({@link fr.preau.api.ProblemException}); small shared helpers ({@link fr.preau.api.Folding}, {@link fr.preau.api.Retry}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package fr.preau.api;
