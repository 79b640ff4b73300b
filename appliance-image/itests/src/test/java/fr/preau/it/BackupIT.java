package fr.preau.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A backup taken while a teacher keeps writing séances and uploading files, encrypted, then the box
 * stopped and the archive restored into the empty data folder of a new box: every write acknowledged
 * before the backup started is there (the files module, a default module, comes back too).
 * Damaged, truncated and wrongly unlocked archives are refused with nothing written.
 */
class BackupIT {

    static final String PASSPHRASE = "Le préau de la cour est repeint en bleu";

    static Box box;
    static Box restored;

    record Write(String kind, String id, String check, long ackedAt) {
    }

    @AfterAll
    static void shutdown() {
        if (box != null) {
            box.close();
        }
        if (restored != null) {
            restored.close();
        }
    }

    @Test
    void aBackupUnderWritesRestoresEveryAcknowledgedWriteAndADamagedOneChangesNothing() throws Exception {
        box = Box.demo("backup").startAndAwaitUp();
        Client referent = box.signedIn("referent");
        Client teacher = box.signedIn("julien.dumas");
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/files/espaces", 200, Duration.ofSeconds(120));
        HotPlugIT.awaitStatusOn(box, teacher, "/api/v1/cahier/context", 200, Duration.ofSeconds(120));
        String space = FilesIT.personal(teacher);

        // settings: a folder outside the data, no schedule (the test starts it), a passphrase
        Path folder = Files.createDirectories(box.data().resolveSibling("usb"));
        PlatformIT.assertProblem(referent.putJson("/api/v1/admin/backups/settings", Client.json(Map.of(
                "folder", box.data().resolve("preau").toString(), "hour", -1, "keepDaily", 7, "keepWeekly", 4))), 400, "invalid-folder");
        Client.Response set = referent.putJson("/api/v1/admin/backups/settings", Client.json(Map.of(
                "folder", folder.toString(), "hour", -1, "keepDaily", 7, "keepWeekly", 4)));
        assertEquals(200, set.status(), set.toString());
        PlatformIT.assertProblem(teacher.post("/api/v1/admin/backups", "{}"), 403, "forbidden");
        assertEquals(204, referent.putJson("/api/v1/admin/backups/passphrase",
                Client.json(Map.of("passphrase", PASSPHRASE, "confirmation", PASSPHRASE))).status());
        JsonNode overview = referent.get("/api/v1/admin/backups").json();
        assertTrue(overview.path("settings").path("encrypted").asBoolean(), overview.toString());
        assertTrue(!overview.toString().contains(PASSPHRASE), "never shown back");

        // a teacher writes séances and files without pause
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        LocalDate day = today.getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue()
                ? today.with(TemporalAdjusters.next(DayOfWeek.MONDAY)) : today;
        if (today.getMonthValue() == 8 || (today.getMonthValue() == 9 && today.getDayOfMonth() < 3)) {
            day = LocalDate.of(today.getYear(), 9, 7);
        }
        String date = day.toString();
        List<Write> acked = new CopyOnWriteArrayList<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            Random random = new Random(10);
            for (int n = 0; !stop.get(); n++) {
                long t0 = System.nanoTime();
                if (n % 2 == 0) {
                    Map<String, Object> s = CahierIT.seance(CahierIT.A5, date, List.of());
                    s.put("titre", "Séance sauvegardée " + n);
                    Client.Response r = teacher.post("/api/v1/cahier/seances", Client.json(s));
                    if (r.status() == 201) {
                        acked.add(new Write("seance", r.json().path("id").asText(), "Séance sauvegardée " + n, System.nanoTime()));
                    }
                } else {
                    byte[] bytes = new byte[20_000 + random.nextInt(200_000)];
                    random.nextBytes(bytes);
                    Client.Response r = FilesIT.upload(teacher, space, "fichier-" + n + ".bin", bytes);
                    if (r.status() == 201) {
                        acked.add(new Write("file", r.json().path("id").asText(), sha256(bytes), System.nanoTime()));
                    }
                }
                latencies.add(System.nanoTime() - t0);
            }
        }, "backup-it-writer");
        writer.start();
        while (acked.size() < 40) {
            Box.sleep(50);
        }
        long beforeStart = System.nanoTime();
        int latenciesBefore = latencies.size();
        Client.Response started = referent.post("/api/v1/admin/backups", "{}");
        assertEquals(202, started.status(), started.toString());
        PlatformIT.assertProblem(referent.post("/api/v1/admin/backups", "{}"), 409, "backup-running");
        JsonNode last = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode status = referent.get("/api/v1/admin/backups").json().path("status");
            if (!status.path("running").asBoolean() && !status.path("last").isMissingNode() && !status.path("last").isNull()) {
                last = status.path("last");
                break;
            }
            Box.sleep(100);
        }
        long backupEnd = System.nanoTime();
        int latenciesDuring = latencies.size();
        stop.set(true);
        writer.join();
        assertTrue(last != null, "the backup ended");
        assertTrue(last.path("ok").asBoolean(), last.toString());
        String archiveName = last.path("archive").asText();
        assertTrue(archiveName.matches("preau-\\d{7}[A-Z]-\\d{8}-\\d{6}\\.tar\\.enc"), archiveName);
        List<Write> beforeBackup = acked.stream().filter(w -> w.ackedAt() < beforeStart).toList();
        long during = acked.stream().filter(w -> w.ackedAt() >= beforeStart && w.ackedAt() < backupEnd).count();
        System.out.printf("backup %s: %d bytes, %d entries in %.1f s; writes acknowledged before it %d, during it %d; "
                + "write latency before %.0f ms, during %.0f ms%n", archiveName, last.path("bytes").asLong(),
                last.path("entries").asInt(), (backupEnd - beforeStart) / 1e9, beforeBackup.size(), during,
                mean(latencies.subList(0, latenciesBefore)), mean(latencies.subList(latenciesBefore, latenciesDuring)));
        JsonNode archives = referent.get("/api/v1/admin/backups").json().path("archives");
        assertEquals(archiveName, archives.path(0).path("name").asText(), archives.toString());
        assertEquals("COMPLETE", archives.path(0).path("status").asText());
        box.stop();

        Path archive = folder.resolve(archiveName);
        // refusals first, into an empty folder (the new box is unpacked just before its restore and start:
        // its ports are picked when it is unpacked)
        Path data = Files.createDirectories(box.data().resolveSibling("empty-data"));
        byte[] good = Files.readAllBytes(archive);
        byte[] damaged = good.clone();
        damaged[damaged.length / 2] ^= 0x20;
        Path damagedFile = Files.write(folder.resolve("abimee.tar.enc"), damaged);
        Path truncatedFile = Files.write(folder.resolve("tronquee.tar.enc"), java.util.Arrays.copyOf(good, good.length - 4096));
        assertRestore(3, damagedFile, data, PASSPHRASE, "abîmée");
        assertRestore(3, truncatedFile, data, PASSPHRASE, "incomplète ou abîmée");
        assertRestore(4, archive, data, "Le préau de la cour est repeint en vert", "phrase de passe");
        try (var list = Files.list(data)) {
            assertEquals(List.of(), list.toList(), "nothing written by a refused restore");
        }
        restored = Box.demo("backup-restored");
        assertRestore(0, archive, restored.data(), PASSPHRASE, "Restauration terminée");

        restored.startAndAwaitUp();
        Client back = restored.signedIn("julien.dumas");
        HotPlugIT.awaitStatusOn(restored, back, "/api/v1/files/espaces", 200, Duration.ofSeconds(180));
        HotPlugIT.awaitStatusOn(restored, back, "/api/v1/cahier/context", 200, Duration.ofSeconds(120));
        List<String> missing = new ArrayList<>();
        for (Write w : beforeBackup) {
            if (w.kind().equals("seance")) {
                Client.Response r = back.get("/api/v1/cahier/seances/" + w.id());
                if (r.status() != 200 || !r.json().path("titre").asText().equals(w.check())) {
                    missing.add(w + " → " + r.status());
                }
            } else {
                try {
                    if (!sha256(back.getBytes("/api/v1/files/fichiers/" + w.id())).equals(w.check())) {
                        missing.add(w + " → other bytes");
                    }
                } catch (AssertionError notThere) {
                    missing.add(w + " → " + notThere.getMessage());
                }
            }
        }
        assertEquals(List.of(), missing, "every write acknowledged before the backup started is restored");
        System.out.println("restored and checked: " + beforeBackup.size() + " writes");
    }

    private static void assertRestore(int exit, Path archive, Path data, String passphrase, String says) throws Exception {
        Path jar;
        try (var found = Files.walk(box.home().resolve("system/fr/preau/fr.preau.store"))) {
            jar = found.filter(p -> p.getFileName().toString().matches("fr\\.preau\\.store-.*\\.jar")).findFirst().orElseThrow();
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), "fr.preau.store.internal.backup.RestoreTool", "restore", archive.toString(), data.toString());
        pb.environment().put("PREAU_BACKUP_PASSPHRASE", passphrase);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        System.out.println("restore " + archive.getFileName() + " → " + p.exitValue() + ": " + out.strip());
        assertEquals(exit, p.exitValue(), out);
        assertTrue(out.contains(says), out);
    }

    private static double mean(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
