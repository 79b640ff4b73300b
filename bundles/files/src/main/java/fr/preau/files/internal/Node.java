package fr.preau.files.internal;

import java.time.Instant;

/**
 * A folder or a file of a space ({@code parentId} null: at the root of the space).
 *
 * @param deletedAt when it went to the trash (itself or with a folder), null while in place
 * @param trashed   whether it is what a person put in the trash (not only a descendant of it)
 */
record Node(long id, String space, Long parentId, String name, boolean folder, long size, String sha256, String blob,
        String mediaType, String etag, String ownerId, Instant createdAt, Instant updatedAt, Instant deletedAt, boolean trashed) {

    boolean live() {
        return deletedAt == null;
    }
}
