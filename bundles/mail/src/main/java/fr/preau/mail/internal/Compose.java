package fr.preau.mail.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import fr.preau.api.ProblemException;

/**
 * The rules of a message being written, pure: recipients, subject and text bounds, and the pre-filled form of a
 * reply or a forward (subject prefix, quoted text, who answers to whom).
 */
final class Compose {

    static final int MAX_RECIPIENTS = 100;
    static final int MAX_SUBJECT = 250;
    static final int MAX_TEXT = 200_000;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter SAID = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' H'h'mm", Locale.FRENCH);

    /** What the compose form is pre-filled with. */
    record Draft(List<String> to, List<String> cc, String subject, String text, String inReplyTo) {
    }

    private Compose() {
    }

    /**
     * The recipients (to, then cc), parsed, lower case, without duplicates.
     *
     * @throws ProblemException 400 {@code no-recipient}, {@code invalid-recipient} (naming it), {@code too-many-recipients}
     */
    static List<String> recipients(List<String> to, List<String> cc) {
        List<String> out = draftRecipients(to, cc);
        if (out.isEmpty()) {
            throw new ProblemException(400, "no-recipient", "Indiquez au moins un destinataire.");
        }
        return out;
    }

    /**
     * The recipients of a draft: as {@link #recipients} but none is fine (a draft is kept before it is addressed).
     *
     * @throws ProblemException 400 {@code invalid-recipient} (naming it), {@code too-many-recipients}
     */
    static List<String> draftRecipients(List<String> to, List<String> cc) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> list : List.of(to == null ? List.<String>of() : to, cc == null ? List.<String>of() : cc)) {
            for (String typed : list) {
                if (typed == null || typed.isBlank()) {
                    continue;
                }
                String address = MimeMessages.address(typed);
                if (address == null) {
                    throw new ProblemException(400, "invalid-recipient", "« " + typed.strip()
                        + " » n'est pas une adresse de messagerie valable. Vérifiez-la ou choisissez le destinataire dans le carnet d'adresses.");
                }
                out.add(address);
            }
        }
        if (out.size() > MAX_RECIPIENTS) {
            throw new ProblemException(400, "too-many-recipients",
                "Un message part vers " + MAX_RECIPIENTS + " destinataires au plus. Envoyez-le en plusieurs fois.");
        }
        return List.copyOf(out);
    }

    /** The subject, trimmed and checked; « (sans objet) » when empty. */
    static String subject(String subject) {
        String s = draftSubject(subject);
        return s.isEmpty() ? "(sans objet)" : s;
    }

    /** The subject of a draft: trimmed and checked, possibly empty. */
    static String draftSubject(String subject) {
        String s = subject == null ? "" : subject.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (s.length() > MAX_SUBJECT) {
            throw new ProblemException(400, "subject-too-long", "L'objet est trop long : " + MAX_SUBJECT + " caractères au plus.");
        }
        return s;
    }

    static void checkText(String text, String html) {
        if ((text != null && text.length() > MAX_TEXT) || (html != null && html.length() > 2 * MAX_TEXT)) {
            throw new ProblemException(400, "text-too-long",
                "Le texte du message est trop long. Raccourcissez-le ou joignez-le comme fichier.");
        }
    }

    static String replySubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.matches("(?i)^(re|ré|rép)\\s*:.*") ? s : "Re: " + s;
    }

    static String forwardSubject(String subject) {
        String s = subject == null ? "" : subject.strip();
        return s.matches("(?i)^(tr|fwd?)\\s*:.*") ? s : "Tr: " + s;
    }

    /** Each line of {@code text} prefixed with « > », under « Le … , X a écrit : ». */
    static String quote(MimeMessages.Parsed original) {
        StringBuilder out = new StringBuilder("\n\n");
        out.append("Le ").append(said(original)).append(", ").append(who(original.from())).append(" a écrit :\n");
        for (String line : body(original).split("\r?\n", -1)) {
            out.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n');
        }
        return out.toString();
    }

    static String forwarded(MimeMessages.Parsed original) {
        StringBuilder out = new StringBuilder("\n\n-------- Message transféré --------\n");
        out.append("De : ").append(who(original.from())).append('\n');
        out.append("Date : ").append(said(original)).append('\n');
        out.append("Objet : ").append(original.subject()).append('\n');
        if (!original.to().isEmpty()) {
            out.append("À : ").append(String.join(", ", original.to().stream().map(Compose::who).toList())).append('\n');
        }
        out.append('\n').append(body(original)).append('\n');
        return out.toString();
    }

    private static String body(MimeMessages.Parsed original) {
        if (original.text() != null) {
            return original.text().strip();
        }
        return MailHtml.toText(MailHtml.forReading(original.html()));
    }

    private static String said(MimeMessages.Parsed original) {
        return original.date() == null ? "(date inconnue)" : SAID.format(original.date().toInstant().atZone(PARIS));
    }

    static String who(MimeMessages.Contact c) {
        return c.name() == null || c.name().isBlank() ? c.address() : c.name() + " <" + c.address() + ">";
    }

    /**
     * A reply's form: to the sender (and, for « répondre à tous », cc to the other recipients but oneself).
     *
     * @param me the replying person's own address
     */
    static Draft reply(MimeMessages.Parsed original, boolean all, String me) {
        List<String> to = new ArrayList<>();
        if (!original.from().address().isBlank()) {
            to.add(who(original.from()));
        }
        List<String> cc = new ArrayList<>();
        if (all) {
            for (MimeMessages.Contact c : concat(original.to(), original.cc())) {
                if (!c.address().equalsIgnoreCase(me) && !c.address().equalsIgnoreCase(original.from().address())) {
                    cc.add(who(c));
                }
            }
        }
        return new Draft(to, cc, replySubject(original.subject()), quote(original), original.messageId());
    }

    static Draft forward(MimeMessages.Parsed original) {
        return new Draft(List.of(), List.of(), forwardSubject(original.subject()), forwarded(original), null);
    }

    private static List<MimeMessages.Contact> concat(List<MimeMessages.Contact> a, List<MimeMessages.Contact> b) {
        List<MimeMessages.Contact> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
