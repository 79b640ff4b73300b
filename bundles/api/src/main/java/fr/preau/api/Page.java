package fr.preau.api;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items  the items of this page
 * @param total  how many items the whole list holds
 * @param offset index of the first item of this page in the whole list
 * @param limit  the page size that was asked for
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    public Page {
        items = List.copyOf(items);
        if (offset < 0 || limit < 0 || total < 0) {
            throw new IllegalArgumentException("negative paging value");
        }
    }

    /** Checks paging parameters from a request: offset ≥ 0, 1 ≤ limit ≤ {@link #MAX_LIMIT}. */
    public static void checkBounds(int offset, int limit) {
        if (offset < 0) {
            throw new ProblemException(400, "invalid-paging", "Le décalage (offset) ne peut pas être négatif.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(400, "invalid-paging", "La taille de page (limit) doit être comprise entre 1 et " + MAX_LIMIT + ".");
        }
    }
}
