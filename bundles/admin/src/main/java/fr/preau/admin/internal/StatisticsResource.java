package fr.preau.admin.internal;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Page;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.audit.AuditActions;
import fr.preau.audit.AuditEntry;
import fr.preau.audit.AuditLog;
import fr.preau.audit.AuditQuery;
import fr.preau.directory.DirectoryEntry;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.PeopleQuery;
import fr.preau.portal.PageViews;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Connection statistics of a school, from the audit log's successful logins (and first logins):
 * <pre>
 * GET /api/v1/admin/statistics/connections?school=&amp;day=2026-11-23
 *   → {"school", "day", "people": n, "slots": [{"start": "00:00", "people": n, "byProfile": {"ELEVE": n, …}} × 48]}
 * </pre>
 * {@code people} counts distinct persons of the school who signed in during the half hour (Paris
 * time) or the day; nobody is named. The referent reads every school, the direction its own.
 * <pre>
 * GET /api/v1/admin/statistics/pages?school=&amp;from=2026-09-01&amp;to=2026-09-30
 *   → {"school", "from", "to", "views": n, "items": [{"page", "label", "views", "byProfile": {"ELEVE": n, …}}]}
 * </pre>
 * The pages and modules opened in the portal (counted by the portal, {@link PageViews}), most
 * opened first; {@value #MAX_DAYS} days at most; by default the last 30 days.
 */
@Component(service = StatisticsResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.SELECT)
@JSONRequired
@Path("admin/statistics")
@Produces(MediaType.APPLICATION_JSON)
public final class StatisticsResource {

    /** One half hour. */
    public record SlotDto(String start, int people, Map<Profile, Integer> byProfile) {
    }

    /** A day of connections. */
    public record ConnectionsDto(String school, LocalDate day, int people, List<SlotDto> slots) {
    }

    /** A page or module over the period. */
    public record PageDto(String page, String label, long views, Map<Profile, Long> byProfile) {
    }

    /** The pages and modules opened over a period. */
    public record PagesDto(String school, LocalDate from, LocalDate to, long views, List<PageDto> items) {
    }

    static final int SLOTS = 48;
    /** Longest period of the page statistics, in days (a leap year). */
    static final int MAX_DAYS = 366;

    /** The portal's counters; absent while the portal is stopped. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PageViews pageViews;
    private static final int PAGE = Page.MAX_LIMIT;

    private final AuditLog audit;
    private final DirectoryService directory;
    private final AccessService access;
    private final Clock clock;

    @Activate
    public StatisticsResource(@Reference(name = "audit") AuditLog audit, @Reference(name = "directory") DirectoryService directory,
            @Reference(name = "access") AccessService access, @Reference(name = "clock") Clock clock) {
        this.audit = audit;
        this.directory = directory;
        this.access = access;
        this.clock = clock;
    }

    @GET
    @Path("connections")
    public ConnectionsDto connections(@Context SecurityContext security, @QueryParam("school") String schoolParam,
            @QueryParam("day") String dayParam) {
        Person reader = Callers.require(security);
        Uai school = schoolParam == null || schoolParam.isBlank() ? reader.uai() : Uai.parse(schoolParam);
        access.require(reader, PlatformActions.READ_STATISTICS, school);
        LocalDate day = day(dayParam, LocalDate.now(clock.withZone(AuditResource.PARIS)));
        // who belongs to the school, with their profiles (deactivated people too: they may have signed in that day)
        Map<String, Set<Profile>> people = new HashMap<>();
        for (DirectoryEntry e : directory.search(new PeopleQuery(school, null, null, null, null))) {
            people.put(e.person().id().value(), e.person().profiles());
        }
        ZonedDateTime start = day.atStartOfDay(AuditResource.PARIS);
        Instant from = start.toInstant();
        Instant to = day.plusDays(1).atStartOfDay(AuditResource.PARIS).toInstant();
        List<Set<String>> slots = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            slots.add(new HashSet<>());
        }
        Set<String> daily = new HashSet<>();
        for (String action : List.of(AuditActions.LOGIN, AuditActions.ACTIVATION)) {
            AuditQuery query = new AuditQuery(action, null, from, to, Boolean.TRUE);
            for (int offset = 0;; offset += PAGE) {
                Page<AuditEntry> page = audit.search(query, offset, PAGE);
                for (AuditEntry e : page.items()) {
                    String who = e.event().actor() == null ? null : e.event().actor().value();
                    if (who == null || !people.containsKey(who)) {
                        continue;
                    }
                    // half hours of the local day (25 or 23 hours on a clock change: the extra hour joins its neighbours)
                    long minutes = Duration.between(from, e.at()).toMinutes() * (SLOTS * 30L) / Duration.between(from, to).toMinutes();
                    slots.get((int) Math.min(SLOTS - 1, minutes / 30)).add(who);
                    daily.add(who);
                }
                if (page.items().size() < PAGE) {
                    break;
                }
            }
        }
        List<SlotDto> out = new ArrayList<>(SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            Map<Profile, Integer> byProfile = new EnumMap<>(Profile.class);
            for (String who : slots.get(i)) {
                for (Profile p : people.get(who)) {
                    byProfile.merge(p, 1, Integer::sum);
                }
            }
            out.add(new SlotDto(String.format("%02d:%02d", i / 2, (i % 2) * 30), slots.get(i).size(), byProfile));
        }
        return new ConnectionsDto(school.value(), day, daily.size(), out);
    }

    @GET
    @Path("pages")
    public PagesDto pages(@Context SecurityContext security, @QueryParam("school") String schoolParam,
            @QueryParam("from") String fromParam, @QueryParam("to") String toParam) {
        Person reader = Callers.require(security);
        Uai school = schoolParam == null || schoolParam.isBlank() ? reader.uai() : Uai.parse(schoolParam);
        access.require(reader, PlatformActions.READ_STATISTICS, school);
        LocalDate today = LocalDate.now(clock.withZone(AuditResource.PARIS));
        LocalDate to = day(toParam, today);
        LocalDate from = day(fromParam, to.minusDays(29));
        if (from.isAfter(to)) {
            throw new ProblemException(400, "invalid-period", "Le premier jour de la période est après le dernier : "
                    + "choisissez un début avant la fin.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new ProblemException(400, "period-too-long", "Cette période est trop longue : choisissez "
                    + MAX_DAYS + " jours au plus (une année scolaire tient dans une période).");
        }
        PageViews views = pageViews;
        if (views == null) {
            throw new ProblemException(503, "statistics-unavailable",
                    "Les statistiques de pages ne sont pas disponibles pour le moment. Réessayez dans un instant.");
        }
        List<PageDto> items = views.count(school, from, to).stream()
                .map(c -> {
                    Map<Profile, Long> byProfile = new EnumMap<>(Profile.class);
                    byProfile.putAll(c.byProfile());
                    return new PageDto(c.page(), c.label(), c.views(), byProfile);
                })
                .toList();
        return new PagesDto(school.value(), from, to, items.stream().mapToLong(PageDto::views).sum(), items);
    }

    /** A day written AAAA-MM-JJ; {@code otherwise} when empty. */
    static LocalDate day(String text, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid-date", "La date « " + abbreviate(text.strip())
                    + " » n'est pas lisible : écrivez-la AAAA-MM-JJ, par exemple 2026-09-01.");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "…" : s;
    }
}
