package distbuild.ninja;

import static distbuild.ninja.BuildDir.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NinjaLogTest {
    @TempDir
    Path tmp;

    /** Hashes as ninja 1.11.1 wrote them into its .ninja_log for these commands (8, 13, 43 and 10 bytes). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "touch o1 | 55095c6b6fe19795",
        "touch o2 # 8+ | e57f767f0c2063e9",
        ": && touch o3 && echo 'größe' > /dev/null | ae514c8ba5d1ef32",
        "touch o4;: | e759db48f718d79",
    })
    void commandsHashAsNinjaHashesThem(String command, String hash) {
        assertThat(Long.toHexString(NinjaLog.commandHash(command))).isEqualTo(hash);
    }

    @Test
    void entriesWrittenAreReadBack() throws IOException {
        Path log = tmp.resolve(".ninja_log");
        List<NinjaLog.Entry> entries = List.of(new NinjaLog.Entry(0, 12, 1_796_628_958_439_328_724L, "a.o", -2L),
                new NinjaLog.Entry(12, 30, 5, "dir/with space.o", 0xe759db48f718d79L));

        NinjaLog.write(log, entries);

        assertThat(Files.readString(log)).isEqualTo("""
                # ninja log v5
                0\t12\t1796628958439328724\ta.o\tfffffffffffffffe
                12\t30\t5\tdir/with space.o\te759db48f718d79
                """);
        assertThat(NinjaLog.read(log).values()).containsExactlyElementsOf(entries);
    }

    @Test
    void aLaterLineForAnOutputReplacesTheEarlierOne() throws IOException {
        Path log = tmp.resolve(".ninja_log");
        NinjaLog.write(log, List.of(new NinjaLog.Entry(0, 1, 1, "a.o", 1), new NinjaLog.Entry(0, 1, 1, "b.o", 2)));
        NinjaLog.append(log, List.of(new NinjaLog.Entry(5, 6, 7, "a.o", 3)));

        Map<String, NinjaLog.Entry> read = NinjaLog.read(log);

        assertThat(read.keySet()).containsExactly("b.o", "a.o");
        assertThat(read.get("a.o")).isEqualTo(new NinjaLog.Entry(5, 6, 7, "a.o", 3));
    }

    @Test
    void appendingStartsAMissingLogWithItsHeader() throws IOException {
        Path log = tmp.resolve(".ninja_log");

        NinjaLog.append(log, List.of(new NinjaLog.Entry(1, 2, 3, "x", 0xab)));

        assertThat(Files.readString(log)).isEqualTo("# ninja log v5\n1\t2\t3\tx\tab\n");
    }

    @Test
    void aLastLineCutShortIsSkippedAsNinjaSkipsIt() throws IOException {
        Path log = tmp.resolve(".ninja_log");
        Files.writeString(log, "# ninja log v5\n1\t2\t3\ta.o\tab\n4\t5\t6\tb.");

        assertThat(NinjaLog.read(log)).containsOnlyKeys("a.o");
    }

    @Test
    void aMissingLogIsEmpty() throws IOException {
        assertThat(NinjaLog.read(tmp.resolve(".ninja_log"))).isEmpty();
    }

    @Test
    void anotherVersionIsRefusedByName() throws IOException {
        Path log = tmp.resolve(".ninja_log");
        Files.writeString(log, "# ninja log v6\n");

        assertThatThrownBy(() -> NinjaLog.read(log)).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(log + ": expected '# ninja log v5' on the first line, found '# ninja log v6'"
                        + " (only the log of ninja 1.10 and 1.11 is read)");
    }

    @Test
    void aDamagedLineIsRefusedWithItsLineNumber() throws IOException {
        Path log = tmp.resolve(".ninja_log");
        Files.writeString(log, "# ninja log v5\n1\t2\t3\ta.o\tab\n1\t2\ta.o\n");

        assertThatThrownBy(() -> NinjaLog.read(log)).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(log + ":3: expected 5 tab-separated fields, found 3");
        Files.writeString(log, "# ninja log v5\n1\tx\t3\ta.o\tab\n");
        assertThatThrownBy(() -> NinjaLog.read(log)).hasMessageStartingWith(log + ":2: not a number");
    }

    @Test
    void theLogRealNinjaWritesHoldsTheHashesOfTheCommandsEvaluatedHere() throws IOException {
        RealTool.assumeInstalled("ninja", "cc");
        SmallCProject.write(tmp);
        RealTool.run(tmp, "ninja");
        NinjaGraph graph = NinjaGraph.load(tmp);

        Map<String, NinjaLog.Entry> log = NinjaLog.read(tmp.resolve(".ninja_log"));

        assertThat(log).containsOnlyKeys("a.o", "b.o", "app");
        for (NinjaLog.Entry entry : log.values()) {
            NinjaEdge edge = edge(graph, entry.output());
            assertThat(Long.toHexString(entry.commandHash())).as("hash of " + edge.commandForLog())
                    .isEqualTo(Long.toHexString(NinjaLog.commandHash(edge.commandForLog())));
            assertThat(entry.endMillis()).isGreaterThanOrEqualTo(entry.startMillis());
            assertThat(entry.mtime()).isPositive();
        }
        assertThat(edge(graph, "app").commandForLog()).isEqualTo("cc @app.rsp -o app;rspfile=a.o b.o");
    }
}
