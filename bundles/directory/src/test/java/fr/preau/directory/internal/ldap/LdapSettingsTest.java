package fr.preau.directory.internal.ldap;

import static fr.preau.directory.internal.ldap.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.directory.internal.feed.FeedCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration of the LDAP sync, checked before any connection (no server needed). */
class LdapSettingsTest {

    private static final Object[] MINIMAL = {"url", "ldaps://annuaire.ac-exemple.invalid", "base_dn", "dc=ac-exemple,dc=invalid"};

    private static LdapSettings settings(Object... more) throws LdapSettings.Invalid {
        Object[] all = new Object[MINIMAL.length + more.length];
        System.arraycopy(MINIMAL, 0, all, 0, MINIMAL.length);
        System.arraycopy(more, 0, all, MINIMAL.length, more.length);
        return LdapSettings.of(config(all));
    }

    private static String invalid(Object... more) {
        return assertThrows(LdapSettings.Invalid.class, () -> settings(more)).getMessage();
    }

    @Test
    void defaultsReadStructuresThenStaffThenResponsablesThenPupilsUnderTheBaseDn() throws Exception {
        LdapSettings s = settings();
        assertEquals(List.of(FeedCategory.STRUCTURE, FeedCategory.PERSONNEL, FeedCategory.RESPONSABLE, FeedCategory.ELEVE),
                s.searches().stream().map(LdapSettings.Search::category).toList());
        assertTrue(s.searches().stream().allMatch(x -> x.base().toString().equals("dc=ac-exemple,dc=invalid")));
        assertEquals("(objectClass=ENTEleve)", s.searches().get(3).filter());
        assertEquals(500, s.pageSize());
        assertEquals(0, s.intervalMinutes());
        assertEquals(10_000, s.connectTimeoutMillis());
        assertEquals(60_000, s.readTimeoutMillis());
        assertEquals("", s.bindDn());
    }

    @Test
    void categoryBasesAreRelativeToTheBaseDnUnlessComplete() throws Exception {
        LdapSettings s = settings("eleve_base", "ou=eleves", "personnel_base", "ou=personnels,dc=ac-exemple,dc=invalid",
                "subject_filter", "(objectClass=ENTMatiere)", "subject_base", "OU=Matieres");
        assertEquals("ou=eleves,dc=ac-exemple,dc=invalid", base(s, FeedCategory.ELEVE));
        assertEquals("ou=personnels,dc=ac-exemple,dc=invalid", base(s, FeedCategory.PERSONNEL));
        assertEquals("OU=Matieres,dc=ac-exemple,dc=invalid", base(s, FeedCategory.SUBJECT));
    }

    private static String base(LdapSettings s, FeedCategory c) {
        return s.searches().stream().filter(x -> x.category() == c).findFirst().orElseThrow().base().toString();
    }

    @Test
    void anEmptyFilterLeavesTheCategoryOutButStructuresAreRequired() throws Exception {
        assertEquals(List.of(FeedCategory.STRUCTURE, FeedCategory.ELEVE), settings("personnel_filter", "", "responsable_filter", " ")
                .searches().stream().map(LdapSettings.Search::category).toList());
        assertTrue(invalid("structure_filter", "").startsWith("Le filtre des établissements est obligatoire"));
    }

    @Test
    void unusableSettingsAreRefusedWithAFrenchReason() {
        assertTrue(assertThrows(LdapSettings.Invalid.class, () -> LdapSettings.of(config())).getMessage()
                .startsWith("La synchronisation LDAP n'est pas configurée"));
        assertTrue(invalid("url", "http://annuaire.invalid").contains("doit commencer par ldap:// ou ldaps://"));
        assertTrue(invalid("url", "ldap://annuaire.invalid/dc=x").contains("indiquez seulement ldap(s)://hote:port"));
        assertTrue(invalid("url", "ldap://").startsWith("Adresse du serveur LDAP invalide « ldap:// »"));
        assertTrue(invalid("url", "ldap://:389").contains("nommer un serveur"));
        assertEquals("StartTLS s'utilise avec une adresse ldap:// ; une adresse ldaps:// est déjà chiffrée.", invalid("start_tls", true));
        assertTrue(invalid("base_dn", " ").startsWith("Indiquez la base DN"));
        assertTrue(invalid("base_dn", "pas un DN").startsWith("Base DN invalide « pas un DN »"));
        assertTrue(invalid("bind_dn", "admin").startsWith("DN de connexion invalide"));
        assertTrue(invalid("eleve_filter", "objectClass=ENTEleve").startsWith("Filtre LDAP invalide pour les élèves"));
        assertTrue(invalid("eleve_filter", "(&(objectClass=ENTEleve)").startsWith("Filtre LDAP invalide pour les élèves"));
        assertTrue(invalid("attribute_mapping", new String[] {"ENTPersonJointure"}).startsWith("Correspondance d'attributs invalide"));
        assertTrue(invalid("attribute_mapping", new String[] {"ENTPersonJointure=uid", "ENTPersonLogin=UID"})
                .contains("figure deux fois"));
        assertTrue(invalid("page_size", 0).startsWith("La taille des pages doit être comprise entre 1 et 100 000"));
        assertTrue(invalid("interval_minutes", -1).startsWith("L'intervalle de synchronisation ne peut pas être négatif"));
        assertTrue(invalid("read_timeout_seconds", 0).startsWith("Les délais"));
    }

    @Test
    void attributesAreMappedCaseInsensitivelyAndAMappedTargetIsNotTakenTwice() throws Exception {
        LdapSettings s = settings("attribute_mapping", new String[] {"ENTPersonJointure=employeeNumber", " entpersonmail = mail ", ""});
        assertEquals("ENTPersonJointure", s.aafName("EMPLOYEENUMBER"));
        assertEquals("ENTPersonMail", s.aafName("mail"), "the AAF spelling, whatever the case given");
        assertNull(s.aafName("ENTPersonJointure"), "fed by employeeNumber: the directory's own value is not used");
        assertEquals("employeenumber", s.ldapName("ENTPersonJointure"));
        assertEquals("ENTStructureJointure", s.ldapName("ENTStructureJointure"));
        assertEquals("ENTEleveClasses", s.aafName("entelEveclasses"), "known AAF names get their AAF spelling");
        assertEquals("uid", s.aafName("uid"), "other names pass through");
    }

    @Test
    void aMappingFromACfgFileIsOneCommaSeparatedString() throws Exception {
        LdapSettings s = settings("attribute_mapping", new String[] {"ENTPersonJointure = employeeNumber, ENTPersonMail=mail;sn=surname"});
        assertEquals("ENTPersonJointure", s.aafName("employeeNumber"));
        assertEquals("ENTPersonMail", s.aafName("mail"));
        assertEquals("sn", s.aafName("surname"));
    }

    @Test
    void thePasswordIsNeverShown() throws Exception {
        LdapSettings s = settings("bind_dn", "cn=preau,dc=ac-exemple,dc=invalid", "_bind_password", "Tr3s-Secret!");
        assertFalse(s.toString().contains("Tr3s-Secret!"), s.toString());
        assertTrue(s.toString().contains("bindPassword=(hidden)"), s.toString());
        assertEquals("Tr3s-Secret!", s.bindPassword());
    }

    @Test
    void thePasswordIsAPrivateComponentPropertyNotAServiceProperty() throws IOException {
        // DS publishes component properties as service properties, except those starting with a dot
        String xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + LdapSync.class.getName() + ".xml")) {
            assertNotNull(in, "bnd writes the component description into target/classes");
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml.contains("name=\".bind.password\""), xml);
        assertFalse(xml.contains("name=\"bind.password\""), xml);
        assertTrue(xml.contains("configuration-pid=\"fr.preau.directory.ldap\""), xml);
        assertTrue(xml.contains("configuration-policy=\"optional\""), xml);
    }
}
