package distbuild.http;

/** A request the server refuses, with the status to answer and a message for the caller. */
public class RequestException extends RuntimeException {
    private final int status;

    public RequestException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    public static RequestException badRequest(String message) {
        return new RequestException(400, message);
    }

    public static RequestException notFound(String message) {
        return new RequestException(404, message);
    }

    public int status() {
        return status;
    }

    /**
     * The status an endpoint's failure is answered with: a refusal's own, 400 for input that cannot
     * be accepted, 503 for a request cancelled underneath it (the server stopping), else 500.
     */
    public static int statusOf(Throwable failure) {
        return switch (failure) {
            case RequestException e -> e.status();
            case distbuild.model.InvalidInputException e -> 400;
            case InterruptedException e -> 503;
            default -> 500;
        };
    }
}
