package fr.preau.directory.internal.ldap;

import fr.preau.directory.internal.feed.FeedCategory;
import fr.preau.directory.internal.ldap.LdapSettings.Search;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the académie's directory and writes it as a complete AAF export, one XML file per
 * category ({@code ENT_LDAP_Complet_<yyyymmdd>_<Category>_0000.xml}), so that the import
 * machinery of AAF files applies unchanged. Entries are streamed page by page to the files: memory
 * holds the structures' DN → key map and a bounded cache of other resolved DNs, never the people.
 * <p>
 * What differs from the XML form (AAF.md §9) and is converted here:
 * <ul>
 * <li>Attribute names are the AAF ones, or come from the configured mapping; other attributes pass
 * through (the import counts those it does not know); {@code objectClass}, {@code userPassword} and
 * binary values are never exported.</li>
 * <li>A reference to another entry is a DN, alone ({@code ENTPersonStructRattach}) or as the first
 * part of a composite ({@code ENTStructureSIREN=…,ou=structures,dc=…$6A}): it becomes that entry's
 * join key — the structures' from the map built while reading them first, the others' by reading
 * the entry.</li>
 * <li>Join keys carry their source, {@code AC-RENNES$128407}: the key is the part after the last
 * {@code $}. One box serves one school, fed by one académie, whose AAF XML files carry the bare key:
 * a box that moves from files to LDAP (or back) keeps its people. The source prefixes seen on join
 * keys are also removed where a key is referenced ({@code AC-RENNES$9200001$10$1$1$1$0}).</li>
 * </ul>
 */
final class LdapExporter {

    /** The files written, and how many entries each category had. */
    record Export(List<Path> files, Map<FeedCategory, Long> counts, long skipped) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LdapExporter.class);
    private static final Set<String> NEVER_EXPORTED = Set.of("objectclass", "userpassword");
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final int CACHE_SIZE = 10_000;
    private static final int MAX_PREFIXES = 32;

    private final LdapSettings settings;
    private final Map<LdapName, String> structures = new HashMap<>();
    /** Other entries' DN → key ("" when none), least recently used dropped first. */
    private final Map<LdapName, String> resolved = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<LdapName, String> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final Set<String> prefixes = new LinkedHashSet<>();
    private final String personKey;
    private final String structureKey;
    private LdapDirectory directory;
    private long lookups;

    LdapExporter(LdapSettings settings) {
        this.settings = settings;
        this.personKey = settings.ldapName("ENTPersonJointure");
        this.structureKey = settings.ldapName("ENTStructureJointure");
    }

    /** The file of a category. */
    static String fileName(LocalDate date, FeedCategory category) {
        return "ENT_LDAP_Complet_" + FILE_DATE.format(date) + "_" + category.fileWord() + "_0000.xml";
    }

    /**
     * Reads every configured search and writes its file into {@code dir} (created, must be empty).
     * Returns only when every search has been read to its last page.
     */
    Export export(Path dir, LocalDate date) throws LdapFailure {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw storage(e);
        }
        List<Path> files = new ArrayList<>();
        Map<FeedCategory, Long> counts = new EnumMap<>(FeedCategory.class);
        long[] skipped = {0};
        try (LdapDirectory d = LdapDirectory.open(settings)) {
            directory = d;
            d.checkBase();
            // settings.searches() lists structures first: their DNs are resolved from then on
            for (Search search : settings.searches()) {
                FeedCategory category = search.category();
                Path file = dir.resolve(fileName(date, category));
                try (AafXmlWriter out = new AafXmlWriter(file, category, "source=\"LDAP\" base=\"" + search.base() + "\" filtre=\""
                        + search.filter() + "\" dateGenerationExport=\"" + date + "\"")) {
                    d.search(search, null, r -> {
                        if (!entry(category, r, out)) {
                            skipped[0]++;
                        }
                    });
                    counts.put(category, out.requests());
                }
                files.add(file);
                LOG.info("LDAP sync: {} {} read", counts.get(category), category.fileWord());
            }
        } catch (XMLStreamException | IOException e) {
            throw storage(e);
        } finally {
            directory = null;
        }
        if (lookups > 0) {
            LOG.info("LDAP sync: {} referenced entries read to resolve their DN", lookups);
        }
        return new Export(files, counts, skipped[0]);
    }

    /** Converts and writes one entry; false when it has no join key (skipped). */
    private boolean entry(FeedCategory category, SearchResult r, AafXmlWriter out) throws LdapFailure, XMLStreamException {
        String keyAttribute = joinKeyAttribute(category);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        try {
            NamingEnumeration<? extends Attribute> all = r.getAttributes().getAll();
            while (all.hasMore()) {
                Attribute a = all.next();
                String id = a.getID();
                int options = id.indexOf(';');
                if (options > 0) {
                    if (id.toLowerCase(Locale.ROOT).contains(";binary")) {
                        continue;
                    }
                    id = id.substring(0, options); // language tags and other options: the values are the attribute's
                }
                if (NEVER_EXPORTED.contains(id.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String name = settings.aafName(id);
                if (name == null) {
                    continue;
                }
                List<String> values = attributes.computeIfAbsent(name, k -> new ArrayList<>());
                NamingEnumeration<?> vs = a.getAll();
                while (vs.hasMore()) {
                    Object v = vs.next();
                    if (v instanceof String s && !s.isBlank()) { // binary values (byte[]) are never exported
                        values.add(s.strip());
                    }
                }
            }
        } catch (NamingException e) {
            throw LdapFailure.of(e, null, "les " + LdapSettings.plural(category), true, LdapDirectory.server(settings.url()));
        }
        List<String> keys = attributes.get(keyAttribute);
        String key = keys == null || keys.isEmpty() ? "" : joinKey(keys.get(0));
        if (key.isEmpty()) {
            LOG.warn("LDAP sync: entry {} has no {}: skipped", r.getNameInNamespace(), keyAttribute);
            return false;
        }
        for (Map.Entry<String, List<String>> a : attributes.entrySet()) {
            if (a.getKey().equals(keyAttribute)) {
                a.setValue(List.of(key));
                continue;
            }
            List<String> converted = new ArrayList<>(a.getValue().size());
            for (String v : a.getValue()) {
                converted.add(reference(v));
            }
            a.setValue(converted);
        }
        if (category == FeedCategory.STRUCTURE) {
            try {
                structures.put(new LdapName(r.getNameInNamespace()), key);
            } catch (InvalidNameException e) {
                LOG.warn("LDAP sync: structure {} has an unreadable DN", key);
            }
        }
        out.add(key, attributes);
        return true;
    }

    static String joinKeyAttribute(FeedCategory category) {
        return switch (category) {
            case STRUCTURE -> "ENTStructureJointure";
            case SUBJECT -> "ENTMatJointure";
            case MEF -> "ENTMefJointure";
            default -> "ENTPersonJointure";
        };
    }

    /** {@code AC-RENNES$128407} → {@code 128407}; the source prefix is remembered to be removed from references. */
    String joinKey(String value) {
        String v = value.strip();
        int dollar = v.lastIndexOf('$');
        if (dollar < 0) {
            return v;
        }
        if (dollar > 0 && prefixes.size() < MAX_PREFIXES) {
            prefixes.add(v.substring(0, dollar + 1));
        }
        return v.substring(dollar + 1).strip();
    }

    /**
     * A value as the AAF form has it: a DN (alone or as the first part of a composite) replaced by
     * the key of its entry, a known source prefix removed; other values unchanged.
     */
    String reference(String value) throws LdapFailure {
        if (value.indexOf('=') > 0) {
            // the DN is the shortest prefix, ending at a '$' or at the end, that names an entry under
            // the base DN (a DN may itself hold a '$': ENTStructureJointure=AC-RENNES$128407,ou=…)
            int from = 0;
            while (true) {
                int dollar = value.indexOf('$', from);
                int end = dollar < 0 ? value.length() : dollar;
                LdapName dn = dn(value.substring(0, end));
                if (dn != null && dn.size() > settings.baseDn().size() && dn.startsWith(settings.baseDn().getRdns())) {
                    String key = key(dn);
                    // an entry that cannot be found keeps its DN, without '$' so that composites keep their parts:
                    // the import then reports an unknown reference
                    return (key != null ? key : value.substring(0, end).replace("$", "%24")) + value.substring(end);
                }
                if (dollar < 0) {
                    break;
                }
                from = dollar + 1;
            }
        }
        for (String p : prefixes) {
            if (value.length() > p.length() && value.startsWith(p)) {
                return value.substring(p.length());
            }
        }
        return value;
    }

    private static LdapName dn(String text) {
        try {
            return new LdapName(text);
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The join key of the entry a DN names, or null when it has none or does not exist. */
    private String key(LdapName dn) throws LdapFailure {
        String k = structures.get(dn);
        if (k != null) {
            return k;
        }
        Rdn leaf = dn.getRdn(dn.size() - 1);
        if (leaf.getType().equalsIgnoreCase(personKey) || leaf.getType().equalsIgnoreCase(structureKey)) {
            String key = joinKey(leaf.getValue().toString());
            return key.isEmpty() ? null : key;
        }
        String cached = resolved.get(dn);
        if (cached == null) {
            if (directory == null) {
                return null;
            }
            lookups++;
            Optional<Attributes> a = directory.read(dn, new String[] {personKey, structureKey}, "les entrées référencées", false);
            cached = a.map(this::keyOf).orElse("");
            resolved.put(dn, cached);
        }
        return cached.isEmpty() ? null : cached;
    }

    private String keyOf(Attributes attributes) {
        for (String id : new String[] {personKey, structureKey}) {
            Attribute a = attributes.get(id);
            if (a != null && a.size() > 0) {
                try {
                    Object v = a.get(0);
                    if (v instanceof String s && !s.isBlank()) {
                        return joinKey(s);
                    }
                } catch (NamingException ignored) {
                    // a value we cannot read is no key
                }
            }
        }
        return "";
    }

    private static LdapFailure storage(Exception e) {
        LOG.error("LDAP sync: the export could not be written: {}", e.toString());
        return new LdapFailure(LdapFailure.Kind.STORAGE, "Le boîtier n'a pas pu écrire la copie de l'annuaire (disque plein ?) : "
                + "rien n'a été importé.");
    }
}
