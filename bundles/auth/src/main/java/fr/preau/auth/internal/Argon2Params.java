package fr.preau.auth.internal;

/**
 * Argon2id cost parameters.
 * <p>
 * Default m = 64 MiB, t = 3, p = 1 (RFC 9106 §4's second recommendation, with one lane because
 * BouncyCastle computes lanes one after the other anyway): about 200 ms per hash on the 2-core
 * box once warm, the first one slower (JIT).
 *
 * @param memoryKib   memory in KiB
 * @param iterations  passes over the memory
 * @param parallelism lanes
 */
record Argon2Params(int memoryKib, int iterations, int parallelism) {

    static final Argon2Params DEFAULT = new Argon2Params(65536, 3, 1);

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
