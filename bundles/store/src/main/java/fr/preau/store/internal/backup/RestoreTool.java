package fr.preau.store.internal.backup;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code ./preau restore} and {@code ./preau verify-backup} run this with the JDK alone, box stopped:
 * <pre>
 * java -cp fr.preau.store.jar fr.preau.store.internal.backup.RestoreTool verify ARCHIVE
 * java -cp fr.preau.store.jar fr.preau.store.internal.backup.RestoreTool restore ARCHIVE DATA_DIR [--force]
 * </pre>
 * The passphrase of an encrypted archive comes from {@code PREAU_BACKUP_PASSPHRASE}, else is asked on
 * the terminal. Exit codes: 0 done, 2 usage, 3 damaged or truncated, 4 passphrase missing or wrong,
 * 5 data folder not empty, 1 anything else. Messages are French.
 */
public final class RestoreTool {

    private RestoreTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 2 || !(args[0].equals("verify") && args.length == 2 || args[0].equals("restore") && args.length >= 3)) {
            System.err.println("Utilisation : RestoreTool verify ARCHIVE | restore ARCHIVE DOSSIER_DES_DONNEES [--force]");
            return 2;
        }
        Path archive = Paths.get(args[1]);
        if (!Files.isRegularFile(archive)) {
            System.err.println("Sauvegarde introuvable : " + archive);
            return 1;
        }
        char[] passphrase = null;
        try {
            if (isEncrypted(archive)) {
                passphrase = passphrase();
                if (passphrase == null) {
                    System.err.println("Cette sauvegarde est chiffrée : indiquez sa phrase de passe "
                            + "(PREAU_BACKUP_PASSPHRASE, ou au clavier). Rien n’a été modifié.");
                    return Restore.WRONG_PASSPHRASE;
                }
            }
            if (args[0].equals("verify")) {
                Archive.Contents c = Restore.verify(archive, passphrase);
                System.out.println("Sauvegarde intacte : " + Restore.describe(c) + ".");
                return 0;
            }
            boolean force = args.length > 3 && args[3].equals("--force");
            Path data = Paths.get(args[2]).toAbsolutePath().normalize();
            Restore.checkTarget(data, force);
            System.out.println("Vérification de toute la sauvegarde avant de modifier quoi que ce soit…");
            Restore.Restored r = Restore.restore(archive, passphrase, data, force);
            System.out.println("Restauration terminée : " + Restore.describe(r.contents()) + ".");
            System.out.println("Données restaurées dans " + r.preau() + ".");
            if (r.previous() != null) {
                System.out.println("L’ancien dossier a été mis de côté : " + r.previous());
            }
            if (r.etcCopy() != null) {
                System.out.println("Les réglages d’installation sauvegardés (etc/) sont dans " + r.etcCopy()
                        + " : comparez-les avec ceux de cette box si besoin.");
            }
            System.out.println("Le moteur de recherche reconstruira son index au prochain démarrage.");
            return 0;
        } catch (Restore.RestoreException e) {
            System.err.println(e.getMessage());
            return e.exitCode;
        } catch (java.io.IOException e) {
            System.err.println("La sauvegarde n’a pas pu être lue : " + e.getMessage());
            return 1;
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static boolean isEncrypted(Path archive) throws java.io.IOException {
        try (java.io.InputStream in = Files.newInputStream(archive)) {
            return Encryption.isEncrypted(in.readNBytes(Encryption.MAGIC.length));
        }
    }

    private static char[] passphrase() {
        String env = System.getenv("PREAU_BACKUP_PASSPHRASE");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] p = console.readPassword("Phrase de passe de la sauvegarde : ");
        return p == null || p.length == 0 ? null : p;
    }
}
