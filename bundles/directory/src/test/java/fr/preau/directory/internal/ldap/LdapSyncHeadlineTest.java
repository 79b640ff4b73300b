package fr.preau.directory.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.DirectorySync.LastSync;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportRun.Counts;
import fr.preau.directory.ImportRun.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a sync's import reads in the console, also after a restart (no slapd needed). */
class LdapSyncHeadlineTest {

    static ImportRun run(Status status, String message) {
        return new ImportRun("0b8d2c3e-1111-4c3e-9d1f-2a3b4c5d6e7f", status, "LDAP", null, LdapSync.ACTOR, List.of("x.xml"),
                Instant.parse("2026-09-01T08:00:00Z"), status.finished() ? Instant.parse("2026-09-01T08:01:00Z") : null,
                new Counts(3, 1, 10, 2, 0, 0), message);
    }

    @Test
    void eachOutcomeOfTheImportReadsAsASentence() {
        assertEquals("Synchronisation terminée : 3 créé(s), 1 modifié(s), 10 inchangé(s), 2 désactivé(s), 0 rejeté(s).",
                LdapSync.headline(run(Status.DONE, null)));
        assertEquals("Synchronisation en attente de confirmation : trop de départs",
                LdapSync.headline(run(Status.CONFIRMATION_REQUIRED, "trop de départs")));
        assertEquals("La synchronisation n'a rien importé : fichiers illisibles", LdapSync.headline(run(Status.FAILED, "fichiers illisibles")));
        assertEquals("Annuaire lu : import en cours.", LdapSync.headline(run(Status.RUNNING, null)));
    }

    @Test
    void anImportTheReferentDeclinedIsNotShownAsRunning() {
        LastSync last = LdapSync.lastOf(run(Status.CANCELLED, "Import abandonné par le référent : rien n'a été enregistré."));
        assertEquals("La synchronisation n'a rien importé : Import abandonné par le référent : rien n'a été enregistré.", last.message());
        assertEquals(Instant.parse("2026-09-01T08:01:00Z"), last.finishedAt());
        assertTrue(last.ok(), "the sync itself did not fail");
    }
}
