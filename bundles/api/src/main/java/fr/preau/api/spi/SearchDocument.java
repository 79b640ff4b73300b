package fr.preau.api.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One thing the box-wide search indexes, as a {@link SearchSource} describes it.
 * <p>
 * Who may find it is said with <em>principals</em> (see {@link SearchPrincipals}): the search module
 * computes the principals of the person asking from the annuaire and keeps only the documents that
 * share one with them. {@code readers} see the document from {@code visibleFrom} on (a devoir planned
 * ahead appears when its publication time passes); {@code owners} (typically its author) always see it.
 * Before a hit is shown, the source is asked again ({@link SearchSource#visible}).
 *
 * @param module      id of the module (its {@link SearchSource#module()}, as in its {@link CatalogueEntry})
 * @param id          unique within the module, stable (e.g. {@code devoir:45})
 * @param type        kind of document within the module, a short lower-case code (e.g. {@code devoir}); a facet
 * @param title       French title shown to the person
 * @param text        the searchable plain text (no HTML), may be empty
 * @param date        the date the person associates with it (a séance's day, a devoir's due day), or null
 * @param url         where the portal takes the person, a path on this box
 * @param readers     principals who see it from {@code visibleFrom} on
 * @param owners      principals who always see it (may be empty)
 * @param visibleFrom when {@code readers} start seeing it, or null for always
 */
public record SearchDocument(String module, String id, String type, String title, String text, Instant date, String url,
        Set<String> readers, Set<String> owners, Instant visibleFrom) {

    public SearchDocument {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        text = text == null ? "" : text;
        readers = readers == null ? Set.of() : Set.copyOf(readers);
        owners = owners == null ? Set.of() : Set.copyOf(owners);
    }

    /** A document every reader sees at once, with no owner. */
    public static SearchDocument of(String module, String id, String type, String title, String text, Instant date, String url,
            Set<String> readers) {
        return new SearchDocument(module, id, type, title, text, date, url, readers, Set.of(), null);
    }
}
