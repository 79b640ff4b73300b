package fr.preau.directory.letters;

import fr.preau.directory.letters.Canvas.Run;
import fr.preau.directory.letters.LetterOrder.Audience;
import fr.preau.directory.letters.LetterOrder.Section;
import java.awt.Color;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * One letter on one A4 page: letterhead, recipient, title, greeting, the credentials box (address, login, code,
 * expiry), the steps, the password rule, what to do when the code no longer works, the privacy reminder, and a
 * footer with the section and the page within it. Sober: one colour (Préau's primary), black text, generous
 * sizes (the code is 24 pt monospace), everything as real text in reading order.
 * <p>
 * The body is laid out once to measure; a letter that would not fit (a responsable légal of many children, a
 * very long name or address) is set again slightly smaller.
 */
final class LetterPage {

    static final PDRectangle A4 = PDRectangle.A4;
    static final float MARGIN = 56.7f; // 2 cm
    static final float WIDTH = A4.getWidth() - 2 * MARGIN;
    private static final float TOP = A4.getHeight() - 48;
    private static final float FOOTER_BASELINE = 30;
    private static final float BODY_LIMIT = 60;
    private static final float[] SCALES = {1f, 0.94f, 0.88f, 0.82f, 0.76f, 0.7f};

    static final Color PRIMARY = new Color(0x1b5e7a);
    static final Color TEXT = new Color(0x1c2430);
    static final Color MUTED = new Color(0x4b5563);
    static final Color BORDER = new Color(0xc9d1da);
    static final Color TINT = new Color(0xe6f0f4);

    /**
     * The password rule of {@code auth} (PasswordPolicy, after CNIL délibération 2022-100), said simply. Keep in
     * step with it.
     */
    static final List<String> PASSWORD_RULE = List.of(
            "au moins 12 caractères, avec au moins trois types parmi : minuscules, majuscules, chiffres et "
                    + "caractères spéciaux ;",
            "ou bien une phrase d'au moins 16 caractères, par exemple quatre mots séparés par des espaces ;",
            "sans votre identifiant ni votre nom, et pas un mot de passe courant.");

    private final Letterhead school;
    private final String issued;
    private final ZoneId zone;
    private final Fonts f;
    private final Canvas.Layouts layouts = new Canvas.Layouts();

    LetterPage(Letterhead school, LocalDate issuedOn, ZoneId zone, Fonts fonts) {
        this.school = school;
        this.issued = "Éditée le " + FrenchDates.date(issuedOn);
        this.zone = zone;
        this.f = fonts;
    }

    /**
     * Draws the letter.
     *
     * @return whether a character of a name (or any text) had to be replaced
     */
    boolean draw(PDPageContentStream out, Letter letter, Section section, int page, int pages) throws IOException {
        float scale = SCALES[SCALES.length - 1];
        for (float s : SCALES) {
            if (body(Canvas.measuring(layouts), letter, s) >= BODY_LIMIT) {
                scale = s;
                break;
            }
        }
        Canvas c = Canvas.drawing(out, layouts);
        float y = header(c);
        body(c, letter, scale, y);
        footer(c, section, page, pages);
        return c.replaced();
    }

    private float body(Canvas c, Letter letter, float scale) throws IOException {
        return body(c, letter, scale, header(c));
    }

    // ---- letterhead and footer (fixed size)

    /** @return the y under the letterhead */
    private float header(Canvas c) throws IOException {
        float right = MARGIN + WIDTH;
        c.textRight(f.bold(), 9, MUTED, right, TOP, "Lettre de première connexion");
        c.textRight(f.sans(), 9, MUTED, right, TOP - 13, issued);
        float nameWidth = WIDTH - 170;
        float y = c.paragraph(List.of(new Run(f.bold(), PRIMARY, school.schoolName())), 13, 16, MARGIN, TOP, nameWidth);
        y -= 14;
        c.text(f.sans(), 9, MUTED, MARGIN, y, "UAI " + school.uai());
        y -= 12;
        if (c.drawing()) {
            PDPageContentStream out = c.out();
            out.setStrokingColor(PRIMARY);
            out.setLineWidth(1.5f);
            out.moveTo(MARGIN, y);
            out.lineTo(right, y);
            out.stroke();
        }
        return y;
    }

    private void footer(Canvas c, Section section, int page, int pages) throws IOException {
        if (c.drawing()) {
            PDPageContentStream out = c.out();
            out.setStrokingColor(BORDER);
            out.setLineWidth(0.5f);
            out.moveTo(MARGIN, FOOTER_BASELINE + 11);
            out.lineTo(MARGIN + WIDTH, FOOTER_BASELINE + 11);
            out.stroke();
        }
        c.text(f.sans(), 8.5f, MUTED, MARGIN, FOOTER_BASELINE, section.title());
        c.textRight(f.sans(), 8.5f, MUTED, MARGIN + WIDTH, FOOTER_BASELINE, "Page " + page + " sur " + pages);
    }

    // ---- body (scaled to fit)

    /** @return the baseline of the last line */
    private float body(Canvas c, Letter l, float k, float top) throws IOException {
        Audience audience = Audience.of(l.profile());
        float body = 10.5f * k;
        float leading = 14f * k;
        float x = MARGIN;

        // recipient: what the person handing letters out reads first
        float y = top - 26 * k;
        String recipient = l.name().first().isEmpty() ? upper(l.name().last())
                : l.name().first() + " " + upper(l.name().last());
        y = c.paragraph(List.of(new Run(f.bold(), TEXT, recipient)), 15 * k, 18 * k, x, y, WIDTH);
        y -= 15 * k;
        String role = audience == Audience.PUPILS ? l.profile().label() + " · classe " + l.division() : l.profile().label();
        c.text(f.sans(), 10 * k, MUTED, x, y, role);

        y -= 34 * k;
        y = c.paragraph(List.of(new Run(f.bold(), PRIMARY, "Votre accès à l'espace numérique de travail")),
                19 * k, 23 * k, x, y, WIDTH);

        y -= 26 * k;
        String greeting = audience == Audience.PUPILS && !l.name().first().isEmpty() ? l.name().first()
                : l.name().display();
        y = c.paragraph(List.of(new Run(f.sans(), TEXT, "Bonjour " + greeting + ",")), body, leading, x, y, WIDTH);
        y -= leading + 3 * k;
        y = c.paragraph(List.of(new Run(f.sans(), TEXT, intro(audience, l.children().size()))), body, leading, x, y, WIDTH);
        if (audience == Audience.PARENTS) {
            y = children(c, l, body, leading, x, y - leading - 2 * k);
        }

        y = credentials(c, l, k, y - 20 * k);

        y -= 26 * k;
        y = heading(c, "Pour vous connecter la première fois", k, y);
        y = steps(c, body, leading, k, y - 19 * k);

        y -= 22 * k;
        y = heading(c, "Votre mot de passe", k, y);
        y -= 18 * k;
        y = c.paragraph(List.of(new Run(f.sans(), TEXT, "Choisissez-le facile à retenir pour vous et difficile à "
                + "deviner pour les autres :")), body, leading, x, y, WIDTH);
        for (String rule : PASSWORD_RULE) {
            y = bullet(c, "•", List.of(new Run(f.sans(), TEXT, rule)), body, leading, x, y - leading);
        }

        y -= 22 * k;
        y = heading(c, "Code expiré, déjà utilisé ou perdu ?", k, y);
        y -= 18 * k;
        y = c.paragraph(List.of(new Run(f.sans(), TEXT, expired(audience))), body, leading, x, y, WIDTH);

        y -= 24 * k;
        return privacy(c, audience, body, leading, k, y);
    }

    private static String intro(Audience audience, int children) {
        return switch (audience) {
            case PUPILS -> "Votre établissement vous ouvre un compte sur son espace numérique de travail (ENT) : "
                    + "cahier de textes, devoirs, messagerie et actualités, sur ordinateur, tablette ou téléphone. "
                    + "Ce courrier vous permet de vous connecter la première fois.";
            case PARENTS -> "L'établissement vous ouvre un compte de responsable légal sur son espace numérique de "
                    + "travail (ENT) : vous pourrez y suivre le cahier de textes et les devoirs, échanger avec les "
                    + "professeurs et lire les actualités de l'établissement, sur ordinateur, tablette ou téléphone. "
                    + (children == 1 ? "Ce compte concerne votre enfant :" : "Ce compte concerne vos enfants :");
            case STAFF -> "L'établissement vous ouvre un compte sur son espace numérique de travail (ENT). Ce "
                    + "courrier vous permet de vous connecter la première fois.";
        };
    }

    private float children(Canvas c, Letter l, float body, float leading, float x, float y) throws IOException {
        if (l.children().size() > 4) {
            // many children: one paragraph rather than a long list
            List<String> names = new ArrayList<>();
            for (Child child : l.children()) {
                names.add(child.name().display() + " (" + child.division() + ")");
            }
            return c.paragraph(List.of(new Run(f.bold(), TEXT, String.join(", ", names) + ".")), body, leading,
                    x + 14, y, WIDTH - 14);
        }
        float yy = y;
        boolean first = true;
        for (Child child : l.children()) {
            if (!first) {
                yy -= leading;
            }
            first = false;
            yy = bullet(c, "•", List.of(new Run(f.bold(), TEXT, child.name().display()),
                    new Run(f.sans(), TEXT, ", classe " + child.division())), body, leading, x, yy);
        }
        return yy;
    }

    /** The box with the address, login and code: @return the y under it */
    private float credentials(Canvas c, Letter l, float k, float top) throws IOException {
        float pad = 14 * k;
        float bottom = credentialLines(Canvas.measuring(layouts), l, k, top - pad) - pad;
        if (c.drawing()) {
            PDPageContentStream out = c.out();
            out.setNonStrokingColor(TINT);
            out.setStrokingColor(PRIMARY);
            out.setLineWidth(1.2f);
            roundedRect(out, MARGIN, bottom, WIDTH, top - bottom, 6);
            out.fillAndStroke();
        }
        credentialLines(c, l, k, top - pad);
        return bottom;
    }

    private float credentialLines(Canvas c, Letter l, float k, float top) throws IOException {
        float label = MARGIN + 16;
        float value = MARGIN + 150;
        float valueWidth = MARGIN + WIDTH - 16 - value;
        float labelSize = 10 * k;

        float y = top - 12 * k;
        c.text(f.sans(), labelSize, MUTED, label, y, "Adresse de l'ENT");
        y = c.paragraph(List.of(new Run(f.bold(), PRIMARY, school.printedUrl())), 12 * k, 15 * k, value, y, valueWidth);

        y -= 24 * k;
        c.text(f.sans(), labelSize, MUTED, label, y, "Identifiant");
        y = c.paragraph(List.of(new Run(f.mono(), TEXT, l.login())), 14 * k, 17 * k, value, y, valueWidth);

        y -= 33 * k;
        c.text(f.sans(), labelSize, MUTED, label, y, "Code d'activation");
        c.spaced(f.monoBold(), 24 * k, TEXT, value, y - 2 * k, l.activationCode(), 1.5f * k);

        y -= 26 * k;
        String validity = "Ce code est valable " + FrenchDates.until(l.codeExpiresAt(), zone) + ". Il ne sert qu'une fois.";
        return c.paragraph(List.of(new Run(f.sans(), TEXT, validity)), 10 * k, 13.5f * k, label, y,
                MARGIN + WIDTH - 16 - label);
    }

    private float steps(Canvas c, float body, float leading, float k, float y) throws IOException {
        Face s = f.sans();
        Face b = f.bold();
        List<List<Run>> steps = List.of(
                List.of(new Run(s, TEXT, "Ouvrez l'adresse "), new Run(b, PRIMARY, school.printedUrl()),
                        new Run(s, TEXT, " dans un navigateur (ordinateur, tablette ou téléphone).")),
                List.of(new Run(s, TEXT, "Cliquez sur "),
                        new Run(b, TEXT, "« Première connexion ? J'ai un code d'activation »"), new Run(s, TEXT, ".")),
                List.of(new Run(s, TEXT, "Saisissez votre identifiant et le code d'activation (majuscules ou "
                        + "minuscules, avec ou sans tirets : peu importe).")),
                List.of(new Run(s, TEXT, "Choisissez votre mot de passe, saisissez-le une seconde fois, puis cliquez "
                        + "sur "), new Run(b, TEXT, "« Activer mon compte »"), new Run(s, TEXT, ".")),
                List.of(new Run(s, TEXT, "Ensuite, connectez-vous avec votre identifiant et votre mot de passe : le "
                        + "code ne sert plus.")));
        float yy = y;
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                yy -= leading + 1.5f * k;
            }
            yy = bullet(c, (i + 1) + ".", steps.get(i), body, leading, MARGIN, yy);
        }
        return yy;
    }

    private static String expired(Audience audience) {
        String who = audience == Audience.STAFF ? "au référent numérique de l'établissement"
                : "à la vie scolaire ou au référent numérique de l'établissement";
        return "Demandez un nouveau code " + who + " : il remplacera celui-ci. Faites de même si, plus tard, vous "
                + "oubliez votre mot de passe.";
    }

    private float privacy(Canvas c, Audience audience, float body, float leading, float k, float top)
            throws IOException {
        String text = switch (audience) {
            case PUPILS -> "Ne montrez votre code et votre mot de passe à personne, même pas à un ami. Personne à "
                    + "l'établissement ne vous les demandera. Une fois votre mot de passe choisi, vous pouvez "
                    + "déchirer ce courrier.";
            case PARENTS -> "Ne communiquez votre code et votre mot de passe à personne, pas même à votre enfant : "
                    + "ce compte est celui d'un responsable légal. Personne à l'établissement ne vous les demandera. "
                    + "Une fois votre mot de passe choisi, vous pouvez détruire ce courrier.";
            case STAFF -> "Ne communiquez votre code et votre mot de passe à personne : personne ne vous les "
                    + "demandera, pas même le référent numérique. Une fois votre mot de passe choisi, vous pouvez "
                    + "détruire ce courrier.";
        };
        float bar = 3;
        float inset = 12;
        float y = c.paragraph(List.of(new Run(f.bold(), TEXT, "Ce courrier est personnel : gardez-le pour vous")),
                12 * k, 15 * k, MARGIN + inset, top, WIDTH - inset);
        y = c.paragraph(List.of(new Run(f.sans(), TEXT, text)), body, leading, MARGIN + inset, y - 18 * k,
                WIDTH - inset);
        if (c.drawing()) {
            PDPageContentStream out = c.out();
            out.setNonStrokingColor(PRIMARY);
            out.addRect(MARGIN, y - 5 * k, bar, top - y + 5 * k + 13 * k);
            out.fill();
        }
        return y;
    }

    private float heading(Canvas c, String text, float k, float y) throws IOException {
        return c.paragraph(List.of(new Run(f.bold(), TEXT, text)), 12 * k, 15 * k, MARGIN, y, WIDTH);
    }

    /** A list item with a hanging indent: marker, then text wrapped under its first word. */
    private float bullet(Canvas c, String marker, List<Run> runs, float body, float leading, float x, float y)
            throws IOException {
        float indent = 18;
        c.text(f.bold(), body, PRIMARY, x + 2, y, marker);
        return c.paragraph(runs, body, leading, x + indent, y, WIDTH - (x - MARGIN) - indent);
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.FRENCH);
    }

    private static void roundedRect(PDPageContentStream out, float x, float y, float w, float h, float r)
            throws IOException {
        float b = r * 0.5523f; // Bézier handle for a quarter circle
        out.moveTo(x + r, y);
        out.lineTo(x + w - r, y);
        out.curveTo(x + w - r + b, y, x + w, y + r - b, x + w, y + r);
        out.lineTo(x + w, y + h - r);
        out.curveTo(x + w, y + h - r + b, x + w - r + b, y + h, x + w - r, y + h);
        out.lineTo(x + r, y + h);
        out.curveTo(x + r - b, y + h, x, y + h - r + b, x, y + h - r);
        out.lineTo(x, y + r);
        out.curveTo(x, y + r - b, x + r - b, y, x + r, y);
        out.closePath();
    }
}
