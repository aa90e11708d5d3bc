package distbuild.includes;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every file one compile may read, found before it runs. Paths are absolute and normalised, as
 * the compiler names them (through a symbolic link where it goes through one).
 *
 * @param shippedFiles files under the roots that exist and that the compile reads or looks up
 *     (its sources, headers, {@code -include} files, response files, {@code .gch} files,
 *     {@code __has_include} targets): what must be sent with it
 * @param generatedFiles files other edges generate that the compile looks up, where the lookup
 *     would find them: the compile must wait for the edges that make them
 * @param notYetGenerated those of {@code generatedFiles} not on disk yet: what they include is
 *     unknown, so scan again once they are built ({@link #isComplete} is false until then)
 * @param systemFiles files outside the roots that the compile reads: the toolchain's, not sent
 * @param systemDirectories the search directories outside the roots, in search order: the
 *     toolchain the compile needs
 * @param missingUnderRoots paths under the roots that the compile looks up and that neither
 *     exist nor are generated: a file appearing there would change the compile
 * @param notFound includes found nowhere: the compile fails if it reaches one (usually it sits
 *     under a condition that is false)
 * @param unresolved computed includes that could not be expanded simply, each answered by
 *     taking every file of its search directories ({@link #wholeDirectories})
 * @param wholeDirectories for {@code unresolved}: directories all of whose files count as read
 *     (those under the roots are in {@code shippedFiles}; those outside are the toolchain's)
 */
public record ScanResult(
        SortedSet<Path> shippedFiles,
        SortedSet<Path> generatedFiles,
        SortedSet<Path> notYetGenerated,
        SortedSet<Path> systemFiles,
        List<Path> systemDirectories,
        SortedSet<Path> missingUnderRoots,
        List<NotFound> notFound,
        List<UnresolvedInclude> unresolved,
        List<Path> wholeDirectories) {

    public ScanResult {
        shippedFiles = sorted(shippedFiles);
        generatedFiles = sorted(generatedFiles);
        notYetGenerated = sorted(notYetGenerated);
        systemFiles = sorted(systemFiles);
        systemDirectories = List.copyOf(systemDirectories);
        missingUnderRoots = sorted(missingUnderRoots);
        notFound = List.copyOf(notFound);
        unresolved = List.copyOf(unresolved);
        wholeDirectories = List.copyOf(wholeDirectories);
    }

    /** An include no directory had; the compile fails on it if it is not skipped by a condition. */
    public record NotFound(Path includer, int line, HeaderName name) {}

    /** A computed include that was not followed by name, and why. */
    public record UnresolvedInclude(Path includer, int line, String text, String why) {}

    /** Whether every file the compile reads was scanned: false while a generated header it reads is not built yet. */
    public boolean isComplete() {
        return notYetGenerated.isEmpty();
    }

    /** Whether a computed include made the scan take whole directories. */
    public boolean isOverApproximated() {
        return !unresolved.isEmpty();
    }

    /**
     * Whether the compile would look {@code path} up (absolute, normalised): a file it reads, a
     * generated file it needs, a missing path it probes, or anything in a whole directory.
     */
    public boolean looksUp(Path path) {
        if (shippedFiles.contains(path) || generatedFiles.contains(path) || missingUnderRoots.contains(path)
                || systemFiles.contains(path)) {
            return true;
        }
        return wholeDirectories.stream().anyMatch(path::startsWith);
    }

    private static SortedSet<Path> sorted(SortedSet<Path> paths) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(paths));
    }
}
