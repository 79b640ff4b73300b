package fr.preau.provisioning.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.ReadinessCheck;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEvent;
import fr.preau.audit.AuditLog;
import fr.preau.auth.Authenticator;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.ImportRun;
import fr.preau.directory.ImportService;
import fr.preau.directory.NewPerson;
import fr.preau.directory.MailDomains;
import fr.preau.directory.School;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the box into service at start-up.
 * <ul>
 * <li>Demo mode ({@code preau.mode=demo}): creates the referent of the demo collège, then
 *     imports the demo school's AAF files (a collège and an école, see {@link DemoSchool}) like a
 *     referent's import, once per version of those files; the printed demo accounts get the
 *     password {@code PREAU_DEMO_PASSWORD}, the others keep waiting for their activation code.
 *     Refuses to run (and stops the box) on a data directory that holds a real school.</li>
 * <li>Otherwise, on a box without a school: writes a one-time set-up code to
 *     {@code <data>/preau/setup-token} and prints it on the console; the referent enters it on
 *     the set-up page with the school's UAI and name and their password.</li>
 * </ul>
 * The box reports "not ready" (health 503) until the demo school is in place.
 */
@Component(service = {BoxProvisioner.class, ReadinessCheck.class}, immediate = true)
public final class BoxProvisioner implements ReadinessCheck {

    private static final Logger LOG = LoggerFactory.getLogger(BoxProvisioner.class);
    /** How long a refused box may take to stop before it is halted. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    /** Default password of the demo accounts, when PREAU_DEMO_PASSWORD is not set (documented in the README). */
    public static final String DEFAULT_DEMO_PASSWORD = "Rostand-Preau-2026!";
    static final String REFERENT_LOGIN = "referent";
    static final int MAX_SETUP_FAILURES = 10;
    /** The demo accounts' Argon2id hashes use one core while the import uses the other. */
    static final int DEMO_HASH_THREADS = 1;
    static final Duration DEMO_IMPORT_TIMEOUT = Duration.ofMinutes(5);

    private final DirectoryService directory;
    private final ImportService imports;
    private final Supplier<DemoSchool> demoSchool;
    private final Authenticator authenticator;
    private final AuditLog audit;
    private final boolean demo;
    private final String demoPassword;
    private final Path stateDir;
    private final String url;
    private final Runnable stopBox;
    private final ExecutorService worker;

    private volatile String problem = "provisioning has not run yet";
    private volatile boolean setupRequired;
    private int setupFailures;

    @Activate
    public BoxProvisioner(BundleContext context, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "imports") ImportService imports,
            @Reference(name = "authenticator") Authenticator authenticator, @Reference(name = "audit") AuditLog audit) {
        this(directory, imports, () -> DemoSchool.load(context.getBundle()), authenticator, audit,
                "demo".equalsIgnoreCase(context.getProperty("preau.mode")),
                Optional.ofNullable(System.getenv("PREAU_DEMO_PASSWORD")).filter(s -> !s.isEmpty())
                        .orElse(DEFAULT_DEMO_PASSWORD),
                Path.of(Optional.ofNullable(context.getProperty("karaf.data")).orElse("data"), "preau"),
                "http://localhost:" + Optional.ofNullable(context.getProperty("preau.http.port")).orElse("8181") + "/",
                () -> stopFramework(context));
        worker.execute(this::provision);
    }

    BoxProvisioner(DirectoryService directory, ImportService imports, Supplier<DemoSchool> demoSchool,
            Authenticator authenticator, AuditLog audit, boolean demo, String demoPassword, Path stateDir, String url,
            Runnable stopBox) {
        this.directory = directory;
        this.imports = imports;
        this.demoSchool = demoSchool;
        this.authenticator = authenticator;
        this.audit = audit;
        this.demo = demo;
        this.demoPassword = demoPassword;
        this.stateDir = stateDir;
        this.url = url;
        this.stopBox = stopBox;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "preau-provisioning");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    /** Runs the provisioning for the mode; package-private so tests run it synchronously. */
    void provision() {
        try {
            if (demo) {
                provisionDemo();
            } else {
                prepareSetup();
            }
        } catch (RuntimeException | IOException e) {
            problem = "provisioning failed: " + e.getClass().getSimpleName();
            LOG.error("Provisioning failed", e);
        }
    }

    private void provisionDemo() throws IOException {
        Optional<School> real = realSchool();
        if (real.isPresent() || Files.exists(realSchoolMarker())) {
            problem = "demo mode refused: the data directory holds a real school";
            LOG.error("Demo mode refused: the data directory {} holds a real school; stopping the box", stateDir);
            console("Le mode démo refuse de démarrer : ce dossier de données contient un établissement réel"
                    + real.map(s -> " (" + s.uai() + ")").orElse("") + ". Utilisez un autre dossier de données "
                    + "(variable PREAU_DATA) pour la démonstration. Arrêt de Préau.");
            stopBox.run();
            return;
        }
        DemoSchool data = demoSchool.get();
        try {
            authenticator.checkPasswordPolicy(data.referent(), demoPassword);
        } catch (ProblemException weak) {
            problem = "the demo password (PREAU_DEMO_PASSWORD) does not satisfy the password policy";
            LOG.error("Demo school not ready: the demo password does not satisfy the password policy");
            console("Le mot de passe de démonstration (PREAU_DEMO_PASSWORD) est refusé : " + weak.title());
            return;
        }
        // every demo password is hashed (each with its own salt) on one core: the referent's while
        // the school and the referent are created, the others' while the annuaire import runs
        List<DemoSchool.Account> demoAccounts = data.accounts().subList(1, data.accounts().size());
        ExecutorService hashers = Executors.newFixedThreadPool(DEMO_HASH_THREADS, r -> {
            Thread t = new Thread(r, "preau-provisioning-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Authenticator.PreparedPassword> referentPassword =
                    hashers.submit(() -> authenticator.preparePassword(data.referent(), demoPassword));
            Map<String, Future<Authenticator.PreparedPassword>> prepared = new LinkedHashMap<>();
            for (DemoSchool.Account account : demoAccounts) {
                prepared.put(account.login(), hashers.submit(() -> authenticator.preparePassword(account.login(), demoPassword)));
            }
            // the referent first: the box answers them while the annuaire import runs
            Uai uai = new Uai(DemoSchool.UAI);
            if (directory.school(uai).isEmpty()) {
                directory.saveSchool(new School(uai, DemoSchool.NAME, true));
            }
            Person referent = directory.findByLogin(data.referent()).orElseGet(() -> directory.create(new NewPerson(
                    PersonId.random(), data.referent(), "Référent", "numérique", uai, EnumSet.of(Profile.REFERENT),
                    List.of())));
            authenticator.setPassword(referent.id(), done(referentPassword));

            String fingerprint = data.fingerprint();
            Path marker = stateDir.resolve("demo-school");
            if (!Files.exists(marker) || !Files.readString(marker).contains(fingerprint)) {
                ImportRun run = importDemo(data);
                if (run.status() != ImportRun.Status.DONE || run.counts().rejected() > 0) {
                    problem = "the demo school's annuaire import ended " + run.status() + " with " + run.counts().rejected()
                            + " rejected records (import " + run.id() + ")";
                    LOG.error("Demo school not ready: its import {} ended {} ({})", run.id(), run.status(), run.counts().summary());
                    return;
                }
                LOG.info("Demo school imported from its AAF files: {}", run.counts().summary());
            }
            DemoSchool.MAIL_DOMAINS.forEach((school, domain) -> directory.setMailDomain(new Uai(school), domain));
            for (DemoSchool.Account account : demoAccounts) {
                Optional<Person> person = directory.findByLogin(account.login());
                if (person.isEmpty()) {
                    problem = "the demo account " + account.login() + " is not in the demo school's AAF files";
                    LOG.error("Demo school not ready: the demo account {} is not in its AAF files", account.login());
                    return;
                }
                authenticator.setPassword(person.get().id(), done(prepared.get(account.login())));
            }
            markDemoReady(marker, fingerprint, uai, data, demoAccounts.size());
        } finally {
            hashers.shutdownNow();
        }
    }

    private void markDemoReady(Path marker, String fingerprint, Uai uai, DemoSchool data, int printed) throws IOException {
        Files.createDirectories(stateDir);
        Files.writeString(marker, uai + "\n" + fingerprint + "\n");
        audit.record(new AuditEvent(AuditActions.SETUP, null, uai.value(), null, true, Map.of("mode", "demo")));
        problem = null;
        LOG.info("Demo school {} ready; {} demo accounts have the demo password", uai, printed + 1);
        console("Préau (démonstration) : " + DemoSchool.NAME + " est prêt. Comptes de démonstration : "
                + data.accounts().stream().map(a -> a.login() + " (" + a.profile() + ")").collect(Collectors.joining(", ")) + ".");
    }

    /** Imports the demo school's AAF files as a referent would, and waits for the end. */
    private ImportRun importDemo(DemoSchool data) throws IOException {
        ImportRun run = imports.create("demo", Optional.empty(), ImportService.DEMO);
        for (DemoSchool.File file : data.files()) {
            try (InputStream in = file.url().openStream()) {
                imports.addFile(run.id(), file.name(), in);
            }
        }
        imports.start(run.id(), false);
        long deadline = System.nanoTime() + DEMO_IMPORT_TIMEOUT.toNanos();
        while (!run.status().finished()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo school's import " + run.id() + " did not end in " + DEMO_IMPORT_TIMEOUT);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while importing the demo school", e);
            }
            run = imports.find(run.id()).orElseThrow();
        }
        return run;
    }

    /** The prepared password of a demo account, once hashed. */
    private static Authenticator.PreparedPassword done(Future<Authenticator.PreparedPassword> hashing) {
        try {
            return hashing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing the demo passwords", e);
        }
    }

    private void prepareSetup() throws IOException {
        Path tokenFile = tokenFile();
        if (!directory.schools().isEmpty() && !Files.exists(tokenFile)) {
            // boxes set up before the marker existed get it too: the start script refuses the demo on them
            Optional<School> real = realSchool();
            if (real.isPresent() && !Files.exists(realSchoolMarker())) {
                Files.createDirectories(stateDir);
                Files.writeString(realSchoolMarker(), real.get().uai() + "\n");
            }
            problem = null;
            return;
        }
        String code = SetupCode.read(tokenFile).orElse(null);
        if (code == null) {
            code = SetupCode.generate();
            SetupCode.write(tokenFile, code);
        }
        setupRequired = true;
        problem = null;
        LOG.info("First boot: the box has no school yet; the one-time set-up code is in {}", tokenFile);
        console("Première mise en service de Préau : ouvrez " + url + " et saisissez le code de mise en service "
                + code + " (il est aussi dans le fichier " + tokenFile + ").");
    }

    /** A school of the box that is not the demonstration's, if any. */
    private Optional<School> realSchool() {
        return directory.schools().stream().filter(s -> !s.demo()).findFirst();
    }

    /** Whether the set-up page must be shown. */
    public boolean setupRequired() {
        return setupRequired;
    }

    /** Completes the first-boot set-up; see the set-up resource for the answers. */
    public synchronized Person setup(String code, String uaiText, String schoolName, String referentPassword,
            String address) {
        return setup(code, uaiText, schoolName, null, referentPassword, address);
    }

    /**
     * Completes the first-boot set-up with the school's mail domain too ({@code null} or blank: the box's
     * placeholder until the referent sets it in the console). Everything is checked before anything is written.
     */
    public synchronized Person setup(String code, String uaiText, String schoolName, String mailDomain,
            String referentPassword, String address) {
        if (!setupRequired) {
            throw new ProblemException(409, "already-set-up",
                    "Cette box est déjà mise en service. Connectez-vous avec le compte du référent numérique.");
        }
        if (setupFailures >= MAX_SETUP_FAILURES) {
            throw new ProblemException(429, "throttled",
                    "Trop de codes erronés. Redémarrez la box pour réessayer, en recopiant le code affiché dans sa console.");
        }
        String expected;
        try {
            expected = SetupCode.read(tokenFile()).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (expected.isEmpty() || !SetupCode.matches(expected, code)) {
            setupFailures++;
            audit.record(new AuditEvent(AuditActions.SETUP, null, null, address, false, Map.of("reason", "wrong-code")));
            throw new ProblemException(401, "invalid-setup-code",
                    "Ce code de mise en service n'est pas le bon. Recopiez celui qui s'affiche dans la console de la box "
                            + "(il est aussi dans le fichier preau/setup-token du dossier de données).");
        }
        Uai uai = Uai.parse(uaiText);
        String name = schoolName == null ? "" : schoolName.trim();
        if (name.length() < 2 || name.length() > 120) {
            throw new ProblemException(400, "invalid-school-name",
                    "Indiquez le nom de l'établissement (entre 2 et 120 caractères), par exemple « Collège Jean Rostand ».");
        }
        if (referentPassword == null || referentPassword.isEmpty()) {
            throw new ProblemException(400, "missing-field", "Choisissez le mot de passe du référent numérique.");
        }
        String domain = mailDomain == null || mailDomain.isBlank() ? null : MailDomains.normalise(mailDomain);
        authenticator.checkPasswordPolicy(REFERENT_LOGIN, referentPassword);
        directory.saveSchool(new School(uai, name, false));
        if (domain != null) {
            directory.setMailDomain(uai, domain);
        }
        Person referent = directory.findByLogin(REFERENT_LOGIN).orElseGet(() -> directory.create(new NewPerson(
                PersonId.random(), REFERENT_LOGIN, "Référent", "numérique", uai, EnumSet.of(Profile.REFERENT), List.of())));
        authenticator.setPassword(referent.id(), referentPassword);
        try {
            Files.writeString(realSchoolMarker(), uai + "\n");
            Files.deleteIfExists(tokenFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        setupRequired = false;
        audit.record(new AuditEvent(AuditActions.SETUP, referent.id(), uai.value(), address, true,
                domain == null ? Map.of("mode", "first-boot") : Map.of("mode", "first-boot", "mailDomain", domain)));
        LOG.info("Box set up for school {}; referent account {}", uai, referent.id());
        return referent;
    }

    @Override
    public String name() {
        return "provisioning";
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    Path tokenFile() {
        return stateDir.resolve("setup-token");
    }

    Path realSchoolMarker() {
        return stateDir.resolve("real-school");
    }

    @SuppressWarnings("java:S106") // the console is the referent's screen at first boot: that is the point
    private static void console(String message) {
        System.out.println(message);
    }

    private static void stopFramework(BundleContext context) {
        Thread t = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Could not stop the box", e);
            }
            // Karaf's launcher ends the JVM once the framework has stopped; a bundle that hangs in its
            // stop must not leave a refused box half alive (the referent would think it runs)
            try {
                Thread.sleep(STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement e : stack) {
                    threads.append("\n\tat ").append(e);
                }
            });
            LOG.error("The box did not stop within {} s; halting it. Threads:{}", STOP_GRACE.toSeconds(), threads);
            Runtime.getRuntime().halt(1);
        }, "preau-stop");
        t.setDaemon(true);
        t.start();
    }
}
