package distbuild.ninja;

/**
 * Something in a ninja file that cannot be read, where it is. Thrown by the lexer, the parser
 * and the reader, and caught by the reader, which records it as a {@link NinjaProblem} with its
 * line and include chain and goes on with the next statement.
 */
final class Refusal extends RuntimeException {
    private final Position at;

    Refusal(Position at, String message) {
        super(message, null, false, false); // thrown for input, not for bugs: no stack trace
        this.at = at;
    }

    Position at() {
        return at;
    }
}
