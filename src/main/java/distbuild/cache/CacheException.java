package distbuild.cache;

import java.io.IOException;

/** A cache refused an operation; the subclasses say why, the message says it for people. */
public class CacheException extends IOException {
    public CacheException(String message) {
        super(message);
    }
}
