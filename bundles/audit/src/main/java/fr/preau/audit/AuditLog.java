package fr.preau.audit;

import fr.preau.api.Page;
import org.osgi.annotation.versioning.ProviderType;

/** The append-only audit log. There is no way to change or delete an entry through it. */
@ProviderType
public interface AuditLog {

    /** Appends an event; durable when this returns. */
    void record(AuditEvent event);

    /**
     * Entries newest first.
     *
     * @param action only this action, or null for all
     */
    Page<AuditEntry> find(String action, int offset, int limit);

    /** Entries matching a query, newest first. */
    Page<AuditEntry> search(AuditQuery query, int offset, int limit);

    /** Re-computes the hash chain; false if any entry was altered or removed. */
    boolean verifyChain();
}
