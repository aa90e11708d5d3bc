package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Ninja files in a temporary build directory, read as distbuild reads them. */
final class BuildDir {
    private final Path dir;

    BuildDir(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    BuildDir file(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code build.ninja} and reads it. */
    NinjaGraph graph(String buildNinja) {
        return file("build.ninja", buildNinja).graph();
    }

    NinjaGraph graph() {
        return NinjaGraph.load(dir);
    }

    /** Writes {@code build.ninja} and reads it, expecting it to be refused for exactly one reason. */
    NinjaProblem problem(String buildNinja) {
        List<NinjaProblem> problems = file("build.ninja", buildNinja).problems();
        assertThat(problems).as("problems").hasSize(1);
        return problems.getFirst();
    }

    List<NinjaProblem> problems() {
        NinjaFileException refused = catchThrowableOfType(NinjaFileException.class, this::graph);
        assertThat(refused).as("reading build.ninja should have failed").isNotNull();
        return refused.problems();
    }

    /** The one edge producing {@code output}. */
    static NinjaEdge edge(NinjaGraph graph, String output) {
        return graph.node(output).flatMap(NinjaNode::producer)
                .orElseThrow(() -> new AssertionError("no edge produces " + output));
    }
}
