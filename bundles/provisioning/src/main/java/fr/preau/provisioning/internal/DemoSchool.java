package fr.preau.provisioning.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The demo school's description, read from {@code demo-school.json} inside this bundle. */
record DemoSchool(SchoolData school, List<PersonData> people, List<Link> responsables) {

    record SchoolData(String uai, String name) {
    }

    record PersonData(String id, String login, String firstName, String lastName, List<String> profiles,
            List<String> classes) {
    }

    record Link(String responsable, String eleve) {
    }

    static DemoSchool load() {
        try (InputStream in = DemoSchool.class.getResourceAsStream("demo-school.json")) {
            if (in == null) {
                throw new IllegalStateException("demo-school.json is missing from the bundle");
            }
            return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, DemoSchool.class);
        } catch (IOException e) {
            throw new IllegalStateException("demo-school.json cannot be read", e);
        }
    }
}
