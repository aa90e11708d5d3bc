package distbuild.model;

/** Text that should have been an {@link Id} is not 40 hex characters. */
public final class InvalidIdException extends InvalidInputException {
    public InvalidIdException(String message) {
        super(message);
    }
}
