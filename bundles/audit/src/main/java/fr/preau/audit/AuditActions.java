package fr.preau.audit;

/** The action names the platform records. Modules add their own, prefixed by their id. */
public final class AuditActions {
    public static final String LOGIN = "auth.login";
    public static final String LOGOUT = "auth.logout";
    public static final String ACTIVATION = "auth.activation";
    public static final String PASSWORD_CHANGE = "auth.password.change";
    public static final String LOCKOUT = "auth.lockout";
    public static final String UNLOCK = "admin.account.unlock";
    public static final String ACTIVATION_CODE_ISSUED = "admin.account.activation-code";
    public static final String SETUP = "admin.setup";
    public static final String PERSONAL_DATA_READ = "data.person.read";
    /** The referent deactivated an account. */
    public static final String ACCOUNT_DEACTIVATE = "admin.account.deactivate";
    /** The referent reactivated an account. */
    public static final String ACCOUNT_REACTIVATE = "admin.account.reactivate";
    /** The referent created a guest account. */
    public static final String GUEST_CREATE = "admin.guest.create";
    /** The referent moved a guest's end date. */
    public static final String GUEST_END_DATE = "admin.guest.end-date";
    /** A guest account reached its end date and was deactivated by the box. */
    public static final String GUEST_EXPIRED = "admin.guest.expired";

    private AuditActions() {
    }
}
