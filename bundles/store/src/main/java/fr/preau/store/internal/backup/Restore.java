package fr.preau.store.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores an archive into a box's data folder, box stopped. Nothing in the data folder changes
 * until the whole archive is known good:
 * <ol>
 * <li>the target is checked: {@code <data>/preau} absent or empty (or {@code force});</li>
 * <li>the whole archive is read once and checked against its manifest (and, encrypted, decrypted
 * and authenticated chunk by chunk): a truncated or damaged archive, or a wrong passphrase, stops
 * here;</li>
 * <li>it is read again into a temporary folder beside {@code <data>/preau} (same file system),
 * checked again as it goes, every file synced;</li>
 * <li>only then is the temporary folder renamed into place (a {@code force}d previous
 * {@code preau} folder is first renamed aside, never deleted).</li>
 * </ol>
 * JDK only: the restore tool runs without the box.
 */
final class Restore {

    /** What went wrong, with the French sentence to show and the tool's exit code. */
    static final class RestoreException extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        RestoreException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }
    }

    static final int DAMAGED = 3;
    static final int WRONG_PASSPHRASE = 4;
    static final int NOT_EMPTY = 5;
    static final int FAILED = 1;

    /** What was restored. */
    record Restored(Archive.Contents contents, Path preau, Path previous, Path etcCopy) {
    }

    private Restore() {
    }

    /** Checks the whole archive (step 2). */
    static Archive.Contents verify(Path archive, char[] passphrase) throws RestoreException {
        try (InputStream in = Files.newInputStream(archive)) {
            return Archive.read(in, passphrase, Archive.Sink.NONE);
        } catch (Encryption.WrongPassphraseException e) {
            throw new RestoreException(WRONG_PASSPHRASE,
                    "La phrase de passe ne correspond pas à cette sauvegarde : rien n’a été modifié.", e);
        } catch (Archive.PassphraseRequiredException e) {
            throw new RestoreException(WRONG_PASSPHRASE,
                    "Cette sauvegarde est chiffrée : indiquez sa phrase de passe. Rien n’a été modifié.", e);
        } catch (Tar.FormatException e) {
            throw new RestoreException(DAMAGED, "Cette sauvegarde est incomplète ou abîmée (" + e.getMessage()
                    + ") : rien n’a été modifié. Essayez une autre sauvegarde.", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new RestoreException(FAILED, "Fichier introuvable : " + archive, e);
        } catch (IOException e) {
            throw new RestoreException(DAMAGED, "La sauvegarde n’a pas pu être lue (" + e.getMessage()
                    + ") : rien n’a été modifié.", e);
        }
    }

    /** Step 1: refuses a data folder that already holds a box (unless {@code force}). */
    static void checkTarget(Path data, boolean force) throws RestoreException {
        if (!force && !isEmptyOrAbsent(data.resolve("preau"))) {
            throw new RestoreException(NOT_EMPTY, "Le dossier des données " + data
                    + " contient déjà une box (dossier preau). Restaurez dans un dossier vide, ou ajoutez --force "
                    + "pour mettre l’ancien de côté. Rien n’a été modifié.", null);
        }
    }

    static Restored restore(Path archive, char[] passphrase, Path data, boolean force) throws RestoreException {
        Path preau = data.resolve("preau");
        boolean occupied = !isEmptyOrAbsent(preau);
        checkTarget(data, force);
        Archive.Contents contents = verify(archive, passphrase);
        Path tmp;
        try {
            Files.createDirectories(data);
            tmp = Files.createTempDirectory(data, ".preau-restore-");
        } catch (IOException e) {
            throw new RestoreException(FAILED, "Le dossier des données " + data + " n’est pas accessible en écriture.", e);
        }
        try {
            try (InputStream in = Files.newInputStream(archive)) {
                Archive.read(in, passphrase, (path, entry) -> write(tmp.resolve(path), entry));
            } catch (IOException e) {
                throw new RestoreException(DAMAGED, "La sauvegarde a changé ou s’est abîmée pendant la restauration ("
                        + e.getMessage() + ") : rien n’a été modifié.", e);
            }
            // empty folders are not in an archive: the box recreates them
            Path restoredPreau = tmp.resolve("data").resolve("preau");
            Files.createDirectories(restoredPreau);
            Path previous = null;
            if (Files.exists(preau)) {
                if (occupied) {
                    previous = data.resolve("preau.avant-restauration-"
                            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now()));
                    Files.move(preau, previous, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.delete(preau);
                }
            }
            // tells the box, at its next start, to bring back the modules the backup had (bundle admin)
            Files.createDirectories(restoredPreau.resolve("backups"));
            Files.writeString(restoredPreau.resolve("backups").resolve("restored"), String.valueOf(contents.metadata()
                    .getProperty("created", "")) + "\n");
            Files.move(restoredPreau, preau, StandardCopyOption.ATOMIC_MOVE);
            Path etcCopy = null;
            Path etc = tmp.resolve("karaf-etc");
            if (Files.isDirectory(etc)) {
                etcCopy = data.resolve("etc-sauvegarde");
                BackupJob.deleteTree(etcCopy);
                Files.move(etc, etcCopy, StandardCopyOption.ATOMIC_MOVE);
            }
            BackupJob.syncDirectory(data);
            return new Restored(contents, preau, previous, etcCopy);
        } catch (IOException e) {
            throw new RestoreException(FAILED, "La restauration n’a pas pu écrire dans " + data + " (" + e.getMessage() + ").", e);
        } finally {
            try {
                BackupJob.deleteTree(tmp);
            } catch (IOException e) {
                // left for the person to remove; named .preau-restore-*
            }
        }
    }

    private static void write(Path target, InputStream in) throws IOException {
        Files.createDirectories(target.getParent());
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            in.transferTo(out);
            ch.force(true);
        }
    }

    private static boolean isEmptyOrAbsent(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** A short French description of an archive's contents. */
    static String describe(Archive.Contents c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.entries().size() + " fichiers");
        parts.add(String.format(java.util.Locale.FRANCE, "%.1f Mo", c.bytes() / 1e6));
        String created = c.metadata().getProperty("created", "?");
        try {
            created = java.time.OffsetDateTime.parse(created)
                    .format(DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", java.util.Locale.FRANCE));
        } catch (java.time.format.DateTimeParseException e) {
            // shown as written
        }
        String label = c.metadata().getProperty("label", "?");
        return "sauvegarde de " + label + " du " + created + " (" + String.join(", ", parts) + ")";
    }
}
