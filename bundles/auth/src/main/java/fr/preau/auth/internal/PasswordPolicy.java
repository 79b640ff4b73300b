package fr.preau.auth.internal;

import fr.preau.api.ProblemException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The password rule, after CNIL délibération n° 2022-100 (case "password + access restriction":
 * at least 50 bits of entropy together with throttling; we ask for more, since 12 characters from
 * three classes is already about 70 bits):
 * <ul>
 * <li>at least 12 characters mixing at least three of: lower case, upper case, digits, other
 * characters; <b>or</b> a passphrase of at least 16 characters of any kind;</li>
 * <li>at most 128 characters;</li>
 * <li>not containing the login (nor a part of it of 4 letters or more, which is usually a first
 * or last name);</li>
 * <li>not a very common password, nor a run of one or a few repeated or consecutive characters.</li>
 * </ul>
 * The same rule for everyone: a pupil can choose a phrase ("le chat de Léa dort") rather than a
 * jumble.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MIN_CLASSES = 3;
    static final int PASSPHRASE_LENGTH = 16;
    static final int MAX_LENGTH = 128;
    static final String CODE = "weak-password";

    static final String RULE = "Le mot de passe doit compter au moins 12 caractères mêlant au moins trois types "
            + "parmi minuscules, majuscules, chiffres et caractères spéciaux, ou bien être une phrase d'au moins "
            + "16 caractères (par exemple quatre mots séparés par des espaces). Il ne doit contenir ni votre "
            + "identifiant ni votre nom, ni être un mot de passe courant.";

    /**
     * The letters of very common passwords (digits and symbols removed): "Azerty123!", "Motdepasse2024"
     * and "Password!!!!" reduce to an entry.
     */
    private static final Set<String> COMMON = Set.of(
            "motdepasse", "password", "azerty", "azertyuiop", "azertyuiopqsdfghjklm", "qwerty",
            "qwertyuiop", "qwertyuiopasdfghjkl", "qsdfghjklm", "wxcvbn", "asdfghjkl", "zxcvbnm", "abc",
            "abcdef", "abcdefgh", "abcdefghijkl", "abcdefghijklmnop", "soleil", "bonjour", "bonsoir", "salut",
            "coucou", "doudou", "loulou", "chouchou", "jetaime", "iloveyou", "jtm", "marseille", "paris", "lyon",
            "france", "football", "foot", "chocolat", "princesse", "pokemon", "minecraft", "fortnite", "roblox",
            "naruto", "admin", "administrateur", "root", "welcome", "bienvenue", "ecole", "college", "lycee",
            "preau", "ent", "eleve", "professeur", "prof", "maman", "papa", "famille", "test", "toto",
            "tototiti", "secret", "changeme", "letmein", "monkey", "dragon", "master", "superman", "batman",
            "sunshine", "qwertyqwerty", "azertyazerty", "motdepassemotdepasse", "passwordpassword");

    private static final Pattern LOGIN_PARTS = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Checks {@code password} for the person whose login is {@code login}; throws 400 {@code weak-password}. */
    void check(String password, String login) {
        if (password == null || password.isEmpty()) {
            throw weak("Choisissez un mot de passe. " + RULE);
        }
        String pw = Normalizer.normalize(password, Normalizer.Form.NFC);
        int length = pw.codePointCount(0, pw.length());
        if (length > MAX_LENGTH) {
            throw weak("Le mot de passe ne doit pas dépasser " + MAX_LENGTH + " caractères.");
        }
        if (length < PASSPHRASE_LENGTH && (length < MIN_LENGTH || classes(pw) < MIN_CLASSES)) {
            throw weak("Ce mot de passe est trop faible. " + RULE);
        }
        String lower = pw.toLowerCase(Locale.ROOT);
        if (containsLogin(lower, login)) {
            throw weak("Le mot de passe ne doit contenir ni votre identifiant ni votre nom. " + RULE);
        }
        if (isCommon(lower) || isMonotonous(lower)) {
            throw weak("Ce mot de passe est trop courant ou trop facile à deviner : choisissez-en un autre. " + RULE);
        }
    }

    /** The French sentence shown next to the password field. */
    String describe() {
        return RULE;
    }

    static int classes(String pw) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < pw.length(); ) {
            int cp = pw.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLowerCase(cp)) {
                lower = true;
            } else if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                upper = true;
            } else if (Character.isDigit(cp)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    private static boolean containsLogin(String lowerPassword, String login) {
        if (login == null || login.isBlank()) {
            return false;
        }
        String lowerLogin = Normalizer.normalize(login.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        String loginLetters = letters(lowerLogin);
        if (lowerLogin.length() >= 3 && lowerPassword.contains(lowerLogin)
                || loginLetters.length() >= 3 && letters(lowerPassword).contains(loginLetters)) {
            return true;
        }
        for (String part : LOGIN_PARTS.split(lowerLogin)) {
            if (part.length() >= 4 && lowerPassword.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCommon(String lowerPassword) {
        String plain = stripAccents(lowerPassword);
        if (COMMON.contains(letters(plain))) {
            return true;
        }
        // "P@ssw0rd2024!": drop what surrounds the word, then read digits and symbols as letters
        String core = EDGES.matcher(plain).replaceAll("");
        StringBuilder b = new StringBuilder(core.length());
        for (char c : core.toCharArray()) {
            int i = LEET_FROM.indexOf(c);
            b.append(i >= 0 ? LEET_TO.charAt(i) : c);
        }
        return COMMON.contains(letters(b.toString()));
    }

    private static final Pattern EDGES = Pattern.compile("^[^\\p{L}]+|[^\\p{L}]+$");
    private static final String LEET_FROM = "@4310$57!";
    private static final String LEET_TO = "aaeiossti";

    /** Fewer than 5 distinct characters, or mostly a run of consecutive characters ("123456789012…"). */
    private static boolean isMonotonous(String lowerPassword) {
        long distinct = lowerPassword.codePoints().distinct().count();
        return distinct < 5 || isSequence(lowerPassword);
    }

    private static boolean isSequence(String s) {
        if (s.length() < 8) {
            return false;
        }
        int steady = 0;
        for (int i = 1; i < s.length(); i++) {
            int step = s.charAt(i) - s.charAt(i - 1);
            if (step == 1 || step == -1 || step == 0 || step == 9 || step == -9) { // 9→0 and 0→9 wrap
                steady++;
            }
        }
        return steady * 4 >= (s.length() - 1) * 3;
    }

    private static String letters(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(Character::isLetter).forEach(b::appendCodePoint);
        return b.toString();
    }

    private static String stripAccents(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static ProblemException weak(String title) {
        return new ProblemException(400, CODE, title);
    }
}
