package distbuild.ninjaplan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a generated build's files are: its source directory and its build directory, as the
 * client has them, and the job tree that holds both — one directory when one lies in the other
 * (CMake's and Meson's usual {@code build/} inside the checkout), else {@code source/} and
 * {@code build/} side by side. A job sees each at the client's absolute path
 * ({@link #treeAt()}), so its commands run as they were generated, with the paths they name.
 */
public record TreeLayout(Path sourceDir, Path buildDir, List<String> directoriesNamed) {
    private static final Pattern CMAKE_HOME = Pattern.compile("(?m)^CMAKE_HOME_DIRECTORY:INTERNAL=(.+)$");
    private static final Pattern MESON_SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * @param directoriesNamed tree directories that must exist in every job's tree although no file
     *     may be sent there: the directory CMake was configured from, which its commands name on the
     *     way to others ({@code …/build/cmake/../../programs/zstd.1})
     */
    public TreeLayout {
        sourceDir = sourceDir.toAbsolutePath().normalize();
        buildDir = buildDir.toAbsolutePath().normalize();
        directoriesNamed = List.copyOf(directoriesNamed);
    }

    public TreeLayout(Path sourceDir, Path buildDir) {
        this(sourceDir, buildDir, List.of());
    }

    /** Where the machine's own files live (compilers, system headers): never a build's sources. */
    private static final List<Path> MACHINE_DIRECTORIES = List.of(Path.of("/usr"), Path.of("/lib"), Path.of("/lib64"),
            Path.of("/bin"), Path.of("/sbin"), Path.of("/etc"));

    /** Whether a file lies where the machine keeps its own (compilers, system headers, libraries). */
    public static boolean isMachineFile(Path path) {
        return MACHINE_DIRECTORIES.stream().anyMatch(path::startsWith);
    }

    /**
     * The layout of the build in {@code buildDir}: its source directory is the deepest directory
     * holding the one CMake ({@code CMakeCache.txt}) or Meson ({@code meson-info/meson-info.json})
     * recorded and every source file the edges name outside the build directory (a CMake project
     * is often configured from a subdirectory, {@code build/cmake}, with its sources above it).
     */
    public static TreeLayout of(Path buildDir, List<Path> sourceFilesOutsideBuildDir) throws IOException {
        Path build = buildDir.toAbsolutePath().normalize();
        Optional<Path> recorded = recordedSourceDir(build).map(dir -> dir.toAbsolutePath().normalize());
        Path common = recorded.orElse(null);
        for (Path file : sourceFilesOutsideBuildDir) {
            Path absolute = file.toAbsolutePath().normalize();
            if (isMachineFile(absolute)) {
                continue;
            }
            Path dir = absolute.getParent();
            common = common == null ? dir : commonAncestor(common, dir);
        }
        if (common != null && common.getNameCount() == 0) {
            throw new distbuild.model.InvalidInputException("the build's source files lie in unrelated directories (their"
                    + " only common directory is /); distbuild sends one source directory: keep the sources under one");
        }
        TreeLayout layout = new TreeLayout(common != null ? common : build, build);
        List<String> named = recorded.flatMap(layout::treePath).map(List::of).orElse(List.of());
        return new TreeLayout(layout.sourceDir(), build, named);
    }

    private static Optional<Path> recordedSourceDir(Path build) throws IOException {
        Path cache = build.resolve("CMakeCache.txt");
        if (Files.isRegularFile(cache)) {
            Matcher home = CMAKE_HOME.matcher(Files.readString(cache));
            if (home.find()) {
                return Optional.of(Path.of(home.group(1).strip()));
            }
        }
        Path mesonInfo = build.resolve("meson-info/meson-info.json");
        if (Files.isRegularFile(mesonInfo)) {
            Matcher source = MESON_SOURCE.matcher(Files.readString(mesonInfo));
            if (source.find()) {
                return Optional.of(Path.of(source.group(1).replace("\\\"", "\"").replace("\\\\", "\\")));
            }
        }
        return Optional.empty();
    }

    private static Path commonAncestor(Path a, Path b) {
        Path common = a;
        while (common != null && !b.startsWith(common)) {
            common = common.getParent();
        }
        return common == null ? Path.of("/") : common;
    }

    /** The client's directory that is the whole job tree, when one of the two holds the other. */
    public java.util.Optional<Path> clientRoot() {
        return java.util.Optional.ofNullable(single());
    }

    /** The directory the job tree stands for when it is one of the two; null when they lie side by side. */
    private Path single() {
        if (buildDir.startsWith(sourceDir)) {
            return sourceDir;
        }
        if (sourceDir.startsWith(buildDir)) {
            return buildDir;
        }
        return null;
    }

    /** Where the job's commands see its tree: tree directory → the client's absolute path. */
    public Map<String, String> treeAt() {
        Path single = single();
        if (single != null) {
            return Map.of("", single.toString());
        }
        Map<String, String> treeAt = new LinkedHashMap<>();
        treeAt.put("source", sourceDir.toString());
        treeAt.put("build", buildDir.toString());
        return treeAt;
    }

    /** A file's path in the job tree; empty for one outside both directories (the machine's own). */
    public Optional<String> treePath(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path single = single();
        if (single != null) {
            return absolute.startsWith(single) && !absolute.equals(single)
                    ? Optional.of(single.relativize(absolute).toString()) : Optional.empty();
        }
        if (absolute.startsWith(buildDir) && !absolute.equals(buildDir)) {
            return Optional.of("build/" + buildDir.relativize(absolute));
        }
        if (absolute.startsWith(sourceDir) && !absolute.equals(sourceDir)) {
            return Optional.of("source/" + sourceDir.relativize(absolute));
        }
        return Optional.empty();
    }

    /** The client's file at a tree path. */
    public Path clientPath(String treePath) {
        Path single = single();
        if (single != null) {
            return single.resolve(treePath);
        }
        if (treePath.startsWith("build/")) {
            return buildDir.resolve(treePath.substring("build/".length()));
        }
        if (treePath.startsWith("source/")) {
            return sourceDir.resolve(treePath.substring("source/".length()));
        }
        throw new IllegalArgumentException("\"" + treePath + "\" is in neither the source nor the build directory's part of the tree");
    }

    /** The build directory's path in the tree: "" when the tree is the build directory. */
    public String buildDirInTree() {
        return treePath(buildDir.resolve("x")).map(path -> path.substring(0, path.length() - 1)).map(path ->
                path.endsWith("/") ? path.substring(0, path.length() - 1) : path).orElse("");
    }
}
