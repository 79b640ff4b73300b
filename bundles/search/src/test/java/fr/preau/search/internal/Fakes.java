package fr.preau.search.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.SearchChanges;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchSource;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.Division;
import fr.preau.directory.School;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/** Test doubles: a source kept in memory, a clock that moves, an annuaire in maps. */
final class Fakes {

    private Fakes() {
    }

    static final Uai SCHOOL = new Uai("0999999Z");

    static final class Source implements SearchSource {
        final String module;
        final Map<String, SearchDocument> docs = new ConcurrentHashMap<>();
        volatile SearchChanges changes;
        volatile BiPredicate<Person, String> visible = (p, id) -> true;
        final List<String> checked = new ArrayList<>();
        /** The id lists of each batch second check. */
        final List<List<String>> batches = new ArrayList<>();

        Source(String module) {
            this.module = module;
        }

        @Override
        public String module() {
            return module;
        }

        @Override
        public void documents(Consumer<? super SearchDocument> sink) {
            docs.values().forEach(sink);
        }

        @Override
        public Optional<SearchDocument> document(String id) {
            return Optional.ofNullable(docs.get(id));
        }

        @Override
        public boolean visible(Person who, String id) {
            synchronized (checked) {
                checked.add(id);
            }
            return visible.test(who, id);
        }

        @Override
        public Set<String> visible(Person who, List<String> ids) {
            synchronized (checked) {
                batches.add(List.copyOf(ids));
            }
            return SearchSource.super.visible(who, ids);
        }

        @Override
        public void watch(SearchChanges changes) {
            this.changes = changes;
        }

        void put(SearchDocument d) {
            docs.put(d.id(), d);
            SearchChanges c = changes;
            if (c != null) {
                c.changed(d.id());
            }
        }

        void remove(String id) {
            docs.remove(id);
            SearchChanges c = changes;
            if (c != null) {
                c.removed(id);
            }
        }
    }

    /** An annuaire: divisions of each person, children of each parent. */
    static final class Annuaire {
        final Map<String, List<Division>> divisions = new HashMap<>();
        final Map<String, List<Person>> children = new HashMap<>();
        final DirectoryService directory = mock(DirectoryService.class);

        Annuaire() {
            when(directory.divisionsOf(any())).thenAnswer(i -> divisions.getOrDefault(((PersonId) i.getArgument(0)).value(), List.of()));
            when(directory.childrenOf(any())).thenAnswer(i -> children.getOrDefault(((PersonId) i.getArgument(0)).value(), List.of()));
            when(directory.schools()).thenReturn(List.of(new School(SCHOOL, "Collège", true)));
        }

        Division division(String code) {
            return new Division(SCHOOL.value() + ":CLASSE:" + code, SCHOOL, Division.Kind.CLASSE, code, code);
        }

        Person person(String id, Profile profile, Division... in) {
            return person(SCHOOL, id, profile, in);
        }

        Person person(Uai uai, String id, Profile profile, Division... in) {
            Person p = new Person(new PersonId(id), id, "Personne " + id, uai, Set.of(profile));
            divisions.put(id, List.of(in));
            return p;
        }

        void child(Person parent, Person child) {
            children.computeIfAbsent(parent.id().value(), k -> new ArrayList<>()).add(child);
        }
    }

    static AccessService access() {
        AccessService a = mock(AccessService.class);
        when(a.mayUse(any(), any())).thenReturn(true);
        return a;
    }
}
