package distbuild.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * What one job run's sandbox lays out: the directories the job may write (its source tree, its
 * output directory and the directory that becomes its {@code /tmp}), the deps it may only read, and
 * whether it may reach the network.
 */
public record JobTree(Path sourceDir, Path outputDir, Path tmpDir, List<Path> deps, boolean network) {
    public JobTree {
        deps = List.copyOf(deps);
    }

    /** The directories the job writes, which it owns while it runs and whose size is watched. */
    List<Path> writable() {
        return outputDir == null ? List.of(sourceDir, tmpDir) : List.of(sourceDir, outputDir, tmpDir);
    }
}
