package distbuild.buildfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code distbuild.yaml}: jobs by name, inputs as paths and globs, deps by name, commands as
 * shell strings or argv lists, declared outputs, and {@code foreach} to stamp out one job per
 * matching file. Paths are relative to the file's directory, the source root.
 */
public final class BuildFile {
    public static final String DEFAULT_NAME = "distbuild.yaml";

    private BuildFile() {}

    /**
     * Reads {@code file} and plans its build, with the file's directory as the source root.
     *
     * @throws BuildFileException listing every mistake, each with its line
     * @throws IOException if the file or the source tree cannot be read
     */
    public static BuildPlan load(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "there is no build file here; write a "
                    + DEFAULT_NAME + " (see the README), or pass -f FILE, or --graph GRAPH.json for a wire graph");
        }
        return plan(file.toString(), text, file.toAbsolutePath().getParent());
    }

    /** Plans the build described by {@code text}, with {@code sourceRoot} as the root of its paths. */
    public static BuildPlan plan(String fileName, String text, Path sourceRoot) throws IOException {
        List<Problem> problems = new ArrayList<>();
        BuildFileReader.Contents contents = BuildFileReader.read(fileName, text, problems);
        BuildPlan plan;
        try {
            plan = Planner.plan(fileName, new SourceTree(sourceRoot), contents, problems);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!problems.isEmpty()) {
            throw new BuildFileException(problems);
        }
        return plan;
    }
}
