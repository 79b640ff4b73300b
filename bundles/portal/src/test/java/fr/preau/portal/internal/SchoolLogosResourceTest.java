package fr.preau.portal.internal;

import static fr.preau.portal.internal.Fixtures.PUPIL;
import static fr.preau.portal.internal.Fixtures.SCHOOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import fr.preau.access.AccessService;
import fr.preau.access.PlatformActions;
import fr.preau.api.Person;
import fr.preau.api.PersonId;
import fr.preau.api.ProblemException;
import fr.preau.api.Profile;
import fr.preau.audit.AuditLog;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchoolLogosResourceTest {

    @TempDir
    Path dir;

    AccessService access = mock(AccessService.class);
    DirectoryService directory = mock(DirectoryService.class);
    Person referent = new Person(new PersonId("ref"), "referent", "Référent", SCHOOL, Set.of(Profile.REFERENT));

    SchoolLogosResource resource(LogoStore logos) {
        School college = new School(SCHOOL, "Collège Jean Rostand", true);
        when(directory.schools()).thenReturn(List.of(college));
        when(directory.school(SCHOOL)).thenReturn(Optional.of(college));
        return new SchoolLogosResource(access, directory, logos, mock(AuditLog.class));
    }

    @Test
    void theReferentPutsALogoEveryoneSeesThenRemovesIt() throws Exception {
        LogoStore logos = new LogoStore(dir.resolve("logos"));
        SchoolLogosResource r = resource(logos);
        assertEquals(List.of(), r.list().get("items"));
        // a wide logo is fitted in 480 × 240, its proportions kept, transparency kept
        SchoolLogosResource.LogoDto saved = r.put(SignedInAs.of(referent, "s"), "0999999z", "1000",
                new ByteArrayInputStream(AvatarStoreTest.picture("png", 1200, 300)));
        assertTrue(saved.logo().startsWith("/api/v1/schools/0999999Z/logo?v="), saved.logo());
        BufferedImage back = ImageIO.read(logos.find(SCHOOL).orElseThrow().file().toFile());
        assertEquals(480, back.getWidth());
        assertEquals(120, back.getHeight());
        assertTrue(back.getColorModel().hasAlpha());
        assertEquals(List.of(saved), r.list().get("items"));
        Response served = r.get(null, "0999999Z", saved.logo().substring(saved.logo().indexOf("v=") + 2));
        assertEquals(200, served.getStatus());
        assertTrue(served.getHeaderString("Cache-Control").contains("max-age=31536000"));
        byte[] png = Files.readAllBytes(logos.find(SCHOOL).orElseThrow().file());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        // a small JPEG is not enlarged; a new logo has a new address
        SchoolLogosResource.LogoDto again = r.put(SignedInAs.of(referent, "s"), "0999999Z", null,
                new ByteArrayInputStream(AvatarStoreTest.picture("jpeg", 200, 100)));
        assertNotEquals(saved.logo(), again.logo());
        assertEquals(200, ImageIO.read(logos.find(SCHOOL).orElseThrow().file().toFile()).getWidth());
        assertEquals(204, r.delete(SignedInAs.of(referent, "s"), "0999999Z").getStatus());
        assertEquals("no-logo", assertThrows(ProblemException.class, () -> r.get(null, "0999999Z", null)).code());
        assertEquals(List.of(), r.list().get("items"));
    }

    @Test
    void svgHeavyOrHugePicturesAndOtherPeopleAreRefusedAndNothingIsWritten() throws Exception {
        LogoStore logos = new LogoStore(dir.resolve("logos"));
        SchoolLogosResource r = resource(logos);
        ProblemException svg = assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(referent, "s"), "0999999Z", null,
                new ByteArrayInputStream("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes())));
        assertEquals(415, svg.status());
        assertEquals("logo-unreadable", svg.code());
        assertEquals("logo-too-large", assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(referent, "s"), "0999999Z",
                "600000", new ByteArrayInputStream(new byte[10]))).code());
        byte[] heavy = new byte[(int) LogoStore.MAX_BYTES + 1];
        System.arraycopy(AvatarStoreTest.picture("png", 10, 10), 0, heavy, 0, 8);
        assertEquals(413, assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(referent, "s"), "0999999Z", null,
                new ByteArrayInputStream(heavy))).status());
        ProblemException huge = assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(referent, "s"), "0999999Z", null,
                new ByteArrayInputStream(AvatarStoreTest.pngClaiming(5000, 100))));
        assertTrue(huge.title().contains("trop grande"), huge.title());
        assertEquals("unknown-school", assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(referent, "s"), "0999998Y", null,
                new ByteArrayInputStream(AvatarStoreTest.picture("png", 10, 10)))).code());
        doThrow(new ProblemException(403, "forbidden", "Vous n'avez pas accès à cette page."))
                .when(access).require(eq(PUPIL), eq(PlatformActions.MANAGE_SCHOOLS), any());
        assertEquals(403, assertThrows(ProblemException.class, () -> r.put(SignedInAs.of(PUPIL, "s"), "0999999Z", null,
                new ByteArrayInputStream(AvatarStoreTest.picture("png", 10, 10)))).status());
        assertEquals(403, assertThrows(ProblemException.class, () -> r.delete(SignedInAs.of(PUPIL, "s"), "0999999Z")).status());
        assertTrue(logos.find(SCHOOL).isEmpty());
        assertTrue(!Files.exists(dir.resolve("logos")) || Files.list(dir.resolve("logos")).findAny().isEmpty(), "nothing written");
    }
}
