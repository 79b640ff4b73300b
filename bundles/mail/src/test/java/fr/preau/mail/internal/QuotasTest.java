package fr.preau.mail.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.OverQuotaException;
import org.junit.jupiter.api.Test;

import fr.preau.api.Profile;

class QuotasTest {

    private static MailServer.Config config() {
        MailServer.Config config = mock(MailServer.Config.class);
        when(config.quota_eleve_mb()).thenReturn(200L);
        when(config.quota_parent_mb()).thenReturn(300L);
        when(config.quota_enseignant_mb()).thenReturn(1024L);
        when(config.quota_direction_mb()).thenReturn(0L);
        when(config.quota_personnel_mb()).thenReturn(1024L);
        when(config.quota_referent_mb()).thenReturn(2048L);
        when(config.quota_invite_mb()).thenReturn(50L);
        return config;
    }

    @Test
    void eachProfileHasItsLimitAndSeveralProfilesGetTheLargest() {
        Quotas.Limits limits = Quotas.Limits.of(config());
        assertEquals(200 * Quotas.MO, limits.forProfiles(Set.of(Profile.ELEVE)));
        assertEquals(50 * Quotas.MO, limits.forProfiles(Set.of(Profile.INVITE)));
        assertEquals(300 * Quotas.MO, limits.forProfiles(Set.of(Profile.ELEVE, Profile.PARENT)));
        assertEquals(2048 * Quotas.MO, limits.forProfiles(Set.of(Profile.ENSEIGNANT, Profile.REFERENT)));
        // 0 Mo: no limit, which wins over any size
        assertEquals(Quotas.UNLIMITED, limits.forProfiles(Set.of(Profile.ENSEIGNANT, Profile.DIRECTION)));
        assertThrows(IllegalArgumentException.class, () -> new Quotas.Limits(Map.of(Profile.ELEVE, 1L)));
    }

    @Test
    void jamesAsksThePersonsProfilesAtEachQuestion() {
        Quotas.ProfileMaxQuotaManager max = new Quotas.ProfileMaxQuotaManager(Quotas.Limits.of(config()),
            login -> switch (login) {
                case "leo" -> Optional.of(Set.of(Profile.ELEVE));
                case "chef" -> Optional.of(Set.of(Profile.DIRECTION));
                default -> Optional.empty();
            });
        assertEquals(200 * Quotas.MO, max.limit("leo"));
        assertEquals(Quotas.UNLIMITED, max.limit("chef"));
        assertEquals(Quotas.UNLIMITED, max.limit("parti"));
    }

    @Test
    void aMessageFitsUpToTheLastByte() {
        assertTrue(Quotas.fits(900, 1000, 100));
        assertFalse(Quotas.fits(900, 1000, 101));
        assertFalse(Quotas.fits(1000, 1000, 1));
        assertTrue(Quotas.fits(Long.MAX_VALUE - 1, Quotas.UNLIMITED, Long.MAX_VALUE));
        Quotas.Usage unlimited = Quotas.Usage.of(5, Quotas.UNLIMITED);
        assertNull(unlimited.limit());
        assertTrue(unlimited.fits(1_000_000));
        assertFalse(Quotas.Usage.of(1000, 1000).fits(1));
    }

    @Test
    void theRefusalsHaveStableCodesAndFrenchTitles() {
        assertEquals(409, Quotas.overQuota().status());
        assertEquals("over-quota", Quotas.overQuota().code());
        assertEquals("Votre boîte aux lettres est pleine : supprimez des messages ou videz la corbeille.", Quotas.overQuota().title());
        assertEquals("recipient-mailbox-full", Quotas.recipientFull("leo@x").code());
        assertTrue(Quotas.recipientFull("leo@x").title().contains("leo@x"));
        assertTrue(Quotas.SMTP_FULL_TEXT.startsWith("5.2.2 "));
        OverQuotaException over = new OverQuotaException(QuotaSizeLimit.size(10), QuotaSizeUsage.size(11));
        assertTrue(Quotas.isOverQuota(new RuntimeException(new MailboxException("wrapped", over))));
        assertFalse(Quotas.isOverQuota(new MailboxException("other")));
    }
}
