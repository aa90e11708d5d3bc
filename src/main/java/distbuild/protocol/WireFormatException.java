package distbuild.protocol;

import distbuild.model.InvalidInputException;

/** A message that is not valid JSON or not shaped like the wire format; the message says where. */
public final class WireFormatException extends InvalidInputException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
