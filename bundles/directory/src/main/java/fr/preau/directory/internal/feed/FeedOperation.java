package fr.preau.directory.internal.feed;

/** The three AAF requests. */
public enum FeedOperation {
    /** Create, or replace entirely when the record is known. */
    ADD,
    /** Replace the listed attributes only. */
    MODIFY,
    /** The record leaves the perimeter. */
    DELETE
}
