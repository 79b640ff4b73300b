/**
 * The module SPI: what a hot-pluggable module contributes, as OSGi services, while it is installed.
 * <ul>
 * <li>{@link fr.preau.api.spi.CatalogueEntry}: its tile in the portal (name, icon, profiles, UI entry point);</li>
 * <li>{@link fr.preau.api.spi.PermissionSet}: the actions it defines and who may do them by default, read by {@code access};</li>
 * <li>{@link fr.preau.api.spi.SearchSource}: its documents for the search module ({@code preau-search}), with
 *     {@link fr.preau.api.spi.SearchDocument}, {@link fr.preau.api.spi.SearchPrincipals} and
 *     {@link fr.preau.api.spi.SearchChanges} (1.3), and the second check of a page of hits at once (1.4);</li>
 * <li>{@link fr.preau.api.spi.SearchContributor}: its hits in the portal's simple search, the fallback used
 *     while the search module is not installed;</li>
 * <li>{@link fr.preau.api.spi.NotificationSource}: its "nouveautés" for a person;</li>
 * <li>{@link fr.preau.api.spi.NotificationPublisher} (provided by the portal, used by modules): "nouveautés"
 *     published for an {@link fr.preau.api.spi.Audience} of people, classes, groupes or profiles;</li>
 * <li>{@link fr.preau.api.spi.ReadinessCheck}: whether it is ready to serve, read by the health endpoint.</li>
 * </ul>
 * When the module is uninstalled its services go away and the platform stops showing it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package fr.preau.api.spi;
