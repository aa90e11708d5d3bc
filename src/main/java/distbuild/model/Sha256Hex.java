package distbuild.model;

/**
 * The written form of a SHA-256 as this system keeps it (an output digest, an action key, a
 * toolchain's hash): 64 lower-case hex digits. Checked on every result a worker makes, so by a
 * loop rather than a regular expression compiled each time.
 */
public final class Sha256Hex {
    public static final int LENGTH = 64;

    private Sha256Hex() {}

    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
