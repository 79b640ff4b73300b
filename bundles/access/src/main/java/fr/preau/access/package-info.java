/**
 * The one place that answers "may this person do this to that". Every resource asks here;
 * nothing is decided from what the client claims. Actions are {@code <namespace>:<verb>} and
 * come from the {@link fr.preau.api.spi.PermissionSet}s registered by the platform and the
 * installed modules.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.6.0")
package fr.preau.access;
