package fr.preau.mail.internal;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;

import fr.preau.api.Person;
import fr.preau.directory.DirectoryService;
import fr.preau.directory.School;

/** What the webmail's tests share: an annuaire of one school whose people have addresses, and the servers' settings. */
final class MailFixtures {

    private MailFixtures() {
    }

    /** A mocked annuaire: {@code school} alone, with {@code domain}, and each of {@code people} found and addressed there. */
    static DirectoryService annuaire(School school, String domain, List<Person> people) {
        DirectoryService directory = mock(DirectoryService.class);
        when(directory.schools()).thenReturn(List.of(school));
        when(directory.school(school.uai())).thenReturn(Optional.of(school));
        when(directory.mailDomain(school.uai())).thenReturn(domain);
        when(directory.findByLogin(anyString())).thenReturn(Optional.empty());
        for (Person p : people) {
            when(directory.findByLogin(p.login())).thenReturn(Optional.of(p));
            when(directory.find(p.id())).thenReturn(Optional.of(p));
            when(directory.mailAddress(p.id())).thenReturn(Optional.of(p.login() + "@" + domain));
        }
        return directory;
    }

    /** Servers on free loopback ports, no relay, messages of 200,000 bytes at most; submission on {@code submissionPort} (0: none). */
    static MailServer.Config config(int submissionPort) throws Exception {
        MailServer.Config config = mock(MailServer.Config.class);
        when(config.bind()).thenReturn("127.0.0.1");
        when(config.smtp_port()).thenReturn(freePort());
        when(config.submission_port()).thenReturn(submissionPort);
        when(config.imap_port()).thenReturn(freePort());
        when(config.max_message_size()).thenReturn(200_000L);
        when(config.smarthost()).thenReturn("");
        when(config.hello_name()).thenReturn("preau.test");
        return config;
    }

    /** The JAX-RS security context of a request signed in as {@code p}. */
    static javax.ws.rs.core.SecurityContext as(Person p) {
        fr.preau.web.PreauPrincipal principal = new fr.preau.web.PreauPrincipal(p, "s", "c");
        javax.ws.rs.core.SecurityContext context = mock(javax.ws.rs.core.SecurityContext.class);
        when(context.getUserPrincipal()).thenReturn((java.security.Principal) principal);
        return context;
    }

    /** A plain message to one recipient. */
    static MailResource.SendInput mail(String to, String subject, String text) {
        return new MailResource.SendInput(List.of(to), List.of(), subject, text, null, List.of(), null, null, null, null);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
