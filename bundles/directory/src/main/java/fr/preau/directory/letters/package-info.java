/**
 * Credential letters ("lettres de première connexion"): one A4 page per person with the portal
 * address, the login and a one-time activation code, grouped by class, rendered as PDF. The
 * caller issues the codes (auth) and names the people; {@link CredentialLetters} lays them out.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.preau.directory.letters;
