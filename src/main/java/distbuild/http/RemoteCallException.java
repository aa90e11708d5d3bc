package distbuild.http;

import java.io.IOException;

/** A call that reached the server and was answered with an error status; the message is the server's. */
public final class RemoteCallException extends IOException {
    private final int status;

    public RemoteCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
