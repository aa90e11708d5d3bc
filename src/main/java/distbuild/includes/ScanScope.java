package distbuild.includes;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What one build tells the scanner: the directories whose files it ships (the project's source
 * and build directories; anything outside is the toolchain's), and the files other edges of the
 * build will generate, which the scanner treats as present wherever a lookup meets them, as the
 * compile will once they are built. Paths are made absolute and normalised.
 */
public record ScanScope(List<Path> roots, Set<Path> generatedFiles) {
    public ScanScope {
        roots = roots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
        generatedFiles = Set.copyOf(generatedFiles.stream().map(file -> file.toAbsolutePath().normalize()).toList());
    }

    public static ScanScope of(Path... roots) {
        return new ScanScope(List.of(roots), Set.of());
    }

    /** Whether the normalised absolute {@code path} is under one of the roots, so shipped with the compile. */
    public boolean isUnderRoots(Path path) {
        for (Path root : roots) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
