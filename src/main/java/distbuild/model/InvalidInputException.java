package distbuild.model;

/**
 * Input from outside — a graph, an ID, a template, a message — that cannot be accepted. Servers
 * answer it with 400 and its message; any other exception is their own fault.
 */
public class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
