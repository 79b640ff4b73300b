package fr.preau.portal.internal;

import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.Profile;
import fr.preau.api.Uai;
import fr.preau.api.spi.CatalogueEntry;
import fr.preau.api.spi.Notification;
import fr.preau.api.spi.NotificationSource;
import fr.preau.api.spi.SearchContributor;
import fr.preau.api.spi.SearchHit;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

final class Fixtures {

    static final Uai SCHOOL = new Uai("0999999Z");
    static final Person PUPIL = new Person(new PersonId("p1"), "lea.durand", "Léa Durand", SCHOOL, EnumSet.of(Profile.ELEVE));
    static final Person TEACHER = new Person(new PersonId("p2"), "c.martin", "Camille Martin", SCHOOL, EnumSet.of(Profile.ENSEIGNANT));

    private Fixtures() {
    }

    static CatalogueEntry entry(String id, String name, int order, Profile... profiles) {
        return CatalogueEntry.of(id, name, "Description de " + name, "book-open", EnumSet.of(profiles[0], profiles),
                "/modules/" + id + "/index.js", order);
    }

    static SearchContributor contributor(String module, SearchHit... hits) {
        return new SearchContributor() {
            @Override
            public String module() {
                return module;
            }

            @Override
            public List<SearchHit> search(Person who, String query, int limit) {
                return List.of(hits);
            }
        };
    }

    static SearchHit hit(String module, String title, double score) {
        return new SearchHit(module, title, "extrait", "/modules/" + module + "/#" + title, score);
    }

    static NotificationSource source(String module, Notification... items) {
        return new NotificationSource() {
            @Override
            public String module() {
                return module;
            }

            @Override
            public List<Notification> notificationsFor(Person who, int limit) {
                return List.of(items);
            }
        };
    }

    static Notification news(String module, String id, String at) {
        return new Notification(id, module, "Nouveauté " + id, "/modules/" + module + "/", Instant.parse(at));
    }
}
