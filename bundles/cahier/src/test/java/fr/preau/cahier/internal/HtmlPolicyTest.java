package fr.preau.cahier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.preau.api.ProblemException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlPolicyTest {

    @Test
    void theEditorsMarkupIsKeptAndDecorationDroppedQuietly() {
        assertEquals("<p>Lire <strong>le chapitre</strong> et <em>résumer</em></p><ul><li>un</li></ul>",
                HtmlPolicy.sanitize("<p>Lire <strong>le chapitre</strong> et <em>résumer</em></p><ul><li>un</li></ul>", "x"));
        assertEquals("<p>Mot en couleur</p>", HtmlPolicy.sanitize("<p class=\"MsoNormal\"><span lang=fr>Mot en couleur</span></p>", "x"));
        assertTrue(HtmlPolicy.sanitize("<a href=\"https://lumni.fr\">Lumni</a>", "x")
                .matches("<a href=\"https://lumni.fr\" rel=\"(?=.*nofollow)(?=.*noopener)(?=.*noreferrer)[a-z ]+\">Lumni</a>"));
        assertEquals("", HtmlPolicy.sanitize("<p> </p>", "x"), "no text: empty");
        assertEquals("1 &lt; 2", HtmlPolicy.sanitize("1 < 2", "x"));
    }

    @Test
    void scriptsStylesHandlersAndUnsafeLinksRefuseTheText() {
        for (String html : List.of("<script>alert(1)</script>", "<p onclick=\"x()\">a</p>", "<style>p{}</style>", "<p style=\"color:red\">a</p>",
                "<a href=\"javascript:alert(1)\">a</a>", "<iframe src=\"https://x\"></iframe>", "<img src=x onerror=alert(1)>",
                "<svg><circle/></svg>", "<form><input></form>", "<a href=\"data:text/html,x\">a</a>")) {
            ProblemException e = assertThrows(ProblemException.class, () -> HtmlPolicy.sanitize(html, "le contenu de la séance"), html);
            assertEquals("unsafe-html", e.code());
            assertTrue(e.title().startsWith("Le texte (le contenu de la séance) contient des éléments interdits"), e.title());
        }
    }

    @Test
    void whateverTheInputTheOutputHoldsOnlyAllowedMarkup() {
        Random random = new Random(20261206);
        String[] parts = {"<p>", "</p>", "<b>", "</b>", "<li>", "<ul>", "</ul>", "<a href=\"https://a.fr/?q=1&x=2\">", "</a>", "é", "&amp;", "&", "<",
            ">", "\"", "'", "<br>", "<div>", "</div>", "<span>", "texte ", "<!-- c -->", "<table><tr><td>", "]]>", "<h1>", "</h1>"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder in = new StringBuilder();
            for (int i = random.nextInt(20); i >= 0; i--) {
                in.append(parts[random.nextInt(parts.length)]);
            }
            String out = HtmlPolicy.sanitize(in.toString(), "x");
            String tagsLeft = out.replaceAll("</?(p|strong|em|u|ul|ol|li|b|i|br)( /)?>", "")
                    .replaceAll("<a href=\"[^\"<>]*\" rel=\"[a-z ]+\">|</a>", "");
            assertTrue(!tagsLeft.contains("<") && !tagsLeft.contains(">"), in + " -> " + out);
        }
    }

    @Test
    void plainTextAndSummaries() {
        assertEquals("Lire le chapitre 3 & résumer", HtmlPolicy.plainText("<p>Lire le <b>chapitre</b> 3 &amp; résumer</p>"));
        assertEquals("un deux", HtmlPolicy.plainText("<ul><li>un</li><li>deux</li></ul>"));
        assertEquals("Lire le…", HtmlPolicy.summary("<p>Lire le chapitre</p>", 12));
    }
}
