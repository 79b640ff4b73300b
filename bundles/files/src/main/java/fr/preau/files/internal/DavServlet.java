package fr.preau.files.internal;

import fr.preau.api.Person;
import fr.preau.api.ProblemException;
import fr.preau.auth.Authenticator;
import fr.preau.auth.ThrottledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * WebDAV class 1 and 2 (RFC 4918) at {@code /dav/}: the spaces a person reaches are the collections of
 * the root ({@code /dav/Mes documents/}, {@code /dav/Classe 5A/}, …), each one's folders and files below.
 * Every operation goes through {@link Files}: the same permissions, quotas, names and trash as the REST
 * API (DELETE and overwriting COPY/MOVE put things in the trash). Written here rather than with Apache
 * Jackrabbit's or Milton's WebDAV server: neither is in the box's repository, both bring a resource model
 * and their own locking to adapt to, and the protocol part needed is small.
 */
@Component(service = Servlet.class)
// named: Pax Web keeps one servlet per name in a context, and an unnamed one is called javax.servlet.Servlet (the
// mail autoconfig and the files' WebDAV servlet would wait for each other)
@HttpWhiteboardServletName("preau-files-dav")
@HttpWhiteboardServletPattern({"/dav", "/dav/*"})
public final class DavServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DavServlet.class);
    static final String PREFIX = "/dav";
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";
    private static final int MAX_XML = 1024 * 1024;
    private static final int MAX_DEPTH_ENTRIES = 5000;
    /**
     * HTTP's IMF-fixdate (RFC 9110 §5.6.7: always two digits for the day), for getlastmodified and Last-Modified;
     * {@code RFC_1123_DATE_TIME} writes "Thu, 1 Jan 1970", which strict parsers refuse.
     */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final transient Files files;
    private final transient DavAuth auth;
    private final transient DavLocks locks;

    @Activate
    public DavServlet(@Reference(name = "files") Files files, @Reference(name = "authenticator") Authenticator authenticator) {
        this.files = files;
        this.auth = new DavAuth(authenticator, files);
        this.locks = new DavLocks(files.clock());
    }

    /** A request's failure: a status and a French line for people reading it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    // --- dispatch ----------------------------------------------------------------------------------------

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        res.setHeader("DAV", "1, 2");
        res.setHeader("MS-Author-Via", "DAV");
        if (method.equals("OPTIONS")) {
            res.setHeader("Allow", ALLOW);
            res.setStatus(200);
            res.setContentLength(0);
            return;
        }
        try {
            Optional<Person> who;
            try {
                who = auth.authenticate(req.getHeader("Authorization"), req.getRemoteAddr());
            } catch (ThrottledException e) {
                res.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
                plain(res, 429, e.title());
                return;
            } catch (ProblemException e) {
                if (e.status() >= 500) {
                    plain(res, e.status(), e.title());
                    return;
                }
                who = Optional.empty();
            }
            if (who.isEmpty()) {
                res.setHeader("WWW-Authenticate", "Basic realm=\"Préau\", charset=\"UTF-8\"");
                plain(res, 401, "Identifiez-vous avec votre identifiant Préau et votre mot de passe (ou un mot de passe d'application).");
                return;
            }
            Person p = who.get();
            switch (method) {
                case "GET" -> get(p, req, res, true);
                case "HEAD" -> get(p, req, res, false);
                case "PUT" -> put(p, req, res);
                case "DELETE" -> delete(p, req, res);
                case "MKCOL" -> mkcol(p, req, res);
                case "PROPFIND" -> propfind(p, req, res);
                case "PROPPATCH" -> proppatch(p, req, res);
                case "COPY" -> copyOrMove(p, req, res, false);
                case "MOVE" -> copyOrMove(p, req, res, true);
                case "LOCK" -> lock(p, req, res);
                case "UNLOCK" -> unlock(p, req, res);
                default -> {
                    res.setHeader("Allow", ALLOW);
                    plain(res, 405, "Méthode non prise en charge.");
                }
            }
        } catch (Failure f) {
            plain(res, f.status, f.getMessage());
        } catch (ProblemException e) {
            plain(res, e.status(), e.title());
        } catch (DavXml.BadXml e) {
            plain(res, 400, "Corps XML illisible.");
        } catch (DavIf.Malformed e) {
            plain(res, 400, "En-tête If illisible.");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("WebDAV {} failed: {}", method, e.toString());
            if (!res.isCommitted()) {
                plain(res, 500, "Erreur interne : réessayez.");
            }
        }
    }

    private static void plain(HttpServletResponse res, int status, String text) throws IOException {
        if (res.isCommitted()) {
            return;
        }
        res.setStatus(status);
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        res.setContentType("text/plain;charset=UTF-8");
        res.setContentLength(body.length);
        res.getOutputStream().write(body);
    }

    // --- where a URL points ------------------------------------------------------------------------------

    /**
     * A resolved location: the root ({@code space} null), a space's root ({@code path} empty) or a path in
     * a space; {@code node} is the existing folder or file there (null for the roots or when missing).
     */
    record Loc(Space space, List<String> path, Node node) {

        boolean root() {
            return space == null;
        }

        boolean spaceRoot() {
            return space != null && path.isEmpty();
        }

        boolean exists() {
            return space == null || path.isEmpty() || node != null;
        }

        boolean collection() {
            return space == null || path.isEmpty() || (node != null && node.folder());
        }

        String key() {
            return space == null ? "" : space.id() + (path.isEmpty() ? "" : "/" + String.join("/", path));
        }

        String name() {
            return path.isEmpty() ? (space == null ? "" : space.label()) : path.get(path.size() - 1);
        }

        List<String> parentPath() {
            return path.subList(0, path.size() - 1);
        }

        String href() {
            StringBuilder b = new StringBuilder(PREFIX).append('/');
            if (space != null) {
                b.append(encode(space.label())).append('/');
                for (String s : path) {
                    b.append(encode(s)).append('/');
                }
            }
            if (!collection() && b.length() > 1) {
                b.setLength(b.length() - 1);
            }
            return b.toString();
        }
    }

    /** The segments of a path below {@code /dav}, decoded (UTF-8, NFC); 400 for dot segments or bad escapes. */
    static List<String> segments(String rawPath) throws Failure {
        if (rawPath == null || !(rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/"))) {
            throw new Failure(404, "Introuvable.");
        }
        String rest = rawPath.substring(PREFIX.length());
        if (rest.indexOf('#') >= 0 || rest.indexOf('?') >= 0) {
            throw new Failure(400, "Adresse invalide.");
        }
        List<String> out = new ArrayList<>();
        for (String raw : rest.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String s = Normalizer.normalize(decode(raw), Normalizer.Form.NFC);
            if (s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\0') >= 0) {
                throw new Failure(400, "Adresse invalide : « . », « .. », / et \\ ne peuvent pas être dans un nom.");
            }
            out.add(s);
        }
        return out;
    }

    static String decode(String s) throws Failure {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new Failure(400, "Adresse mal encodée.");
                }
                try {
                    b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new Failure(400, "Adresse mal encodée.");
                }
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                b.write(bytes, 0, bytes.length);
            }
        }
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
        try {
            return d.decode(java.nio.ByteBuffer.wrap(b.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new Failure(400, "Adresse mal encodée (UTF-8 attendu).");
        }
    }

    static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private Loc locate(Person who, String rawPath) throws Failure, SQLException {
        List<String> segs = segments(rawPath);
        if (segs.isEmpty()) {
            return new Loc(null, List.of(), null);
        }
        Space space = null;
        for (Space s : files.spaces(who)) {
            if (s.label().equals(segs.get(0))) {
                space = s;
                break;
            }
        }
        if (space == null) {
            throw new Failure(404, "Cet espace n'existe pas ou ne vous est pas ouvert.");
        }
        List<String> path = List.copyOf(segs.subList(1, segs.size()));
        Node node = path.isEmpty() ? null : files.resolve(who, space.id(), path).orElse(null);
        return new Loc(space, path, node);
    }

    private Loc locate(Person who, HttpServletRequest req) throws Failure, SQLException {
        return locate(who, req.getRequestURI());
    }

    /** The path of an absolute or absolute-path URL (Destination, tagged If lists). */
    static String pathOf(String url) throws Failure {
        try {
            URI u = new URI(url.strip());
            String raw = u.getRawPath();
            if (raw == null) {
                throw new Failure(400, "Adresse invalide.");
            }
            return raw;
        } catch (URISyntaxException e) {
            throw new Failure(400, "Adresse invalide.");
        }
    }

    /** The parent folder's node id (null: the space's root); 409 when the parent is missing or not a folder. */
    private Long parentOf(Person who, Loc at) throws Failure, SQLException {
        if (at.root() || at.spaceRoot()) {
            throw new Failure(403, "Les espaces eux-mêmes ne se créent, ne se déplacent ni ne se suppriment pas ici.");
        }
        if (at.path().size() == 1) {
            return null;
        }
        Optional<Node> parent = files.resolve(who, at.space().id(), at.parentPath());
        if (parent.isEmpty() || !parent.get().folder()) {
            throw new Failure(409, "Le dossier parent n'existe pas.");
        }
        return parent.get().id();
    }

    // --- locks and the If header -------------------------------------------------------------------------

    private DavIf condition(HttpServletRequest req) throws DavIf.Malformed {
        return DavIf.parse(req.getHeader("If"));
    }

    /** 412 when the If header is not satisfied. */
    private void checkIf(Person who, HttpServletRequest req, DavIf cond, Loc at) throws Failure, SQLException {
        if (!cond.present()) {
            return;
        }
        Map<String, Loc> cache = new LinkedHashMap<>();
        boolean ok = cond.holds(req.getRequestURI(), new DavIf.State() {
            @Override
            public String etag(String resource) {
                Loc l = resolveTag(who, resource, at, req, cache);
                return l == null || !l.exists() ? null : etagOf(l);
            }

            @Override
            public boolean locked(String resource, String token) {
                Loc l = resolveTag(who, resource, at, req, cache);
                if (l == null) {
                    return false;
                }
                return locks.covering(l.key()).stream().anyMatch(x -> x.token().equals(token));
            }
        });
        if (!ok) {
            throw new Failure(412, "La condition If n'est pas remplie.");
        }
    }

    private Loc resolveTag(Person who, String resource, Loc at, HttpServletRequest req, Map<String, Loc> cache) {
        if (resource.equals(req.getRequestURI())) {
            return at;
        }
        return cache.computeIfAbsent(resource, r -> {
            try {
                return locate(who, pathOf(r));
            } catch (Failure | SQLException | ProblemException e) {
                return null;
            }
        });
    }

    /** 423 unless the request submits a token of each lock in {@code held} (and it is the caller's). */
    private void requireTokens(Person who, List<DavLocks.Lock> held, DavIf cond) throws Failure {
        Set<String> submitted = cond.tokens();
        for (DavLocks.Lock l : held) {
            if (!submitted.contains(l.token()) || !l.principal().equals(who.id().value())) {
                throw new Failure(423, "Cet élément est verrouillé par une autre application.");
            }
        }
    }

    /** The locks that stop changing the resource at {@code at} itself (on it or above it). */
    private List<DavLocks.Lock> locksOn(Loc at) {
        return at.root() ? List.of() : locks.covering(at.key());
    }

    /** Adding or removing a member: the locks of the parent collection count (a depth-0 lock protects its members list). */
    private List<DavLocks.Lock> locksOnParent(Loc at) {
        if (at.root() || at.spaceRoot()) {
            return List.of();
        }
        String parent = at.path().size() == 1 ? at.space().id() : at.space().id() + "/" + String.join("/", at.parentPath());
        return locks.covering(parent);
    }

    private static String etagOf(Loc l) {
        if (l.root()) {
            return "\"root\"";
        }
        if (l.spaceRoot()) {
            return "\"" + Integer.toHexString(l.space().id().hashCode()) + "\"";
        }
        return "\"" + l.node().etag() + "\"";
    }

    // --- GET, HEAD ---------------------------------------------------------------------------------------

    private void get(Person who, HttpServletRequest req, HttpServletResponse res, boolean body) throws Failure, SQLException, IOException {
        Loc at = locate(who, req);
        if (!at.exists()) {
            throw new Failure(404, "Introuvable.");
        }
        if (at.collection()) {
            StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>")
                    .append(DavXml.text(at.root() ? "Préau" : at.name())).append("</title></head><body><ul>");
            for (Loc c : members(who, at)) {
                html.append("<li><a href=\"").append(DavXml.text(c.href())).append("\">").append(DavXml.text(c.name()))
                        .append(c.collection() ? "/" : "").append("</a></li>");
            }
            html.append("</ul></body></html>");
            byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
            res.setStatus(200);
            res.setContentType("text/html;charset=UTF-8");
            res.setContentLength(bytes.length);
            if (body) {
                res.getOutputStream().write(bytes);
            }
            return;
        }
        Node n = at.node();
        java.nio.file.Path file = files.content(n);
        String etag = "\"" + n.etag() + "\"";
        String inm = req.getHeader("If-None-Match");
        if (inm != null && (inm.strip().equals("*") || inm.contains(etag))) {
            res.setStatus(304);
            res.setHeader("ETag", etag);
            return;
        }
        res.setHeader("ETag", etag);
        res.setHeader("Last-Modified", HTTP_DATE.format(n.updatedAt()));
        res.setHeader("Accept-Ranges", "bytes");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setContentType(Sniffer.served(n.mediaType()));
        long size = n.size();
        long from = 0;
        long to = size - 1;
        String range = req.getHeader("Range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",") && size > 0) {
            String spec = range.substring(6).strip();
            int dash = spec.indexOf('-');
            try {
                if (dash == 0) {
                    long suffix = Long.parseLong(spec.substring(1));
                    from = Math.max(0, size - suffix);
                } else if (dash > 0) {
                    from = Long.parseLong(spec.substring(0, dash));
                    if (dash < spec.length() - 1) {
                        to = Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
                    }
                }
                if (from > to || from >= size) {
                    res.setHeader("Content-Range", "bytes */" + size);
                    plain(res, 416, "Plage demandée hors du fichier.");
                    return;
                }
                res.setStatus(206);
                res.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
            } catch (NumberFormatException e) {
                from = 0;
                to = size - 1;
                res.setStatus(200);
            }
        } else {
            res.setStatus(200);
        }
        res.setContentLengthLong(Math.max(0, to - from + 1));
        if (!body || size == 0) {
            return;
        }
        FileSender.send(res.getOutputStream(), file, from, to - from + 1);
    }

    // --- PUT, MKCOL, DELETE ------------------------------------------------------------------------------

    private void put(Person who, HttpServletRequest req, HttpServletResponse res) throws Failure, SQLException, IOException, DavIf.Malformed {
        Loc at = locate(who, req);
        if (at.collection() && at.exists()) {
            throw new Failure(405, "On ne peut pas écrire dans un dossier comme dans un fichier.");
        }
        Long parent = parentOf(who, at);
        DavIf cond = condition(req);
        checkIf(who, req, cond, at);
        requireTokens(who, at.exists() ? locksOn(at) : locksOnParent(at), cond);
        String inm = req.getHeader("If-None-Match");
        if (inm != null && inm.strip().equals("*") && at.exists()) {
            throw new Failure(412, "Ce fichier existe déjà.");
        }
        String range = req.getHeader("Content-Range");
        if (range != null) {
            throw new Failure(400, "L'écriture partielle (Content-Range) n'est pas prise en charge.");
        }
        Files.Upload up = files.upload(who, at.space().id(), parent, at.name(), req.getContentType(), req.getContentLengthLong(),
                req.getInputStream(), true);
        res.setHeader("ETag", "\"" + up.node().etag() + "\"");
        res.setStatus(up.created() ? 201 : 204);
        res.setContentLength(0);
    }

    private void mkcol(Person who, HttpServletRequest req, HttpServletResponse res) throws Failure, SQLException, IOException, DavIf.Malformed {
        Loc at = locate(who, req);
        if (at.exists()) {
            res.setHeader("Allow", ALLOW);
            throw new Failure(405, "Cet élément existe déjà.");
        }
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            if (req.getInputStream().read() >= 0) {
                throw new Failure(415, "MKCOL ne prend pas de corps.");
            }
        }
        Long parent = parentOf(who, at);
        DavIf cond = condition(req);
        checkIf(who, req, cond, at);
        requireTokens(who, locksOnParent(at), cond);
        files.mkdir(who, at.space().id(), parent, at.name());
        res.setStatus(201);
        res.setContentLength(0);
    }

    private void delete(Person who, HttpServletRequest req, HttpServletResponse res) throws Failure, SQLException, IOException, DavIf.Malformed {
        Loc at = locate(who, req);
        if (!at.exists()) {
            throw new Failure(404, "Introuvable.");
        }
        if (at.root() || at.spaceRoot()) {
            throw new Failure(403, "Un espace ne se supprime pas.");
        }
        String depth = req.getHeader("Depth");
        if (at.collection() && depth != null && !depth.equalsIgnoreCase("infinity")) {
            throw new Failure(400, "DELETE d'un dossier : Depth infinity seulement.");
        }
        DavIf cond = condition(req);
        checkIf(who, req, cond, at);
        List<DavLocks.Lock> held = new ArrayList<>(locks.within(at.key()));
        held.addAll(locksOnParent(at));
        requireTokens(who, held, cond);
        files.delete(who, at.node().id());
        locks.dropWithin(at.key());
        res.setStatus(204);
    }

    // --- COPY, MOVE --------------------------------------------------------------------------------------

    private void copyOrMove(Person who, HttpServletRequest req, HttpServletResponse res, boolean move)
            throws Failure, SQLException, IOException, DavIf.Malformed {
        Loc from = locate(who, req);
        if (!from.exists()) {
            throw new Failure(404, "Introuvable.");
        }
        if (from.root() || from.spaceRoot()) {
            throw new Failure(403, "Un espace ne se copie ni ne se déplace.");
        }
        String destination = req.getHeader("Destination");
        if (destination == null || destination.isBlank()) {
            throw new Failure(400, "En-tête Destination manquant.");
        }
        URI du;
        try {
            du = new URI(destination.strip());
        } catch (URISyntaxException e) {
            throw new Failure(400, "Destination invalide.");
        }
        if (du.getHost() != null && req.getServerName() != null && !du.getHost().equalsIgnoreCase(req.getServerName())) {
            throw new Failure(502, "La destination est sur un autre serveur.");
        }
        Loc to;
        try {
            to = locate(who, pathOf(destination));
        } catch (Failure f) {
            throw f.status == 404 ? new Failure(409, "Le dossier de destination n'existe pas.") : f;
        }
        if (to.root() || to.spaceRoot()) {
            throw new Failure(403, "Destination impossible.");
        }
        if (to.key().equals(from.key())) {
            throw new Failure(403, "La source et la destination sont le même élément.");
        }
        String depthHeader = req.getHeader("Depth");
        boolean deep = true;
        if (depthHeader != null) {
            if (depthHeader.equals("0")) {
                deep = false;
            } else if (!depthHeader.equalsIgnoreCase("infinity")) {
                throw new Failure(400, "Depth doit valoir 0 ou infinity.");
            }
        }
        if (move && !deep && from.collection()) {
            throw new Failure(400, "MOVE d'un dossier : Depth infinity seulement.");
        }
        String ow = req.getHeader("Overwrite");
        boolean overwrite = ow == null || ow.strip().equalsIgnoreCase("T");
        if (ow != null && !ow.strip().equalsIgnoreCase("T") && !ow.strip().equalsIgnoreCase("F")) {
            throw new Failure(400, "Overwrite doit valoir T ou F.");
        }
        Long parent = parentOf(who, to);
        boolean existed = to.exists();
        if (existed && !overwrite) {
            throw new Failure(412, "La destination existe déjà (Overwrite: F).");
        }
        DavIf cond = condition(req);
        checkIf(who, req, cond, from);
        List<DavLocks.Lock> held = new ArrayList<>();
        if (move) {
            held.addAll(locks.within(from.key()));
            held.addAll(locksOnParent(from));
        }
        if (existed) {
            held.addAll(locks.within(to.key()));
        }
        held.addAll(locksOnParent(to));
        requireTokens(who, held, cond);
        if (move) {
            files.move(who, from.node().id(), to.space().id(), parent, to.name(), overwrite);
            locks.dropWithin(from.key());
        } else {
            files.copy(who, from.node().id(), to.space().id(), parent, to.name(), overwrite, deep);
        }
        if (existed) {
            locks.dropWithin(to.key());
        }
        res.setStatus(existed ? 204 : 201);
        res.setContentLength(0);
    }

    // --- PROPFIND ----------------------------------------------------------------------------------------

    private static final List<String> LIVE = List.of("creationdate", "displayname", "getcontentlength", "getcontenttype", "getetag",
            "getlastmodified", "resourcetype", "supportedlock", "lockdiscovery");
    /** Live properties given only when asked for by name. */
    private static final List<String> LIVE_ON_REQUEST = List.of("quota-available-bytes", "quota-used-bytes");

    private void propfind(Person who, HttpServletRequest req, HttpServletResponse res) throws Failure, SQLException, IOException, DavXml.BadXml {
        Loc at = locate(who, req);
        if (!at.exists()) {
            throw new Failure(404, "Introuvable.");
        }
        String depthHeader = req.getHeader("Depth");
        int depth;
        if (depthHeader == null || depthHeader.equalsIgnoreCase("infinity")) {
            depth = Integer.MAX_VALUE;
        } else if (depthHeader.equals("0")) {
            depth = 0;
        } else if (depthHeader.equals("1")) {
            depth = 1;
        } else {
            throw new Failure(400, "Depth doit valoir 0, 1 ou infinity.");
        }
        Document doc = DavXml.parse(req.getInputStream(), MAX_XML);
        String mode = "allprop";
        List<String[]> wanted = new ArrayList<>();
        if (doc != null) {
            Element root = doc.getDocumentElement();
            if (!DavXml.is(root, DavXml.DAV, "propfind")) {
                throw new DavXml.BadXml("propfind expected");
            }
            Element prop = DavXml.child(root, DavXml.DAV, "prop");
            if (prop != null) {
                mode = "prop";
                for (Element e : DavXml.children(prop)) {
                    wanted.add(new String[] {e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName()});
                }
            } else if (DavXml.child(root, DavXml.DAV, "propname") != null) {
                mode = "propname";
            } else if (DavXml.child(root, DavXml.DAV, "allprop") != null) {
                mode = "allprop";
                Element include = DavXml.child(root, DavXml.DAV, "include");
                if (include != null) {
                    for (Element e : DavXml.children(include)) {
                        wanted.add(new String[] {e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName()});
                    }
                }
            } else {
                throw new DavXml.BadXml("prop, propname or allprop expected");
            }
        }
        List<Loc> all = new ArrayList<>();
        collect(who, at, depth, all);
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">");
        for (Loc l : all) {
            response(who, l, mode, wanted, b);
        }
        b.append("</D:multistatus>");
        multistatus(res, b);
    }

    private void collect(Person who, Loc at, int depth, List<Loc> out) throws Failure, SQLException {
        out.add(at);
        if (out.size() > MAX_DEPTH_ENTRIES) {
            throw new Failure(403, "Trop d'éléments : demandez un dossier à la fois (Depth: 1).");
        }
        if (depth > 0 && at.collection()) {
            for (Loc c : members(who, at)) {
                collect(who, c, depth == Integer.MAX_VALUE ? depth : depth - 1, out);
            }
        }
    }

    private List<Loc> members(Person who, Loc at) throws SQLException {
        List<Loc> out = new ArrayList<>();
        if (at.root()) {
            for (Space s : files.spaces(who)) {
                out.add(new Loc(s, List.of(), null));
            }
            return out;
        }
        for (Node n : files.list(who, at.space().id(), at.node() == null ? null : at.node().id())) {
            List<String> path = new ArrayList<>(at.path());
            path.add(n.name());
            out.add(new Loc(at.space(), List.copyOf(path), n));
        }
        return out;
    }

    private void response(Person who, Loc l, String mode, List<String[]> wanted, StringBuilder b) throws SQLException {
        Map<List<String>, String> dead = l.node() == null ? Map.of() : files.properties(l.node());
        b.append("<D:response><D:href>").append(DavXml.text(l.href())).append("</D:href>");
        StringBuilder ok = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        if (mode.equals("propname")) {
            for (String live : LIVE) {
                if (live(who, l, live) != null) {
                    ok.append("<D:").append(live).append("/>");
                }
            }
            for (List<String> k : dead.keySet()) {
                ok.append(DavXml.emptyElement(k.get(0), k.get(1)));
            }
        } else {
            List<String[]> names = new ArrayList<>();
            if (mode.equals("allprop")) {
                for (String live : LIVE) {
                    names.add(new String[] {DavXml.DAV, live});
                }
                for (List<String> k : dead.keySet()) {
                    names.add(new String[] {k.get(0), k.get(1)});
                }
                for (String[] w : wanted) {
                    if (names.stream().noneMatch(n -> n[0].equals(w[0]) && n[1].equals(w[1]))) {
                        names.add(w);
                    }
                }
            } else {
                names.addAll(wanted);
            }
            for (String[] n : names) {
                String value = null;
                if (DavXml.DAV.equals(n[0])) {
                    value = live(who, l, n[1]);
                }
                if (value == null) {
                    String stored = dead.get(List.of(n[0], n[1]));
                    if (stored != null) {
                        ok.append(stored);
                        continue;
                    }
                }
                if (value != null) {
                    ok.append(value);
                } else if (!mode.equals("allprop") || !DavXml.DAV.equals(n[0]) || !LIVE.contains(n[1])) {
                    missing.append(DavXml.emptyElement(n[0], n[1]));
                }
            }
        }
        if (ok.length() > 0) {
            b.append("<D:propstat><D:prop>").append(ok).append("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
        }
        if (missing.length() > 0) {
            b.append("<D:propstat><D:prop>").append(missing).append("</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>");
        }
        if (ok.length() == 0 && missing.length() == 0) {
            b.append("<D:propstat><D:prop/><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
        }
        b.append("</D:response>");
    }

    /** A live property as XML, or null when the resource has none of that name. */
    private String live(Person who, Loc l, String name) throws SQLException {
        Node n = l.node();
        Instant created = n == null ? Instant.EPOCH : n.createdAt();
        Instant modified = n == null ? Instant.EPOCH : n.updatedAt();
        return switch (name) {
            case "creationdate" -> "<D:creationdate>" + DateTimeFormatter.ISO_INSTANT.format(created) + "</D:creationdate>";
            case "displayname" -> "<D:displayname>" + DavXml.text(l.root() ? "Préau" : l.name()) + "</D:displayname>";
            case "getcontentlength" -> l.collection() ? null : "<D:getcontentlength>" + n.size() + "</D:getcontentlength>";
            case "getcontenttype" -> l.collection() ? null
                    : "<D:getcontenttype>" + DavXml.text(n.mediaType() == null ? "application/octet-stream" : n.mediaType()) + "</D:getcontenttype>";
            case "getetag" -> "<D:getetag>" + DavXml.text(etagOf(l)) + "</D:getetag>";
            case "getlastmodified" -> "<D:getlastmodified>" + HTTP_DATE.format(modified) + "</D:getlastmodified>";
            case "resourcetype" -> l.collection() ? "<D:resourcetype><D:collection/></D:resourcetype>" : "<D:resourcetype/>";
            case "supportedlock" -> l.root() ? null : "<D:supportedlock>"
                    + "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
                    + "<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>"
                    + "</D:supportedlock>";
            case "lockdiscovery" -> l.root() ? null : lockDiscovery(locksOn(l));
            case "quota-used-bytes", "quota-available-bytes" -> {
                if (l.root() || l.space().kind() == Space.Kind.PARTAGE) {
                    yield null;
                }
                Files.Usage u = files.usage(who, l.space().id());
                yield name.equals("quota-used-bytes") ? "<D:quota-used-bytes>" + u.used() + "</D:quota-used-bytes>"
                        : "<D:quota-available-bytes>" + Math.max(0, u.limit() - u.used()) + "</D:quota-available-bytes>";
            }
            default -> null;
        };
    }

    private String lockDiscovery(List<DavLocks.Lock> held) {
        StringBuilder b = new StringBuilder("<D:lockdiscovery>");
        for (DavLocks.Lock l : held) {
            b.append(activeLock(l));
        }
        return b.append("</D:lockdiscovery>").toString();
    }

    private String activeLock(DavLocks.Lock l) {
        long left = Math.max(1, java.time.Duration.between(files.clock().instant(), l.expires()).getSeconds());
        return "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>" + (l.exclusive() ? "<D:exclusive/>" : "<D:shared/>")
                + "</D:lockscope><D:depth>" + (l.infinite() ? "infinity" : "0") + "</D:depth>"
                + (l.ownerXml() == null ? "" : l.ownerXml())
                + "<D:timeout>Second-" + left + "</D:timeout><D:locktoken><D:href>" + DavXml.text(l.token())
                + "</D:href></D:locktoken><D:lockroot><D:href>" + DavXml.text(lockRootHref(l)) + "</D:href></D:lockroot></D:activelock>";
    }

    /** The href of a lock's resource, from its key (space id, then names). */
    private final Map<String, String> lockRoots = new java.util.concurrent.ConcurrentHashMap<>();

    private String lockRootHref(DavLocks.Lock l) {
        return lockRoots.getOrDefault(l.token(), PREFIX + "/");
    }

    private static void multistatus(HttpServletResponse res, StringBuilder b) throws IOException {
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        res.setStatus(207);
        res.setContentType("application/xml;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    // --- PROPPATCH ---------------------------------------------------------------------------------------

    private void proppatch(Person who, HttpServletRequest req, HttpServletResponse res)
            throws Failure, SQLException, IOException, DavXml.BadXml, DavIf.Malformed {
        Loc at = locate(who, req);
        if (!at.exists()) {
            throw new Failure(404, "Introuvable.");
        }
        Document doc = DavXml.parse(req.getInputStream(), MAX_XML);
        if (doc == null || !DavXml.is(doc.getDocumentElement(), DavXml.DAV, "propertyupdate")) {
            throw new DavXml.BadXml("propertyupdate expected");
        }
        if (at.root() || at.spaceRoot()) {
            throw new Failure(403, "Les propriétés d'un espace ne se modifient pas.");
        }
        if (!files.mayWriteAt(who, at.space(), at.node())) {
            throw new Failure(403, "Vous pouvez consulter cet espace mais pas y modifier de fichiers.");
        }
        DavIf cond = condition(req);
        checkIf(who, req, cond, at);
        requireTokens(who, locksOn(at), cond);
        List<String[]> changes = new ArrayList<>();
        List<String[]> protectedOnes = new ArrayList<>();
        List<String[]> tooBig = new ArrayList<>();
        for (Element op : DavXml.children(doc.getDocumentElement())) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            if (!set && !DavXml.is(op, DavXml.DAV, "remove")) {
                continue;
            }
            Element prop = DavXml.child(op, DavXml.DAV, "prop");
            if (prop == null) {
                throw new DavXml.BadXml("prop expected");
            }
            for (Element p : DavXml.children(prop)) {
                String ns = p.getNamespaceURI() == null ? "" : p.getNamespaceURI();
                String[] name = {ns, p.getLocalName()};
                if (DavXml.DAV.equals(ns) && (LIVE.contains(p.getLocalName()) || LIVE_ON_REQUEST.contains(p.getLocalName()))) {
                    protectedOnes.add(name);
                    continue;
                }
                String value = set ? DavXml.serialize(p) : null;
                if (value != null && value.length() > 8000) {
                    tooBig.add(name);
                    continue;
                }
                changes.add(new String[] {ns, p.getLocalName(), value});
            }
        }
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\"><D:response><D:href>")
                .append(DavXml.text(at.href())).append("</D:href>");
        if (protectedOnes.isEmpty() && tooBig.isEmpty()) {
            files.patchProperties(who, at.node(), changes);
            Set<String> seen = new HashSet<>();
            StringBuilder ok = new StringBuilder();
            for (String[] c : changes) {
                if (seen.add(c[0] + "\u0000" + c[1])) {
                    ok.append(DavXml.emptyElement(c[0], c[1]));
                }
            }
            b.append("<D:propstat><D:prop>").append(ok).append("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
        } else {
            propstat(b, protectedOnes, "403 Forbidden");
            propstat(b, tooBig, "507 Insufficient Storage");
            List<String[]> failed = new ArrayList<>();
            for (String[] c : changes) {
                failed.add(new String[] {c[0], c[1]});
            }
            propstat(b, failed, "424 Failed Dependency");
        }
        b.append("</D:response></D:multistatus>");
        multistatus(res, b);
    }

    private static void propstat(StringBuilder b, List<String[]> names, String status) {
        if (names.isEmpty()) {
            return;
        }
        b.append("<D:propstat><D:prop>");
        for (String[] n : names) {
            b.append(DavXml.emptyElement(n[0], n[1]));
        }
        b.append("</D:prop><D:status>HTTP/1.1 ").append(status).append("</D:status></D:propstat>");
    }

    // --- LOCK, UNLOCK ------------------------------------------------------------------------------------

    private void lock(Person who, HttpServletRequest req, HttpServletResponse res)
            throws Failure, SQLException, IOException, DavXml.BadXml, DavIf.Malformed {
        Loc at = locate(who, req);
        if (at.root()) {
            throw new Failure(403, "La racine ne se verrouille pas.");
        }
        if (!files.mayWriteAt(who, at.space(), at.node())) {
            throw new Failure(403, "Vous pouvez consulter cet espace mais pas y verrouiller de fichiers.");
        }
        Document doc = DavXml.parse(req.getInputStream(), MAX_XML);
        long seconds = DavLocks.timeout(req.getHeader("Timeout"));
        DavIf cond = condition(req);
        if (doc == null) {
            // a refresh: the If header names the lock
            checkIf(who, req, cond, at);
            for (String token : cond.tokens()) {
                Optional<DavLocks.Lock> l = locks.get(token).filter(x -> x.covers(at.key()) && x.principal().equals(who.id().value()));
                if (l.isPresent()) {
                    DavLocks.Lock fresh = locks.refresh(token, seconds).orElseThrow();
                    lockAnswer(res, 200, fresh);
                    return;
                }
            }
            throw new Failure(412, "Aucun verrou à prolonger : indiquez son jeton dans l'en-tête If.");
        }
        Element info = doc.getDocumentElement();
        if (!DavXml.is(info, DavXml.DAV, "lockinfo")) {
            throw new DavXml.BadXml("lockinfo expected");
        }
        Element scope = DavXml.child(info, DavXml.DAV, "lockscope");
        Element type = DavXml.child(info, DavXml.DAV, "locktype");
        if (scope == null || type == null || DavXml.child(type, DavXml.DAV, "write") == null) {
            throw new DavXml.BadXml("lockscope and write locktype expected");
        }
        boolean exclusive = DavXml.child(scope, DavXml.DAV, "exclusive") != null;
        if (!exclusive && DavXml.child(scope, DavXml.DAV, "shared") == null) {
            throw new DavXml.BadXml("exclusive or shared expected");
        }
        Element owner = DavXml.child(info, DavXml.DAV, "owner");
        String depthHeader = req.getHeader("Depth");
        boolean infinite = true;
        if (depthHeader != null) {
            if (depthHeader.equals("0")) {
                infinite = false;
            } else if (!depthHeader.equalsIgnoreCase("infinity")) {
                throw new Failure(400, "Depth doit valoir 0 ou infinity.");
            }
        }
        checkIf(who, req, cond, at);
        int status = 200;
        if (!at.exists()) {
            // a lock on an unmapped URL creates an empty file (RFC 4918 §7.3)
            Long parent = parentOf(who, at);
            requireTokens(who, locksOnParent(at), cond);
            files.upload(who, at.space().id(), parent, at.name(), null, 0, InputStream.nullInputStream(), false);
            status = 201;
            infinite = false;
        }
        Optional<DavLocks.Lock> l = locks.lock(at.key(), exclusive, infinite && at.collection(),
                owner == null ? null : DavXml.serialize(owner), who.id().value(), seconds);
        if (l.isEmpty()) {
            throw new Failure(423, "Cet élément est déjà verrouillé.");
        }
        lockRoots.put(l.get().token(), at.href());
        res.setHeader("Lock-Token", "<" + l.get().token() + ">");
        lockAnswer(res, status, l.get());
    }

    private void lockAnswer(HttpServletResponse res, int status, DavLocks.Lock l) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>" + activeLock(l)
                + "</D:lockdiscovery></D:prop>";
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        res.setStatus(status);
        res.setContentType("application/xml;charset=utf-8");
        res.setContentLength(bytes.length);
        res.getOutputStream().write(bytes);
    }

    private void unlock(Person who, HttpServletRequest req, HttpServletResponse res) throws Failure, SQLException, IOException {
        Loc at = locate(who, req);
        String header = req.getHeader("Lock-Token");
        if (header == null || !header.strip().startsWith("<") || !header.strip().endsWith(">")) {
            throw new Failure(400, "En-tête Lock-Token manquant.");
        }
        String token = header.strip().substring(1, header.strip().length() - 1);
        Optional<DavLocks.Lock> l = locks.get(token);
        if (l.isEmpty() || at.root() || !l.get().covers(at.key())) {
            throw new Failure(409, "Ce verrou ne porte pas sur cet élément.");
        }
        if (!l.get().principal().equals(who.id().value())) {
            throw new Failure(403, "Ce verrou n'est pas le vôtre.");
        }
        locks.unlock(token);
        lockRoots.remove(token);
        res.setStatus(204);
    }
}
