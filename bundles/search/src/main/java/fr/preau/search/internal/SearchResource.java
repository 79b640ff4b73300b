package fr.preau.search.internal;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.web.Callers;
import fr.preau.web.PreauApi;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/v1/search}: the search module's REST contract (see the module's README). It takes the path
 * over from the portal's simple search while the module is installed (module routes by ranking).
 */
@Component(service = SearchResource.class, scope = ServiceScope.PROTOTYPE)
@JaxrsResource
@JaxrsApplicationSelect(PreauApi.MODULES)
@JSONRequired
@Path(SearchModule.ID)
@Produces(MediaType.APPLICATION_JSON)
public final class SearchResource {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Pattern FILTER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private final SearchEngine engine;
    private final AccessService access;
    private final DirectorySource annuaire;

    @Activate
    public SearchResource(@Reference(name = "engine") SearchEngine engine, @Reference(name = "access") AccessService access,
            @Reference(name = "annuaire") DirectorySource annuaire) {
        this.engine = engine;
        this.access = access;
        this.annuaire = annuaire;
    }

    /**
     * A person's card in the white pages (where a hit of the annuaire leads): 404 {@code not-found} when the caller
     * may not find that person, exactly as for nobody.
     */
    @GET
    @Path("annuaire/{id}")
    public DirectorySource.Card person(@Context SecurityContext security, @PathParam("id") String id) {
        Person who = Callers.require(security);
        access.require(who, SearchModule.USE, who.uai());
        return annuaire.card(who, id == null || id.length() > 200 ? null : id.strip())
                .orElseThrow(() -> new ProblemException(404, "not-found", "Cette personne n'est pas dans votre annuaire."));
    }

    /** The answer of GET /api/v1/search (issue 9's contract: total, hits, facets). */
    record Page(long total, int offset, int limit, int page, int pageSize, List<SearchEngine.Hit> hits,
            Map<String, Map<String, Long>> facets) {
    }

    /** The hits asked for: {@code offset}/{@code limit} when either is given, else the page of {@link SearchEngine#PAGE_SIZE}. */
    record Window(int offset, int limit) {
        int page() {
            return offset / limit + 1;
        }
    }

    record Suggestions(List<SearchEngine.Suggestion> items) {
    }

    @GET
    public Page search(@Context SecurityContext security, @QueryParam("q") String q, @QueryParam("module") String module,
            @QueryParam("type") String type, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") String page, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Person who = Callers.require(security);
        access.require(who, SearchModule.USE, who.uai());
        String text = query(q);
        LocalDate fromDay = day(from, "from");
        LocalDate toDay = day(to, "to");
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            throw new ProblemException(400, "invalid-period", "La date de fin est avant la date de début : inversez-les.");
        }
        Window w = window(page, offset, limit);
        SearchEngine.Result r = engine.search(who, text, filter(module, "module"), filter(type, "type"),
                fromDay == null ? null : fromDay.atStartOfDay(PARIS).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(PARIS).toInstant(), w.offset(), w.limit());
        if (w.offset() > 0 && w.offset() >= r.total()) {
            if (offset == null && limit == null) {
                long pages = (r.total() + SearchEngine.PAGE_SIZE - 1) / SearchEngine.PAGE_SIZE;
                throw new ProblemException(400, "invalid-page", "Cette page de résultats n'existe pas (il y en a " + pages + ").");
            }
            throw new ProblemException(400, "invalid-offset", "Il n'y a que " + r.total() + " résultat" + (r.total() > 1 ? "s" : "")
                    + " : demandez-les à partir d'un rang plus petit.");
        }
        return new Page(r.total(), w.offset(), w.limit(), w.page(), w.limit(), r.items(), r.facets());
    }

    @GET
    @Path("suggest")
    public Suggestions suggest(@Context SecurityContext security, @QueryParam("q") String q) {
        Person who = Callers.require(security);
        access.require(who, SearchModule.USE, who.uai());
        String text = q == null ? "" : q.strip();
        if (text.length() > Queries.MAX_QUERY) {
            throw tooLong();
        }
        if (text.length() < 2) {
            return new Suggestions(List.of());
        }
        return new Suggestions(engine.suggest(who, text));
    }

    @GET
    @Path("status")
    public SearchEngine.Status status(@Context SecurityContext security) {
        Person who = Callers.require(security);
        access.require(who, SearchModule.MANAGE, who.uai());
        return engine.status();
    }

    @POST
    @Path("reindex")
    public Response reindex(@Context SecurityContext security) {
        Person who = Callers.require(security);
        access.require(who, SearchModule.MANAGE, who.uai());
        engine.rebuild();
        return Response.status(202).entity(engine.status()).build();
    }

    static String query(String q) {
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            throw new ProblemException(400, "invalid-query", "Saisissez au moins un mot à chercher.");
        }
        if (text.length() > Queries.MAX_QUERY) {
            throw tooLong();
        }
        return text;
    }

    private static ProblemException tooLong() {
        return new ProblemException(400, "query-too-long",
                "Votre recherche est trop longue : " + Queries.MAX_QUERY + " caractères au plus. Gardez les mots les plus importants.");
    }

    static LocalDate day(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "invalid-date", "La date « " + (value.length() > 20 ? value.substring(0, 20) + "…" : value)
                    + " » n'est pas lisible : écrivez-la AAAA-MM-JJ, par exemple 2026-12-07.");
        }
    }

    /** {@code offset} (0 to the last of {@link SearchEngine#MAX_PAGE} pages) and {@code limit} (1 to {@link SearchEngine#MAX_LIMIT}), or the page. */
    static Window window(String page, String offset, String limit) {
        if (offset == null && limit == null) {
            return new Window((page(page) - 1) * SearchEngine.PAGE_SIZE, SearchEngine.PAGE_SIZE);
        }
        if (page != null && !page.isBlank()) {
            throw new ProblemException(400, "invalid-page", "Demandez soit une page (page), soit un rang et un nombre de résultats "
                    + "(offset et limit), pas les deux.");
        }
        int l = bounded(limit, SearchEngine.PAGE_SIZE, 1, SearchEngine.MAX_LIMIT, "invalid-limit",
                "Le nombre de résultats demandé (limit) doit être un nombre entre 1 et " + SearchEngine.MAX_LIMIT + ".");
        int maxOffset = SearchEngine.MAX_PAGE * SearchEngine.PAGE_SIZE - 1;
        int o = bounded(offset, 0, 0, maxOffset, "invalid-offset",
                "Le rang du premier résultat (offset) doit être un nombre entre 0 et " + maxOffset + ".");
        return new Window(o, l);
    }

    private static int bounded(String value, int absent, int min, int max, String type, String title) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProblemException(400, type, title);
    }

    static int page(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int p = Integer.parseInt(value.strip());
            if (p >= 1 && p <= SearchEngine.MAX_PAGE) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProblemException(400, "invalid-page", "Le numéro de page doit être un nombre entre 1 et " + SearchEngine.MAX_PAGE + ".");
    }

    static String filter(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (!FILTER.matcher(v).matches()) {
            throw new ProblemException(400, "invalid-filter", "Ce filtre de recherche n'existe pas. Choisissez-en un dans la liste.");
        }
        return v;
    }
}
