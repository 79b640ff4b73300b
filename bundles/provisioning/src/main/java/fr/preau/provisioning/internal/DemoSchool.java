package fr.preau.provisioning.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;

/**
 * The demonstration school, as it ships inside this bundle from {@code provisioning/demo}: the
 * académie's AAF files of a collège and an école ({@code demo/aaf/*.xml}, imported like a
 * referent's files) and the accounts that get the demo password and are printed
 * ({@code demo/accounts.tsv}).
 *
 * @param accounts the printed accounts, in order; the first is the referent
 * @param files    the AAF files, by name
 */
record DemoSchool(List<Account> accounts, List<File> files) {

    /** The collège the referent administers. */
    static final String UAI = "0999999Z";
    static final String NAME = "Collège Jean Rostand";
    static final String ROOT = "fr/preau/provisioning/internal/demo";
    /** Mail domains of the demo schools, under {@code .test} (reserved: never a real domain). */
    static final Map<String, String> MAIL_DOMAINS = Map.of("0999999Z", "rostand.preau.test", "0999997X", "lilas.preau.test");

    /** A printed account: its login and the profile shown beside it. */
    record Account(String login, String profile) {
    }

    /** One AAF file of the demo export. */
    record File(String name, URL url) {
    }

    DemoSchool {
        accounts = List.copyOf(accounts);
        files = List.copyOf(files);
    }

    /** Reads the demo school from a bundle that carries it under {@link #ROOT}. */
    static DemoSchool load(Bundle bundle) {
        URL tsv = bundle.getEntry(ROOT + "/accounts.tsv");
        if (tsv == null) {
            throw new IllegalStateException(ROOT + "/accounts.tsv is missing from the bundle");
        }
        List<File> files = new ArrayList<>();
        var entries = bundle.findEntries(ROOT + "/aaf", "*.xml", false);
        for (URL url : entries == null ? List.<URL>of() : Collections.list(entries)) {
            String path = url.getPath();
            files.add(new File(path.substring(path.lastIndexOf('/') + 1), url));
        }
        return of(tsv, files);
    }

    static DemoSchool of(URL accountsTsv, List<File> files) {
        List<Account> accounts = new ArrayList<>();
        for (String line : read(accountsTsv).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            accounts.add(new Account(cells[0].strip(), cells.length > 1 ? cells[1].strip() : ""));
        }
        if (accounts.isEmpty() || files.isEmpty()) {
            throw new IllegalStateException("the demo school has no accounts or no AAF files");
        }
        List<File> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(File::name));
        return new DemoSchool(accounts, sorted);
    }

    /** The referent's login (first line of accounts.tsv). */
    String referent() {
        return accounts.get(0).login();
    }

    /** A digest of the AAF files: the demo is imported again only when they change (a new version). */
    String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (File f : files) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = f.url().openStream()) {
                    sha.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(URL url) {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
