package fr.preau.portal.internal;

import fr.preau.api.Profile;
import fr.preau.api.ProblemException;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.portal.PageViews;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the pages and modules opened in the portal, in {@code portal_page_view} of
 * {@code jdbc/preau-portal}: one counter per (day in Paris time, school, profile, page). A view is
 * first counted in memory and the counters are added to the database once a minute (and when
 * the portal stops, and before every reading), so that many people opening pages never write
 * more than a few rows a minute. Days older than {@value PageViews#RETENTION_DAYS} days (about
 * 13 months) are purged once a day.
 */
@Component(service = {PageViewStore.class, PageViews.class})
public final class PageViewStore implements PageViews {

    /** The portal's own pages that are counted, with their French names. */
    static final Map<String, String> PAGES = pages();
    static final String MODULE_PREFIX = "module/";
    /** Counters waiting for the database; beyond, new kinds of counters are dropped until the next flush. */
    static final int MAX_PENDING = 20_000;
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Logger LOG = LoggerFactory.getLogger(PageViewStore.class);

    record Key(LocalDate day, String school, Profile profile, String page) {
    }

    /** Views a session may count per hour; more are ignored (a script cannot flood the counters). */
    static final int MAX_PER_SESSION_HOUR = 120;
    /** Sessions followed at once; beyond, views of new sessions are ignored until old windows expire. */
    static final int MAX_SESSIONS = 20_000;
    /** The same page opened again by the same session within this time counts once (re-rendering, reloads). */
    static final long SAME_PAGE_MILLIS = 10_000L;

    /** What one session counted in its current hour. */
    private static final class Window {
        final long start;
        int count;
        String lastPage;
        long lastAt;

        Window(long start) {
            this.start = start;
        }
    }

    private final Map<String, Window> sessions = new ConcurrentHashMap<>();

    private final DataSource db;
    private final Clock clock;
    private final ModuleRegistry modules;
    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    private final ScheduledExecutorService timer;
    private volatile LocalDate purgedOn;

    @Activate
    public PageViewStore(@Reference(name = "db", target = PortalSchema.TARGET) DataSource db,
            @Reference(name = "clock") Clock clock, @Reference(name = "modules") ModuleRegistry modules) {
        this(db, clock, modules, true);
    }

    PageViewStore(DataSource db, Clock clock, ModuleRegistry modules, boolean timer) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modules = Objects.requireNonNull(modules, "modules");
        if (timer) {
            this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "preau-page-views");
                t.setDaemon(true);
                return t;
            });
            this.timer.scheduleWithFixedDelay(this::flushQuietly, 60, 60, TimeUnit.SECONDS);
        } else {
            this.timer = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        flushQuietly();
    }

    private static Map<String, String> pages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("accueil", "Accueil");
        m.put("profil", "Mon compte");
        m.put("aide", "Aide");
        m.put("mentions-legales", "Mentions légales");
        m.put("accessibilite", "Accessibilité");
        m.put("console", "Console");
        return Map.copyOf(m);
    }

    /** Whether {@code page} names a page of the portal or an installed module. */
    boolean known(String page) {
        if (page == null) {
            return false;
        }
        if (PAGES.containsKey(page)) {
            return true;
        }
        return page.startsWith(MODULE_PREFIX) && modules.snapshot().entry(page.substring(MODULE_PREFIX.length())) != null;
    }

    /**
     * Whether the session (named by a digest of its id, never the id itself) may count one more
     * view of {@code page} now: {@value #MAX_PER_SESSION_HOUR} an hour at most, the same page
     * again within {@value #SAME_PAGE_MILLIS} ms counts once.
     */
    boolean allow(String session, String page) {
        long now = clock.millis();
        if (!sessions.containsKey(session) && sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(w -> now - w.start >= 3_600_000L);
            if (sessions.size() >= MAX_SESSIONS) {
                return false;
            }
        }
        Window w = sessions.compute(session, (k, old) -> old == null || now - old.start >= 3_600_000L ? new Window(now) : old);
        synchronized (w) {
            if (page.equals(w.lastPage) && now - w.lastAt < SAME_PAGE_MILLIS) {
                return false;
            }
            if (w.count >= MAX_PER_SESSION_HOUR) {
                return false;
            }
            w.count++;
            w.lastPage = page;
            w.lastAt = now;
            return true;
        }
    }

    /** Counts one opening of {@code page} by a person of {@code school} with {@code profile}; false when dropped. */
    boolean record(Uai school, Profile profile, String page) {
        Key key = new Key(LocalDate.now(clock.withZone(PARIS)), school.value(), profile, page);
        if (!pending.containsKey(key) && pending.size() >= MAX_PENDING) {
            return false;
        }
        pending.merge(key, 1L, Long::sum); // atomic per key, as remove() in flush: no count is lost
        return true;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Page views could not be saved yet ({}); they are kept for the next try", e.getMessage());
        }
    }

    /** Adds the counters waiting in memory to the database; purges old days once a day. */
    void flush() {
        synchronized (flushLock) {
            Map<Key, Long> batch = new HashMap<>();
            for (Key k : List.copyOf(pending.keySet())) {
                Long n = pending.remove(k);
                if (n != null && n > 0) {
                    batch.put(k, n);
                }
            }
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } catch (SQLException e) {
                    // put them back for the next try (bounded like any new counter)
                    batch.forEach((k, v) -> {
                        if (pending.containsKey(k) || pending.size() < MAX_PENDING) {
                            pending.merge(k, v, Long::sum);
                        }
                    });
                    throw new IllegalStateException(e.getClass().getSimpleName() + " " + e.getSQLState(), e);
                }
            }
            LocalDate today = LocalDate.now(clock.withZone(PARIS));
            if (!today.equals(purgedOn)) {
                purge(today);
                purgedOn = today;
            }
        }
    }

    private void write(Map<Key, Long> batch) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE portal_page_view SET views = views + ? "
                    + "WHERE school = ? AND view_day = ? AND profile = ? AND page = ?");
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO portal_page_view (school, view_day, profile, page, views) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<Key, Long> e : batch.entrySet()) {
                    Key k = e.getKey();
                    update.setLong(1, e.getValue());
                    update.setString(2, k.school());
                    update.setDate(3, Date.valueOf(k.day()));
                    update.setString(4, k.profile().name());
                    update.setString(5, k.page());
                    if (update.executeUpdate() == 0) {
                        // only this thread writes the table (under flushLock): no concurrent insert of the same key
                        insert.setString(1, k.school());
                        insert.setDate(2, Date.valueOf(k.day()));
                        insert.setString(3, k.profile().name());
                        insert.setString(4, k.page());
                        insert.setLong(5, e.getValue());
                        insert.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void purge(LocalDate today) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM portal_page_view WHERE view_day < ?")) {
            ps.setDate(1, Date.valueOf(today.minusDays(RETENTION_DAYS)));
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.info("Purged {} page view counters older than {} days", n, RETENTION_DAYS);
            }
        } catch (SQLException e) {
            LOG.warn("Old page views could not be purged ({})", e.getSQLState());
        }
    }

    @Override
    public List<PageCount> count(Uai school, LocalDate from, LocalDate to) {
        try {
            flush();
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        Map<String, Map<Profile, Long>> byPage = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT page, profile, SUM(views) FROM portal_page_view "
                        + "WHERE school = ? AND view_day >= ? AND view_day <= ? GROUP BY page, profile")) {
            ps.setString(1, school.value());
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Profile p;
                    try {
                        p = Profile.valueOf(rs.getString(2));
                    } catch (IllegalArgumentException e) {
                        continue; // a profile this version does not know
                    }
                    byPage.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(Profile.class)).merge(p, rs.getLong(3), Long::sum);
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        ModuleRegistry.Snapshot installed = modules.snapshot();
        List<PageCount> out = new ArrayList<>(byPage.size());
        byPage.forEach((page, counts) -> out.add(new PageCount(page, label(page, installed),
                counts.values().stream().mapToLong(Long::longValue).sum(), counts)));
        out.sort(Comparator.comparingLong(PageCount::views).reversed().thenComparing(PageCount::label, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    static String label(String page, ModuleRegistry.Snapshot installed) {
        String own = PAGES.get(page);
        if (own != null) {
            return own;
        }
        if (page.startsWith(MODULE_PREFIX)) {
            String id = page.substring(MODULE_PREFIX.length());
            CatalogueEntry e = installed.entry(id);
            return e != null ? e.name() : "Module « " + id + " » (désinstallé)";
        }
        return page;
    }

    private static ProblemException unavailable(Exception e) {
        LOG.error("Page views unavailable ({})", e.getClass().getSimpleName());
        return new ProblemException(503, "statistics-unavailable",
                "Les statistiques de pages ne sont pas disponibles pour le moment. Réessayez dans un instant.", e);
    }
}
