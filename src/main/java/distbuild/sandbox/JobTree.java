package distbuild.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * What one job run's sandbox lays out: the directories the job may write (its source tree, its
 * output directory and the directory that becomes its {@code /tmp}), the deps it may only read,
 * whether it may reach the network, and where parts of its tree must be seen besides
 * ({@link distbuild.model.Needs#treeAt()}).
 *
 * @param treeAt a directory of the tree (under {@code sourceDir}) → the absolute path it is seen at
 */
public record JobTree(Path sourceDir, Path outputDir, Path tmpDir, List<Path> deps, boolean network, Map<Path, Path> treeAt) {
    public JobTree {
        deps = List.copyOf(deps);
        treeAt = Map.copyOf(treeAt);
    }

    public JobTree(Path sourceDir, Path outputDir, Path tmpDir, List<Path> deps, boolean network) {
        this(sourceDir, outputDir, tmpDir, deps, network, Map.of());
    }

    /**
     * The binds that show parts of the tree where the job's commands look for them, made first if
     * missing. Called once, before the job's first command: a later command must not be able to
     * swap a directory of its tree for a link to somewhere else and have it bound writable.
     */
    List<MountPlan.Bind> seenAt() throws IOException {
        Path tree = Files.createDirectories(sourceDir).toRealPath();
        List<MountPlan.Bind> binds = new ArrayList<>();
        for (Map.Entry<Path, Path> entry : new TreeMap<>(treeAt).entrySet()) {
            Path real = Files.createDirectories(entry.getKey()).toRealPath();
            if (!real.startsWith(tree)) {
                throw new IOException("the job's tree directory " + entry.getKey() + " leads out of its tree, to " + real);
            }
            binds.add(new MountPlan.Bind(real, entry.getValue(), true));
        }
        return binds;
    }

    /** The directories the job writes, which it owns while it runs and whose size is watched. */
    List<Path> writable() {
        return outputDir == null ? List.of(sourceDir, tmpDir) : List.of(sourceDir, outputDir, tmpDir);
    }
}
