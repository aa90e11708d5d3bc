package distbuild.tar;

import java.io.IOException;

/**
 * An archive contains an entry that extraction refuses: one that would land outside the target
 * directory, or one that is not a regular file or a directory (links, devices, FIFOs). Nothing of
 * the archive is left behind when this is thrown.
 */
public final class UnsafeArchiveException extends IOException {
    private final String entryName;

    public UnsafeArchiveException(String entryName, String reason) {
        super("refusing archive entry \"" + entryName + "\": " + reason);
        this.entryName = entryName;
    }

    /** The entry's name exactly as it appears in the archive. */
    public String entryName() {
        return entryName;
    }
}
