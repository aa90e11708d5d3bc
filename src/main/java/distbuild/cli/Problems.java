package distbuild.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one line a person at a terminal needs. */
final class Problems {
    private Problems() {}

    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return switch (cause) {
            case ConnectException e -> "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage())
                    + " (is the server running at that address?)";
            case HttpConnectTimeoutException e -> "connecting timed out: " + e.getMessage();
            case NoSuchFileException e -> "no such file: " + e.getMessage();
            case IOException e when e.getMessage() != null -> e.getMessage();
            default -> cause.getMessage() != null ? cause.getMessage() : cause.toString();
        };
    }
}
