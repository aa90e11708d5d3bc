package distbuild.cli;

import distbuild.http.CallFailure;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLHandshakeException;

/** Turns an exception into the one line a person at a terminal needs. */
final class Problems {
    private Problems() {}

    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return cause.getMessage() != null && cause.getMessage().startsWith("cannot connect")
                        ? cause.getMessage()
                        : "cannot connect: the server is not reachable at that address (is it running?)";
            }
            if (cause instanceof HttpConnectTimeoutException) {
                return "cannot connect: timed out (is the address right, and the server running?)";
            }
            if (cause instanceof SSLHandshakeException) {
                return CallFailure.describe(cause);
            }
        }
        Throwable cause = failure;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case NoSuchFileException e -> "no such file: " + e.getMessage();
            case java.io.IOException e -> CallFailure.describe(e);
            default -> cause.getMessage() != null ? cause.getMessage()
                    : "an unexpected internal error (run again with -v to see where it happened)";
        };
    }
}
