package distbuild.includes;

/**
 * A scan that could not give an answer to trust: the compiler could not be asked for its
 * directories, or a file it would read could not be read. The message names what and why.
 */
public final class IncludeScanException extends RuntimeException {
    public IncludeScanException(String message) {
        super(message);
    }

    public IncludeScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
