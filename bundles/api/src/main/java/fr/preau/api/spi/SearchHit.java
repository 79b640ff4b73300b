package fr.preau.api.spi;

import java.util.Objects;

/**
 * One search result.
 *
 * @param module  id of the module that found it
 * @param title   French title shown to the person
 * @param snippet short excerpt, plain text
 * @param url     where the portal takes the person, a path on this box
 * @param score   relevance, higher first
 */
public record SearchHit(String module, String title, String snippet, String url, double score) {
    public SearchHit {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(snippet, "snippet");
        Objects.requireNonNull(url, "url");
    }
}
