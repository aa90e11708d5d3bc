package distbuild.tar;

import java.io.IOException;

/**
 * A tree being archived contains something other than a regular file or a directory, such as a
 * symbolic link. Artifacts may contain only those two, so the tree cannot be sent.
 */
public final class UnsupportedFileTypeException extends IOException {
    private final String relativePath;

    public UnsupportedFileTypeException(String relativePath, String whatItIs) {
        super("cannot archive \"" + relativePath + "\": it is " + whatItIs
                + "; an artifact may contain only regular files and directories");
        this.relativePath = relativePath;
    }

    /** The offending path, relative to the directory being archived. */
    public String relativePath() {
        return relativePath;
    }
}
