package fr.preau.files.internal;

import static fr.preau.files.internal.SharingTest.assertProblem;
import static fr.preau.files.internal.World.FRENCH_4B;
import static fr.preau.files.internal.World.HEAD;
import static fr.preau.files.internal.World.HELENE;
import static fr.preau.files.internal.World.INES;
import static fr.preau.files.internal.World.LEO;
import static fr.preau.files.internal.World.MATHS_5A;
import static fr.preau.files.internal.World.OTHER_HEAD;
import static fr.preau.files.internal.World.SCHOOL;
import static fr.preau.files.internal.World.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.Person;
import fr.preau.api.Profile;
import fr.preau.api.spi.SearchDocument;
import fr.preau.api.spi.SearchPrincipals;
import fr.preau.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Groupes de travail: who creates, reads, writes and manages them; members and the communication rules; deletion to the trash; quota; search. */
class WorkGroupsTest {

    static final Person GUEST = World.person("marc.invite", "Marc Invité", SCHOOL, Profile.INVITE);

    @TempDir
    Path dir;
    @RegisterExtension
    static final FilesDb DB = new FilesDb("workgroups");
    World world;
    Files files;
    WorkGroups groups;
    final List<AuditEvent> audit = new ArrayList<>();


    @BeforeEach
    void setUp() throws Exception {
        world = new World(SharingTest.NOW);
        world.people.add(GUEST);
        files = world.files(DB.db(), dir, audit::add);
        groups = files.workGroups();
    }

    Node put(Person who, String space, Long folder, String name, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return files.upload(who, space, folder, name, "text/plain", b.length, new ByteArrayInputStream(b), false).node();
    }

    WorkGroups.Detail theatre() throws Exception {
        return groups.create(MATHS_5A, "Projet théâtre", List.of(LEO.id().value(), GUEST.id().value()), "192.0.2.1");
    }

    static String space(WorkGroups.Detail d) {
        return d.group().spaceId();
    }

    @Test
    void aTeacherCreatesAGroupItsMembersReadAndWriteOthersDoNot() throws Exception {
        WorkGroups.Detail g = theatre();
        assertEquals("Projet théâtre", g.group().name());
        assertEquals(List.of(LEO.id().value(), GUEST.id().value()), g.members().stream().map(FilesStore.Member::personId).toList());
        assertTrue(g.manage());
        Node script = put(LEO, space(g), null, "scène 1.txt", "Acte I");
        assertEquals("Acte I", java.nio.file.Files.readString(files.content(files.node(GUEST, script.id()))));
        put(GUEST, space(g), null, "décor.txt", "Un jardin");
        put(MATHS_5A, space(g), null, "planning.txt", "Jeudi");
        assertEquals(3, files.list(MATHS_5A, space(g), null).size());
        // the spaces list of each member, not of the others
        for (Person p : List.of(MATHS_5A, LEO, GUEST, HEAD)) {
            assertTrue(files.spaces(p).stream().anyMatch(s -> s.id().equals(space(g)) && s.label().equals("Projet théâtre")), p.displayName());
        }
        for (Person p : List.of(INES, FRENCH_4B, HELENE, STAFF, OTHER_HEAD)) {
            assertFalse(files.spaces(p).stream().anyMatch(s -> s.id().equals(space(g))), p.displayName());
            assertProblem(404, "space-not-found", () -> files.list(p, space(g), null));
            assertProblem(404, "file-not-found", () -> files.node(p, script.id()));
            assertProblem(404, "workgroup-not-found", () -> groups.detail(p, g.group().id()));
        }
        assertProblem(404, "space-not-found", () -> put(INES, space(g), null, "intrus.txt", "x"));
        // members do not manage it: the creator and the direction do
        assertFalse(groups.detail(LEO, g.group().id()).manage());
        assertProblem(403, "workgroup-not-manager", () -> groups.rename(LEO, g.group().id(), "Autre", null));
        assertProblem(403, "workgroup-not-manager", () -> groups.removeMember(GUEST, g.group().id(), LEO.id().value(), null));
        assertProblem(403, "workgroup-not-manager", () -> groups.delete(LEO, g.group().id(), null));
        assertEquals("Théâtre 2027", groups.rename(HEAD, g.group().id(), "Théâtre 2027", null).group().name());
        assertEquals("files.workgroup.create", audit.get(0).action());
        assertEquals("files.workgroup.rename", audit.get(audit.size() - 1).action());
    }

    @Test
    void onlyTeachersAndTheDirectionCreateGroups() throws Exception {
        assertTrue(groups.mayCreate(MATHS_5A));
        assertTrue(groups.mayCreate(HEAD));
        for (Person p : List.of(LEO, HELENE, STAFF, GUEST)) {
            assertFalse(groups.mayCreate(p));
            assertProblem(403, "workgroup-create-denied", () -> groups.create(p, "Club", List.of(), null));
        }
        theatre();
        assertProblem(409, "workgroup-name-taken", () -> groups.create(FRENCH_4B, "projet THÉÂTRE", List.of(), null));
        assertProblem(409, "workgroup-name-taken", () -> groups.create(FRENCH_4B, "Mes documents", List.of(), null));
        assertProblem(409, "workgroup-name-taken", () -> groups.create(FRENCH_4B, "Classe 5A", List.of(), null));
        assertProblem(400, "workgroup-name", () -> groups.create(FRENCH_4B, "  ", List.of(), null));
        assertProblem(400, "name-forbidden-character", () -> groups.create(FRENCH_4B, "a/b", List.of(), null));
        assertProblem(400, "workgroup-unknown-member", () -> groups.create(FRENCH_4B, "Club", List.of("personne"), null));
        assertProblem(400, "workgroup-unknown-member", () -> groups.create(FRENCH_4B, "Club", List.of(OTHER_HEAD.id().value()), null));
    }

    @Test
    void membersObeyTheCommunicationRules() throws Exception {
        world.rules.setMatrix(SCHOOL, fr.preau.access.CommunicationMatrix.defaults()
                .withWrite(Profile.ENSEIGNANT, Profile.INVITE, fr.preau.access.Reach.NEVER));
        assertProblem(403, "workgroup-member-not-allowed", () -> theatre());
        assertTrue(files.spaces(MATHS_5A).stream().noneMatch(s -> s.kind() == Space.Kind.GROUPE_TRAVAIL), "nothing half-created");
        WorkGroups.Detail g = groups.create(MATHS_5A, "Projet théâtre", List.of(LEO.id().value()), null);
        assertProblem(403, "workgroup-member-not-allowed", () -> groups.addMembers(MATHS_5A, g.group().id(), List.of(GUEST.id().value()), null));
        assertEquals(1, groups.detail(MATHS_5A, g.group().id()).members().size());
    }

    @Test
    void aRemovedMemberLosesTheGroupAtOnceEvenInSearch() throws Exception {
        WorkGroups.Detail g = theatre();
        Node script = put(LEO, space(g), null, "scène 1.txt", "Acte I");
        FilesSearchSource source = new FilesSearchSource(files, new DocumentTexts(files.blobs(), new TextExtractor(TextExtractor.Limits.DEFAULT)));
        try {
            Map<String, SearchDocument> docs = new HashMap<>();
            source.documents(d -> docs.put(d.id(), d));
            SearchDocument doc = docs.get("node:" + script.id());
            assertTrue(doc.readers().contains(SearchPrincipals.person(GUEST.id().value())), doc.readers().toString());
            assertTrue(doc.readers().contains(SearchPrincipals.person(MATHS_5A.id().value())));
            assertTrue(source.visible(GUEST, "node:" + script.id()));

            groups.removeMember(MATHS_5A, g.group().id(), GUEST.id().value(), null);
            assertProblem(404, "file-not-found", () -> files.node(GUEST, script.id()));
            assertProblem(404, "space-not-found", () -> files.list(GUEST, space(g), null));
            assertFalse(source.visible(GUEST, "node:" + script.id()), "the second check refuses a removed member");
            assertEquals(java.util.Set.of(), source.visible(GUEST, List.of("node:" + script.id())), "the page's check too");
            assertEquals(java.util.Set.of("node:" + script.id()), source.visible(LEO, List.of("node:" + script.id())));
            SearchDocument again = source.document("node:" + script.id()).orElseThrow();
            assertFalse(again.readers().contains(SearchPrincipals.person(GUEST.id().value())), again.readers().toString());
            assertEquals("files.workgroup.member.remove", audit.get(audit.size() - 1).action());
            assertProblem(404, "workgroup-member-not-found", () -> groups.removeMember(MATHS_5A, g.group().id(), GUEST.id().value(), null));
            assertProblem(400, "workgroup-creator", () -> groups.removeMember(HEAD, g.group().id(), MATHS_5A.id().value(), null));
            // added back: reaches it again
            groups.addMembers(MATHS_5A, g.group().id(), List.of(GUEST.id().value()), null);
            assertEquals("Acte I", java.nio.file.Files.readString(files.content(files.node(GUEST, script.id()))));
        } finally {
            source.deactivate();
        }
    }

    @Test
    void deletingAGroupPutsItsFilesInTheCreatorsTrash() throws Exception {
        WorkGroups.Detail g = theatre();
        Node folder = files.mkdir(LEO, space(g), null, "Costumes");
        put(LEO, space(g), folder.id(), "liste.txt", "Chapeaux");
        Node old = put(GUEST, space(g), null, "brouillon.txt", "vieux");
        files.delete(GUEST, old.id());
        put(MATHS_5A, "perso:" + MATHS_5A.id().value(), null, "Projet théâtre", "a file of that name already");
        long usedBefore = files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used();

        Node trashed = groups.delete(MATHS_5A, g.group().id(), null).orElseThrow();
        assertEquals("Projet théâtre (2)", trashed.name());
        assertTrue(files.spaces(LEO).stream().noneMatch(s -> s.id().equals(space(g))));
        assertProblem(404, "space-not-found", () -> files.list(MATHS_5A, space(g), null));
        assertProblem(404, "file-not-found", () -> files.node(LEO, folder.id()));
        List<Node> trash = files.trash(MATHS_5A, "perso:" + MATHS_5A.id().value());
        assertTrue(trash.stream().anyMatch(n -> n.id() == trashed.id()), "the group's folder is in its creator's trash");
        assertTrue(trash.stream().anyMatch(n -> n.id() == old.id()), "what was in its trash stays restorable too");
        assertEquals(usedBefore, files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used(), "nothing lost, nothing counted twice");
        // restored: everything is back in « Mes documents »
        Node back = files.restore(MATHS_5A, trashed.id());
        Node costumes = files.list(MATHS_5A, "perso:" + MATHS_5A.id().value(), back.id()).get(0);
        assertEquals("Costumes", costumes.name());
        Node list = files.list(MATHS_5A, "perso:" + MATHS_5A.id().value(), costumes.id()).get(0);
        assertEquals("Chapeaux", java.nio.file.Files.readString(files.content(list)));
        assertEquals("files.workgroup.delete", audit.get(audit.size() - 1).action());
    }

    @Test
    void aGroupsBytesCountAgainstItsCreatorsQuota() throws Exception {
        WorkGroups.Detail g = theatre();
        // FilesTest.small(): a teacher has 4 MiB, a pupil 1 MiB; the pupil's upload goes on the teacher's quota
        byte[] mib = new byte[(int) Quotas.MIB];
        files.upload(LEO, space(g), null, "vidéo.bin", null, mib.length, new ByteArrayInputStream(mib), false);
        files.upload(LEO, "perso:" + LEO.id().value(), null, "mien.bin", null, mib.length - 10, new ByteArrayInputStream(new byte[mib.length - 10]), false);
        assertEquals(Quotas.MIB, files.usage(MATHS_5A, "perso:" + MATHS_5A.id().value()).used());
        Files.Usage u = files.usage(LEO, space(g));
        assertEquals(Quotas.MIB, u.used());
        assertEquals(4 * Quotas.MIB, u.limit());
        put(MATHS_5A, "perso:" + MATHS_5A.id().value(), null, "a.bin", "x".repeat(100));
        byte[] two = new byte[(int) (2 * Quotas.MIB)];
        files.upload(GUEST, space(g), null, "moyen.bin", null, two.length, new ByteArrayInputStream(two), false);
        assertProblem(507, "quota-exceeded", () -> files.upload(GUEST, space(g), null, "gros.bin", null, two.length,
                new ByteArrayInputStream(two), false));
        assertProblem(507, "quota-exceeded", () -> files.upload(MATHS_5A, "perso:" + MATHS_5A.id().value(), null, "gros.bin", null, two.length,
                new ByteArrayInputStream(two), false));
    }
}
