package fr.preau.store.internal;

import fr.preau.store.SchemaMigrator;
import java.io.IOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Hashtable;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.CatalogAndSchema;
import liquibase.Scope;
import liquibase.SupportsMethodValidationLevelsEnum;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.DerbyDatabase;
import liquibase.database.core.H2Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.ops4j.pax.jdbc.hook.PreHook;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Liquibase's {@code update} command on a concern's DataSource, from that concern's pax-jdbc
 * PreHook.
 * <p>
 * Inside OSGi: the changelog is read through the caller's class loader and the {@code dbchangelog}
 * XSD through Liquibase's own (both behind one composite resource accessor); Liquibase's service
 * lookups need SPI Fly beside it. The thread context class loader is Liquibase's own during the
 * call only.
 * <p>
 * Nothing leaves the box: XML is parsed with {@code liquibase.secureParsing} on (no DTD or schema
 * fetched from the network, external entities refused), and analytics, update checks and banners
 * are switched off (4.29 has no analytics; the keys are set anyway so an upgrade cannot switch them on).
 * <p>
 * Inside the box, changelogs are not validated against Liquibase's XSD and its self-checks of
 * {@code Change} classes are off: a changelog is a resource of a built bundle, validated by that
 * concern's unit tests (which use {@link #LiquibaseSchemaMigrator()}, validation on), and building
 * the XSD grammar cost a noticeable part of every cold boot.
 */
@Component(service = SchemaMigrator.class, configurationPid = "fr.preau.store")
@Designate(ocd = LiquibaseSchemaMigrator.Config.class)
public final class LiquibaseSchemaMigrator implements SchemaMigrator {

    @ObjectClassDefinition(name = "Préau – migrations de schéma")
    public @interface Config {
        @AttributeDefinition(description = "Minutes to wait for another process's Liquibase lock before failing")
        int lock_wait_minutes() default 5;

        @AttributeDefinition(description = "Validate changelogs against Liquibase's XSD before running them (done by the build's tests)")
        boolean validate_changelogs() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiquibaseSchemaMigrator.class);

    /** A changelog path: a relative resource path, no parent references, no URL scheme. */
    private static final Pattern CHANGELOG = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-.]+)*\\.(xml|yaml|yml)");

    /** Scope values that keep Liquibase quiet and inside the box. */
    static final Map<String, Object> SAFE_SETTINGS = Map.of(
            "liquibase.secureParsing", Boolean.TRUE,
            "liquibase.analytics.enabled", Boolean.FALSE,
            "liquibase.hub.mode", "off",
            "liquibase.showBanner", Boolean.FALSE,
            "liquibase.headless", Boolean.TRUE,
            "liquibase.shouldSnapshotData", Boolean.FALSE);

    private final int lockWaitMinutes;
    private final boolean validate;
    /**
     * Publishes the schema hooks (see {@link SchemaMigrator#publish}): one thread per hook, so what
     * follows a DataSource's publication (its consumers' activation) does not delay the next migration.
     */
    private final ExecutorService publisher = Executors.newCachedThreadPool(daemon("preau-schema-"));
    /**
     * Held from the end of a hook's migration until pax-jdbc has published its DataSource and the
     * components waiting for it are active: databases are opened and migrated in parallel, but
     * DataSources appear one at a time. The Aries JAX-RS whiteboard does not survive resources
     * registered from several threads at once (a ConcurrentModificationException in its tracking
     * loses one of them: its path answers 404), which is what publishing every DataSource in the
     * same instant from its own thread did.
     */
    private final ReentrantLock publication = new ReentrantLock();
    /** Set while one of this migrator's threads registers a hook (and pax-jdbc runs it there). */
    private static final ThreadLocal<Boolean> REGISTERING = new ThreadLocal<>();
    /**
     * Runs every Liquibase update, one at a time: Liquibase keeps its root scope per thread, and
     * building it (configuration, service look-ups) is paid once on this thread instead of once per
     * caller; serialising also keeps two migrations of one database apart.
     */
    private final ExecutorService liquibase = Executors.newSingleThreadExecutor(daemon("preau-liquibase-"));

    /** Where concerns' databases live (for schema templates); null outside OSGi. */
    private final ConfigurationAdmin configurations;

    @Activate
    public LiquibaseSchemaMigrator(Config config,
            @Reference(name = "configurations", cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configurations) {
        this(config.lock_wait_minutes(), config.validate_changelogs(), configurations);
    }

    /** For tests and plain Java use: changelogs are validated. */
    public LiquibaseSchemaMigrator() {
        this(5, true);
    }

    LiquibaseSchemaMigrator(int lockWaitMinutes) {
        this(lockWaitMinutes, true);
    }

    LiquibaseSchemaMigrator(int lockWaitMinutes, boolean validate) {
        this(lockWaitMinutes, validate, null);
    }

    LiquibaseSchemaMigrator(int lockWaitMinutes, boolean validate, ConfigurationAdmin configurations) {
        this.configurations = configurations;
        if (lockWaitMinutes < 1) {
            throw new IllegalArgumentException("lock wait must be at least one minute");
        }
        this.lockWaitMinutes = lockWaitMinutes;
        this.validate = validate;
    }

    @Deactivate
    void deactivate() {
        publisher.shutdownNow();
        liquibase.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * {@inheritDoc}
     * <p>
     * The hook also knows the schema's fingerprint ({@link SchemaDigest}): a database that records
     * the same fingerprint is up to date without running Liquibase (most boots). A concern whose
     * bundle carries a schema template ({@link SchemaTemplate}) gets its embedded database unpacked
     * from it when the database does not exist yet (a new box).
     */
    @Override
    public Registration publish(BundleContext context, String hookName, String changelog) {
        Objects.requireNonNull(context, "context");
        if (hookName == null || hookName.isBlank()) {
            throw new IllegalArgumentException("a schema hook needs a name");
        }
        Bundle bundle = context.getBundle();
        ClassLoader resources = bundle.adapt(BundleWiring.class).getClassLoader();
        HookRegistration registration = new HookRegistration(hookName);
        publisher.execute(() -> {
            String digest = digestOf(bundle, changelog);
            URL template = digest == null ? null : bundle.getEntry(SchemaTemplate.ENTRY);
            PreHook hook = dataSource -> prepare(dataSource, hookName, changelog, resources, digest, template);
            REGISTERING.set(Boolean.TRUE);
            try {
                registration.register(context, hook);
            } finally {
                REGISTERING.remove();
                if (publication.isHeldByCurrentThread()) {
                    publication.unlock();
                }
            }
        });
        return registration;
    }

    private static String digestOf(Bundle bundle, String changelog) {
        try {
            return SchemaDigest.ofBundle(bundle, changelog);
        } catch (RuntimeException e) {
            LOG.warn("Cannot fingerprint the schema {}: Liquibase will check it at each start ({})", changelog, e.toString());
            return null;
        }
    }

    private void prepare(DataSource dataSource, String hookName, String changelog, ClassLoader resources, String digest,
            URL template) throws SQLException {
        if (template != null) {
            DerbyLocation.of(configurations, hookName).ifPresent(dir -> {
                try {
                    if (SchemaTemplate.installIfAbsent(template, dir)) {
                        LOG.info("New database of {} unpacked from its schema template", hookName);
                    }
                } catch (IOException e) {
                    LOG.warn("Schema template of {} not used, the database is created and migrated instead: {}", hookName,
                            e.toString());
                }
            });
        }
        migrate(dataSource, changelog, resources, digest);
        if (Boolean.TRUE.equals(REGISTERING.get()) && !publication.isHeldByCurrentThread()) {
            publication.lock(); // released once the DataSource is published (see publish)
        }
    }

    /** A hook registered (later) from the publisher thread; closing before that cancels it. */
    static final class HookRegistration implements Registration {
        private final String name;
        private ServiceRegistration<PreHook> service;
        private boolean closed;

        HookRegistration(String name) {
            this.name = name;
        }

        void register(BundleContext context, PreHook hook) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(PreHook.KEY_NAME, name);
            ServiceRegistration<PreHook> registered;
            try {
                // pax-jdbc-config may run the hook (the migration) and publish the DataSource right here
                registered = context.registerService(PreHook.class, hook, properties);
            } catch (IllegalStateException bundleStopped) {
                return;
            }
            boolean withdraw;
            synchronized (this) {
                withdraw = closed;
                service = registered;
            }
            if (withdraw) {
                unregister(registered);
            }
        }

        @Override
        public void close() {
            ServiceRegistration<PreHook> registered;
            synchronized (this) {
                closed = true;
                registered = service;
                service = null;
            }
            if (registered != null) {
                unregister(registered);
            }
        }

        private static void unregister(ServiceRegistration<PreHook> registered) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the concern's bundle is stopping: the framework withdrew the hook already
            }
        }
    }

    @Override
    public void migrate(DataSource dataSource, String changelog, ClassLoader resources) throws SQLException {
        migrate(dataSource, changelog, resources, null);
    }

    /**
     * Migrates, unless the database records {@code digest} (not null) as the fingerprint its last
     * migration brought it to; records it after a successful migration.
     */
    void migrate(DataSource dataSource, String changelog, ClassLoader resources, String digest) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(resources, "resources");
        if (changelog == null || !CHANGELOG.matcher(changelog).matches() || changelog.contains("..")) {
            throw new IllegalArgumentException("not a changelog resource path: " + changelog);
        }
        long start = System.nanoTime();
        // the first connection creates or boots an embedded database: done here, in parallel with other work
        try (Connection first = dataSource.getConnection()) {
            if (digest != null && digest.equals(recorded(first, changelog))) {
                LOG.info("Schema {} is up to date: unchanged since its last migration ({} ms)", changelog,
                        (System.nanoTime() - start) / 1_000_000);
                return;
            }
        }
        Future<Long> done = liquibase.submit(() -> {
            long begin = System.nanoTime();
            run(dataSource, changelog, resources);
            return (System.nanoTime() - begin) / 1_000_000;
        });
        try {
            LOG.info("Schema {} is up to date ({} ms)", changelog, done.get());
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while migrating " + changelog, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException) {
                throw (SQLException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new SQLException("Liquibase migration of " + changelog + " failed: " + describe(cause), cause);
        }
        if (digest != null) {
            try (Connection c = dataSource.getConnection()) {
                SchemaState.write(c, changelog, digest);
            } catch (SQLException e) {
                LOG.warn("Schema {} migrated, but its fingerprint was not recorded (Liquibase checks it again at the next start): {}",
                        changelog, e.toString());
            }
        }
    }

    private static String recorded(Connection c, String changelog) {
        try {
            return SchemaState.read(c, changelog).orElse(null);
        } catch (SQLException e) {
            LOG.debug("No schema fingerprint readable for {}", changelog, e);
            return null;
        }
    }

    private void run(DataSource dataSource, String changelog, ClassLoader resources) throws SQLException {
        ClassLoader liquibaseLoader = Scope.class.getClassLoader();
        Map<String, Object> scope = new HashMap<>(SAFE_SETTINGS);
        scope.put("liquibase.changelogLockWaitTimeInMinutes", (long) lockWaitMinutes);
        scope.put("liquibase.validateXmlChangelogFiles", validate);
        scope.put("liquibase.supportsMethodValidationLevel",
                validate ? SupportsMethodValidationLevelsEnum.WARN : SupportsMethodValidationLevelsEnum.OFF);
        scope.put(Scope.Attr.classLoader.name(), liquibaseLoader);
        scope.put(Scope.Attr.resourceAccessor.name(), new CompositeResourceAccessor(
                new ClassLoaderResourceAccessor(resources),
                new ClassLoaderResourceAccessor(liquibaseLoader)));
        scope.put(Scope.Attr.ui.name(), new LoggerUIService());

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            thread.setContextClassLoader(liquibaseLoader);
            try {
                Scope.child(scope, () -> update(connection, changelog));
            } finally {
                thread.setContextClassLoader(previous);
                if (!connection.isClosed() && connection.getAutoCommit() != autoCommit) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            SQLException sql = findSqlException(e);
            throw new SQLException("Liquibase migration of " + changelog + " failed: " + describe(e),
                    sql == null ? null : sql.getSQLState(), e);
        }
    }

    private static void update(Connection connection, String changelog) throws Exception {
        // The connection belongs to the caller's DataSource (a pool, often): never let Liquibase
        // close it, nor shut the embedded Derby database down behind it.
        Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        if (database instanceof DerbyDatabase) {
            ((DerbyDatabase) database).setShutdownEmbeddedDerby(false);
        }
        if (database instanceof H2Database && connection.getMetaData().storesLowerCaseIdentifiers()) {
            // H2 with DATABASE_TO_LOWER (its PostgreSQL emulation): Liquibase's H2 support assumes
            // upper-case names, misses its own tables on the second run and tries to create them again
            database = new LowerCaseH2Database();
            database.setConnection(new JdbcConnection(connection));
        }
        new CommandScope(UpdateCommandStep.COMMAND_NAME)
                .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.SUMMARY)
                .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                .execute();
    }

    private static SQLException findSqlException(Throwable t) {
        for (Throwable x = t; x != null && x.getCause() != x; x = x.getCause()) {
            if (x instanceof SQLException) {
                return (SQLException) x;
            }
        }
        return null;
    }

    /** The innermost message: Liquibase wraps its causes several times. */
    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** H2 storing unquoted names in lower case, as PostgreSQL does. */
    static final class LowerCaseH2Database extends H2Database {
        LowerCaseH2Database() {
            unquotedObjectsAreUppercased = Boolean.FALSE;
        }

        @Override
        public CatalogAndSchema.CatalogAndSchemaCase getSchemaAndCatalogCase() {
            return CatalogAndSchema.CatalogAndSchemaCase.LOWER_CASE;
        }
    }
}
