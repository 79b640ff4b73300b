package fr.preau.mail.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoMaxQuotaManager;

import fr.preau.api.Profile;
import fr.preau.api.ProblemException;

/**
 * Mailbox quotas per profile: the referent sets a size (in Mo) for each profile in the mail configuration; a person
 * with several profiles gets the largest. James enforces them (IMAP APPEND refused with {@code NO [OVERQUOTA]},
 * GETQUOTAROOT answers) through {@link ProfileMaxQuotaManager}; SMTP and the webmail ask {@link #fits} first.
 */
final class Quotas {

    /** No limit (a profile set to 0 Mo). */
    static final long UNLIMITED = Long.MAX_VALUE;
    static final long MO = 1024L * 1024;

    private Quotas() {
    }

    /** The limit of each profile, in bytes ({@link #UNLIMITED} for none). */
    record Limits(Map<Profile, Long> bytes) {

        Limits {
            bytes = Map.copyOf(bytes);
            for (Profile p : Profile.values()) {
                if (!bytes.containsKey(p)) {
                    throw new IllegalArgumentException("no quota for " + p);
                }
            }
        }

        /** From the configuration's sizes in Mo, one per profile; 0 or less means no limit. */
        static Limits of(MailServer.Config config) {
            Map<Profile, Long> out = new EnumMap<>(Profile.class);
            out.put(Profile.ELEVE, bytes(config.quota_eleve_mb()));
            out.put(Profile.PARENT, bytes(config.quota_parent_mb()));
            out.put(Profile.ENSEIGNANT, bytes(config.quota_enseignant_mb()));
            out.put(Profile.DIRECTION, bytes(config.quota_direction_mb()));
            out.put(Profile.PERSONNEL, bytes(config.quota_personnel_mb()));
            out.put(Profile.REFERENT, bytes(config.quota_referent_mb()));
            out.put(Profile.INVITE, bytes(config.quota_invite_mb()));
            return new Limits(out);
        }

        private static long bytes(long mo) {
            return mo <= 0 ? UNLIMITED : Math.multiplyExact(mo, MO);
        }

        /** The largest limit among {@code profiles}: a teacher who is also a parent gets the teacher's. */
        long forProfiles(Set<Profile> profiles) {
            return profiles.stream().mapToLong(bytes::get).max().orElse(0);
        }
    }

    /** Whether a message of {@code size} bytes still fits in a mailbox using {@code used} of {@code limit} bytes. */
    static boolean fits(long used, long limit, long size) {
        return limit == UNLIMITED || used + Math.max(0, size) <= limit;
    }

    /** A mailbox's use and limit, in bytes ({@code limit} null: no limit). */
    record Usage(long used, Long limit) {

        static Usage of(long used, long limit) {
            return new Usage(used, limit == UNLIMITED ? null : limit);
        }

        boolean fits(long size) {
            return Quotas.fits(used, limit == null ? UNLIMITED : limit, size);
        }
    }

    /** Whether {@code e} (or its cause, James's reactive calls wrap it) is James's over-quota refusal. */
    static boolean isOverQuota(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OverQuotaException) {
                return true;
            }
        }
        return false;
    }

    /** The webmail's answer when the person's own mailbox cannot take a message (its copy in « Envoyés »). */
    static ProblemException overQuota() {
        return new ProblemException(409, "over-quota",
            "Votre boîte aux lettres est pleine : supprimez des messages ou videz la corbeille.");
    }

    /** The webmail's answer when a recipient's mailbox of the box cannot take the message. */
    static ProblemException recipientFull(String address) {
        return new ProblemException(409, "recipient-mailbox-full", "La boîte aux lettres de " + address
            + " est pleine : le message ne peut pas lui être remis. Retirez ce destinataire ou réessayez plus tard.");
    }

    /** The SMTP answer for a full mailbox (RFC 3463: 5.2.2, mailbox full). */
    static final String SMTP_FULL_CODE = "552";
    static final String SMTP_FULL_TEXT = "5.2.2 Boite aux lettres du destinataire pleine";

    /**
     * James's maximum quotas answered from the person's profiles, looked up in the annuaire at each question (a
     * profile added today counts today). Only the storage is limited, not the number of messages; nothing is stored:
     * James's setters are refused (the configuration is the only place to change a limit).
     */
    static final class ProfileMaxQuotaManager extends NoMaxQuotaManager {
        private final Limits limits;
        private final Function<String, Optional<Set<Profile>>> profiles;
        private UserQuotaRootResolver roots;

        /** @param profiles the profiles of an active person of the box by login, empty for anybody else */
        ProfileMaxQuotaManager(Limits limits, Function<String, Optional<Set<Profile>>> profiles) {
            this.limits = limits;
            this.profiles = profiles;
        }

        /** Set once by the store, which builds the resolver after this. */
        void resolveWith(UserQuotaRootResolver roots) {
            this.roots = roots;
        }

        /** The limit of a login in bytes: {@link #UNLIMITED} for someone the annuaire does not know (no mail to them). */
        long limit(String login) {
            return profiles.apply(login).map(limits::forProfiles).orElse(UNLIMITED);
        }

        @Override
        public Optional<QuotaSizeLimit> getMaxStorage(QuotaRoot root) {
            return Optional.ofNullable(listMaxStorageDetails(root).get(Quota.Scope.User));
        }

        @Override
        public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot root) {
            long limit = limit(roots.associatedUsername(root).asString());
            return limit == UNLIMITED ? Map.of() : Map.of(Quota.Scope.User, QuotaSizeLimit.size(limit));
        }

        @Override
        public Optional<QuotaCountLimit> getMaxMessage(QuotaRoot root) {
            return Optional.empty();
        }

        @Override
        public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot root) {
            return Map.of();
        }
    }
}
