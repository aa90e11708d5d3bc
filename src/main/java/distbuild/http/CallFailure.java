package distbuild.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a call to another process failed, in a few words a person can act on: "connection refused",
 * "the connection closed before an answer came". The JDK's own text for these is written for its
 * developers ("HTTP/1.1 header parser received no bytes"), often absent, and an exception's class
 * name means nothing to someone running a build; messages for people are made from this instead.
 */
public final class CallFailure {
    private CallFailure() {}

    /**
     * The failure in words: never a class name, never empty, never "null". The outermost failure
     * that says something wins (ours wrap the JDK's with context), with the JDK's texts put in ours.
     */
    public static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String known = known(cause);
            if (known != null) {
                return known;
            }
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && !message.contains("Exception") && !message.contains("java.")) {
                return message.strip();
            }
        }
        return "the connection failed without saying why";
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String known(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        return switch (cause) {
            case RemoteCallException remote -> remote.getMessage();
            case HttpConnectTimeoutException timeout -> "no connection within the time allowed (is the host up?)";
            case HttpTimeoutException timeout -> lower.contains("did not answer") ? message : "no answer within the time allowed";
            case ConnectException unresolved when causedBy(unresolved, UnresolvedAddressException.class) -> "unknown host";
            case ConnectException refused -> message.startsWith("cannot connect") ? message : "connection refused";
            case NoRouteToHostException unreachable -> "no route to the host";
            case UnknownHostException unknown -> "unknown host" + (message.isEmpty() ? "" : " " + message);
            case UnresolvedAddressException unresolved -> "unknown host";
            case SSLException tls when lower.contains("pkix") || lower.contains("certification path")
                    || lower.contains("subject alternative") || lower.contains("no name matching") ->
                    "the TLS connection failed: the server's certificate is not trusted or does not name the host"
                    + " (pass --credentials DIR with the cluster's ca.pem, and use a host name the certificate lists)";
            case SSLException tls -> "the TLS connection failed"
                    + (message.isEmpty() || message.contains("Exception") ? "" : ": " + message);
            case EOFException eof -> lower.contains("archive") ? message : "the connection closed in the middle of the answer";
            case SocketException socket when lower.startsWith("connection reset") -> "the connection was reset";
            case SocketException socket when lower.startsWith("broken pipe") -> "the connection closed while sending";
            // The JDK client's own words, matched whole so that none of ours is taken for one of them.
            case IOException io when lower.startsWith("http/1.1 header parser received no bytes") ->
                    "the connection closed before an answer came";
            case IOException io when lower.startsWith("connection reset") -> "the connection was reset";
            case IOException io when lower.startsWith("eof reached") || lower.equals("closed")
                    || lower.startsWith("connection closed") || lower.equals("stream closed")
                    || lower.startsWith("fixed content-length") ->
                    "the connection closed in the middle of the answer";
            default -> null;
        };
    }
}
