package distbuild.tar;

import distbuild.model.SourcePath;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An archive entry that passed the checks extraction makes: a regular file or a directory at a
 * relative path that stays inside the target. The one place that decides what is safe to extract.
 *
 * @param path where the entry goes, relative to the target, '/'-separated, without a trailing
 *     '/'; empty for an entry naming the archive's root itself ({@code ./})
 */
record SafeEntry(String path, boolean isDirectory) {
    private static final String ONLY_FILES_AND_DIRECTORIES =
            "; an artifact may contain only regular files and directories";

    /** Checks {@code entry}; PAX and GNU meta entries have already been folded into it by the reader. */
    static SafeEntry of(TarArchiveEntry entry) throws UnsafeArchiveException {
        String name = entry.getName();
        boolean isDirectory = switch (entry.getLinkFlag()) {
            // Pre-POSIX archives mark a directory only by the '/' at the end of its name.
            case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM -> name.endsWith("/");
            case TarConstants.LF_DIR -> true;
            case TarConstants.LF_LINK -> throw refused(name, "it is a hard link to \"" + entry.getLinkName() + "\"");
            case TarConstants.LF_SYMLINK -> throw refused(name, "it is a symbolic link to \"" + entry.getLinkName() + "\"");
            case TarConstants.LF_CHR -> throw refused(name, "it is a character device");
            case TarConstants.LF_BLK -> throw refused(name, "it is a block device");
            case TarConstants.LF_FIFO -> throw refused(name, "it is a FIFO");
            default -> throw refused(name, "its type '" + printable(entry.getLinkFlag()) + "' is neither a file nor a directory");
        };
        return new SafeEntry(relativePath(name), isDirectory);
    }

    /**
     * The relative path an entry name stands for: without a leading {@code ./} (GNU tar writes
     * one) or a trailing '/' (directories have one). Empty for the root entry ({@code ./} or
     * {@code .}).
     */
    static String relativePath(String name) throws UnsafeArchiveException {
        // Checked before any stripping, so "/" cannot pass for the root entry.
        if (name.startsWith("/")) {
            throw new UnsafeArchiveException(name, "its path is absolute; entries must be relative to the archive's root");
        }
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.equals(".")) {
            return "";
        }
        Optional<String> problem = SourcePath.problem(path);
        if (problem.isPresent()) {
            throw new UnsafeArchiveException(name, "its path " + problem.get());
        }
        return path;
    }

    boolean isRoot() {
        return path.isEmpty();
    }

    private static UnsafeArchiveException refused(String name, String why) {
        return new UnsafeArchiveException(name, why + ONLY_FILES_AND_DIRECTORIES);
    }

    private static String printable(byte flag) {
        return flag >= 0x20 && flag < 0x7f ? String.valueOf((char) flag) : String.format("\\x%02x", flag & 0xff);
    }
}
