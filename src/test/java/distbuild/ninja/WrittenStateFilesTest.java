package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reason the codecs exist: a build directory whose outputs distbuild made, with the logs
 * written here, is one where the real ninja finds nothing to do.
 */
class WrittenStateFilesTest {
    @TempDir
    Path tmp;

    static long mtime(Path file) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return modified.getEpochSecond() * 1_000_000_000L + modified.getNano();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void realNinjaFindsNothingToDoWithTheLogsWrittenHere() throws IOException {
        RealTool.assumeInstalled("ninja", "cc");
        SmallCProject.write(tmp);
        RealTool.run(tmp, "ninja");
        Files.delete(tmp.resolve(".ninja_log"));
        Files.delete(tmp.resolve(".ninja_deps"));
        assertThat(RealTool.run(tmp, "ninja", "-n")).as("without its logs, ninja rebuilds everything")
                .contains("[3/3]");
        NinjaGraph graph = NinjaGraph.load(tmp);

        List<NinjaLog.Entry> log = new ArrayList<>();
        List<NinjaDeps.Entry> deps = new ArrayList<>();
        for (NinjaEdge edge : graph.edgesFor(graph.targets(List.of()))) {
            for (String output : edge.allOutputs()) {
                log.add(new NinjaLog.Entry(0, 1, mtime(tmp.resolve(output)), output,
                        NinjaLog.commandHash(edge.commandForLog())));
            }
            if (edge.deps() == DepsStyle.GCC) {
                String output = edge.outputs().getFirst();
                List<String> headers = edge.inputs().getFirst().equals("src/a.c") ? List.of("src/a.h") : List.of();
                deps.add(new NinjaDeps.Entry(output, mtime(tmp.resolve(output)),
                        concat(edge.inputs(), headers)));
            }
        }
        NinjaLog.write(tmp.resolve(".ninja_log"), log);
        NinjaDeps.write(tmp.resolve(".ninja_deps"), deps);

        assertThat(RealTool.runWithErrors(tmp, "ninja", "-n", "-d", "explain")).isEqualTo("ninja: no work to do.\n");
        String shown = RealTool.run(tmp, "ninja", "-t", "deps");
        assertThat(shown).contains("a.o: #deps 2, deps mtime " + mtime(tmp.resolve("a.o")) + " (VALID)\n"
                + "    src/a.c\n    src/a.h\n");
        assertThat(shown).contains("b.o: #deps 1, deps mtime " + mtime(tmp.resolve("b.o")) + " (VALID)\n    src/b.c\n");
        assertThat(RealTool.run(tmp, "ninja", "-t", "query", "a.o")).contains("input: cc\n    src/a.c\n");
    }

    @Test
    void realNinjaRebuildsAnOutputWhoseLoggedCommandDiffers() throws IOException {
        RealTool.assumeInstalled("ninja", "cc");
        SmallCProject.write(tmp);
        RealTool.run(tmp, "ninja");
        NinjaGraph graph = NinjaGraph.load(tmp);
        List<NinjaLog.Entry> log = new ArrayList<>(NinjaLog.read(tmp.resolve(".ninja_log")).values());
        log.replaceAll(entry -> entry.output().equals("b.o")
                ? new NinjaLog.Entry(entry.startMillis(), entry.endMillis(), entry.mtime(), "b.o",
                        NinjaLog.commandHash(BuildDir.edge(graph, "b.o").command() + " -O2"))
                : entry);
        NinjaLog.write(tmp.resolve(".ninja_log"), log);

        assertThat(RealTool.runWithErrors(tmp, "ninja", "-n", "-d", "explain")).contains("command line changed for b.o")
                .doesNotContain("for a.o");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
