package fr.preau.auth.internal;

/**
 * Argon2id cost parameters.
 * <p>
 * Default m = 19 MiB, t = 2, p = 1: OWASP's recommended Argon2id configuration. The box is
 * a 2-core machine with a 512 MiB heap that must take the rentrée's mass first logins: 64 MiB
 * per hash (RFC 9106's second recommendation) left room for very few logins at once and cost
 * about 0.3–0.5 s each on this hardware. With throttling and lockout in front (CNIL 2022-100),
 * 19 MiB keeps offline cracking expensive while a hash takes well under 100 ms. A stronger
 * setting can be configured (PID fr.preau.auth); existing hashes are upgraded at next login.
 *
 * @param memoryKib   memory in KiB
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
record Argon2Params(int memoryKib, int iterations, int parallelism) {

    static final Argon2Params DEFAULT = new Argon2Params(19456, 2, 1);

    /** The least a production configuration may ask for (OWASP's floor: 19 MiB, t = 2). */
    static final Argon2Params PRODUCTION_FLOOR = new Argon2Params(19456, 2, 1);

    Argon2Params {
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("Argon2 parallelism must be within 1..16");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Argon2 iterations must be at least 1");
        }
        if (memoryKib < 8 * parallelism || memoryKib > 1024 * 1024) {
            throw new IllegalArgumentException("Argon2 memory must be within 8*p KiB..1 GiB");
        }
    }

    /** The parameter section of a crypt string made with these parameters. */
    String cryptParameters() {
        return "t=" + iterations + ",m=" + memoryKib + ",p=" + parallelism;
    }
}
