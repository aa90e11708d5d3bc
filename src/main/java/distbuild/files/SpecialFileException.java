package distbuild.files;

import java.io.IOException;
import java.nio.file.Path;

/** A tree that should hold only regular files and directories holds something else (a link, a device, a FIFO). */
public final class SpecialFileException extends IOException {
    private final Path relativePath;

    public SpecialFileException(Path relativePath) {
        super("\"" + relativePath + "\" is not a regular file or a directory");
        this.relativePath = relativePath;
    }

    public Path relativePath() {
        return relativePath;
    }
}
