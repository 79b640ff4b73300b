/**
 * What the portal offers other bundles: the count of pages and modules opened in the portal
 * ({@link fr.preau.portal.PageViews}), for the console's statistics.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.preau.portal;
