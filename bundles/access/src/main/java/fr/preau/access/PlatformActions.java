package fr.preau.access;

/** Actions of the platform itself (namespace {@code platform}). */
public final class PlatformActions {
    public static final String NAMESPACE = "platform";
    /** Lift a lockout. */
    public static final String UNLOCK_ACCOUNT = "platform:unlock-account";
    /** Issue a new activation code (a credential letter). */
    public static final String ISSUE_ACTIVATION_CODE = "platform:issue-activation-code";
    /** Read the audit log (it names people of every school of the box: the referent's only). */
    public static final String READ_AUDIT = "platform:read-audit";
    /** Import annuaire files (AAF, ONDE) and follow imports. */
    public static final String IMPORT_DIRECTORY = "platform:import-directory";
    /** List the accounts of a school and see their state (the console; the direction reads too). */
    public static final String READ_ACCOUNTS = "platform:read-accounts";
    /** Read the connection statistics of a school (counts, no names). */
    public static final String READ_STATISTICS = "platform:read-statistics";
    /** Change a school's identity (name, mail domain). */
    public static final String MANAGE_SCHOOLS = "platform:manage-schools";
    /** Deactivate and reactivate accounts, create guest accounts and move their end date. */
    public static final String MANAGE_ACCOUNTS = "platform:manage-accounts";
    /** Read the box's health (bundles, disk, memory, last import and backup; the direction reads too). */
    public static final String READ_HEALTH = "platform:read-health";
    /** Install and remove modules. */
    public static final String MANAGE_MODULES = "platform:manage-modules";
    /** Read and set a school's communication rules (who may write to whom, who may post to each list). */
    public static final String MANAGE_COMMUNICATION = "platform:manage-communication";
    /** Change the box itself: its TLS certificate (later its updates and backups). */
    public static final String MANAGE_BOX = "platform:manage-box";

    private PlatformActions() {
    }
}
