package distbuild.cli;

/** A ninja build whose remaining edges wait for files that none of the edges being built makes. */
final class NinjaBuildStuckException extends RuntimeException {
    NinjaBuildStuckException(String message) {
        super(message);
    }
}
