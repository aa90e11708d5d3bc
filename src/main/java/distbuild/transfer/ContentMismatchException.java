package distbuild.transfer;

import distbuild.model.Id;
import java.io.IOException;

/** Bytes that arrived for an ID do not hash to that ID. */
public final class ContentMismatchException extends IOException {
    public ContentMismatchException(Id expected, Id actual) {
        super("content does not match its ID: expected SHA-1 " + expected.hex() + ", got " + actual.hex());
    }
}
