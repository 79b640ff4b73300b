package fr.preau.boot.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.web.BoxTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstCertificateTest {

    @TempDir
    Path data;
    private String previous;

    @BeforeEach
    void dataDir() {
        previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", previous);
        }
    }

    @Test
    void theNamesComeFromSetenvAndAnythingOddIsDropped() {
        assertEquals(FirstCertificate.DEFAULT_NAMES, FirstCertificate.names(null));
        assertEquals(FirstCertificate.DEFAULT_NAMES, FirstCertificate.names(" , "));
        assertEquals(List.of("box.college.test", "localhost", "127.0.0.1", "box"),
                FirstCertificate.names("box.college.test,localhost,127.0.0.1,box,localhost"));
        assertEquals(List.of("localhost"), FirstCertificate.names("localhost,a b,x;rm -rf,é.test"));
    }

    @Test
    void theFirstStartMakesTheKeystoreWithSetenvsPasswordAndLaterStartsKeepIt() throws Exception {
        Path tls = data.resolve("preau/tls");
        Files.createDirectories(tls);
        Files.writeString(tls.resolve("keystore.pass"), "0a1b2c\n");
        List<String> problems = new ArrayList<>();
        FirstCertificate.makeIfMissing(problems::add);
        assertEquals(List.of(), problems);
        List<java.security.cert.X509Certificate> chain = BoxTls.chain(tls); // opened with keystore.pass
        assertEquals(1, chain.size());
        assertTrue(BoxTls.selfSigned(chain.get(0)));
        byte[] made = Files.readAllBytes(tls.resolve("keystore.p12"));
        FirstCertificate.makeIfMissing(problems::add);
        assertEquals(List.of(), problems);
        assertTrue(java.util.Arrays.equals(made, Files.readAllBytes(tls.resolve("keystore.p12"))));
    }

    @Test
    void aKeystoreThatCannotBeWrittenIsToldNotThrown() throws Exception {
        Path tls = data.resolve("preau/tls");
        Files.createDirectories(tls.resolve("keystore.p12.new")); // the temporary file cannot be written
        Files.writeString(tls.resolve("keystore.pass"), "0a1b2c\n");
        List<String> problems = new ArrayList<>();
        FirstCertificate.makeIfMissing(problems::add);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("HTTPS ne démarrera pas"), problems.get(0));
        assertTrue(Files.notExists(tls.resolve("keystore.p12")));
    }
}
