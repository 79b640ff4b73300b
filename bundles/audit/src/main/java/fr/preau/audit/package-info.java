/**
 * The audit log: an append-only record of logins (successes and failures), administration
 * actions and access to personal data, with time, actor and client address. It never holds a
 * secret (password, code, token, session id).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package fr.preau.audit;
