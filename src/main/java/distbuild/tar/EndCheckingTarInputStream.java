package distbuild.tar;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that can tell an archive its writer finished from one that was cut off between two
 * entries. The library treats "no more bytes" exactly like the zero block that ends an archive;
 * for a transfer over the network only the latter means the artifact is complete.
 */
final class EndCheckingTarInputStream extends TarArchiveInputStream {
    private boolean sawEndOfArchive;

    EndCheckingTarInputStream(InputStream in) {
        super(in, StandardCharsets.UTF_8.name());
    }

    /** Called by the library for every record where a header is expected; null when the input ended. */
    @Override
    protected boolean isEOFRecord(byte[] record) {
        boolean end = super.isEOFRecord(record);
        if (end && record != null) {
            sawEndOfArchive = true;
        }
        return end;
    }

    /** Whether the zero block that ends an archive was read (not merely the end of the input). */
    boolean sawEndOfArchive() {
        return sawEndOfArchive;
    }
}
