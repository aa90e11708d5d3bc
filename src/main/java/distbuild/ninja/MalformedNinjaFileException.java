package distbuild.ninja;

import java.io.IOException;

/**
 * A {@code .ninja_log} or {@code .ninja_deps} that is not in the format read here: another
 * version, or damaged. Ninja itself starts such a file over; a caller may do the same.
 */
public final class MalformedNinjaFileException extends IOException {
    public MalformedNinjaFileException(String message) {
        super(message);
    }
}
