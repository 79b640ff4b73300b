package fr.preau.auth.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** 256-bit random tokens (session ids, CSRF tokens), base64url without padding: 43 characters. */
final class Secrets {

    static final int TOKEN_BYTES = 32;
    static final int TOKEN_LENGTH = 43;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_LENGTH + "}");

    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Cheap shape check before any lookup: junk never reaches the session store. */
    static boolean looksLikeToken(String candidate) {
        return candidate != null && TOKEN.matcher(candidate).matches();
    }
}
