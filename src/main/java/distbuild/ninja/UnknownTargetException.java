package distbuild.ninja;

import distbuild.model.InvalidInputException;

/** A target asked for that the graph does not mention. */
public final class UnknownTargetException extends InvalidInputException {
    private final String target;

    UnknownTargetException(String target, String message) {
        super(message);
        this.target = target;
    }

    /** The target as it was asked for. */
    public String target() {
        return target;
    }
}
