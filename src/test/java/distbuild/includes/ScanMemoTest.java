package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans remembered from one build to the next: an answer is given again, without a file read,
 * only while nothing it was made from has changed; anything else is scanned again.
 */
class ScanMemoTest {
    private static final String COMPILE = "gcc -nostdinc -Iinc1 -Iinc2 -c src/a.c";

    @TempDir
    Path tmp;

    Tree tree;
    Path memoFile;

    @BeforeEach
    void setUp() throws IOException {
        tree = new Tree(Files.createDirectories(tmp.resolve("tree")));
        memoFile = tmp.resolve("memo");
        tree.file("src/a.c", "#include \"a.h\"\n#include <b.h>\n").file("src/a.h", "").file("inc2/b.h", "").directory("inc1");
    }

    /** One build: a process's scanner (its own caches), the memo read from its file, one session. */
    private final class Build {
        final ScanFixture fixture = new ScanFixture(tree.root());
        final ScanMemo memo = ScanMemo.load(memoFile);
        final ScanSession session;

        Build(Set<String> generated) {
            session = fixture.scanner.session(new ScanScope(List.of(tree.root()),
                    generated.stream().map(tree::path).collect(java.util.stream.Collectors.toSet())), memo);
        }

        Build() {
            this(Set.of());
        }

        Set<String> shipped(String command) {
            return fixture.shipped(session.scan(fixture.compile(command)));
        }

        long parses() {
            return fixture.scanner.cache().parses();
        }

        Build saved() {
            assertThat(memo.save()).isTrue();
            return this;
        }
    }

    @Test
    void aLaterBuildTakesTheAnswerWithoutReadingAFile() {
        Build first = new Build();
        Set<String> scanned = first.shipped(COMPILE);
        first.saved();

        Build second = new Build();
        assertThat(second.shipped(COMPILE)).isEqualTo(scanned).containsExactlyInAnyOrder("src/a.c", "src/a.h", "inc2/b.h");
        assertThat(second.parses()).isZero();
        assertThat(second.memo.recalled()).isEqualTo(1);
    }

    @Test
    void aFileThatChangedIsScannedAgain() {
        Build first = new Build();
        first.shipped(COMPILE);
        first.saved();
        tree.file("src/a.h", "#include \"c.h\"\n").file("src/c.h", "");

        Build second = new Build();
        assertThat(second.shipped(COMPILE)).contains("src/c.h");
        assertThat(second.memo.recalled()).isZero();
    }

    @Test
    void aHeaderAppearingEarlierInTheSearchIsFound() {
        Build first = new Build();
        first.shipped(COMPILE);
        first.saved();
        tree.file("inc1/b.h", "");

        assertThat(new Build().shipped(COMPILE)).contains("inc1/b.h").doesNotContain("inc2/b.h");
    }

    @Test
    void aHeaderThatVanishedIsNotShipped() throws IOException {
        tree.file("inc1/b.h", "");
        Build first = new Build();
        assertThat(first.shipped(COMPILE)).contains("inc1/b.h");
        first.saved();
        Files.delete(tree.path("inc1/b.h"));

        assertThat(new Build().shipped(COMPILE)).contains("inc2/b.h").doesNotContain("inc1/b.h");
    }

    @Test
    void aScanThatReadAFileJustWrittenIsNotRemembered() throws IOException {
        Files.writeString(tree.path("src/a.h"), "/* written a moment ago */\n"); // its time is now: racy
        Build first = new Build();
        first.shipped(COMPILE);
        first.saved();

        Build second = new Build();
        second.shipped(COMPILE);
        assertThat(second.memo.recalled()).isZero();
        assertThat(second.parses()).isPositive();
    }

    @Test
    void anotherSetOfGeneratedFilesIsAnotherBuild() {
        Build first = new Build();
        first.shipped(COMPILE);
        first.saved();

        Build generating = new Build(Set.of("inc1/b.h"));
        Set<String> shipped = generating.shipped(COMPILE);
        assertThat(generating.memo.recalled()).isZero();
        assertThat(shipped).doesNotContain("inc2/b.h");
    }

    @Test
    void aDamagedMemoIsEmptyAndWrittenAgain() throws IOException {
        Files.write(memoFile, new byte[] {0, 5, 'h', 'e', 'l', 'l', 'o', 1, 2, 3});
        Build first = new Build();
        assertThat(first.memo.size()).isZero();
        first.shipped(COMPILE);
        first.saved();

        assertThat(ScanMemo.load(memoFile).size()).isEqualTo(1);
    }

    @Test
    void answersABuildDidNotUseAreKeptUntilAnotherBuildFindsThemStale() {
        String other = "gcc -nostdinc -Iinc1 -Iinc2 -c src/o.c";
        tree.file("src/o.c", "#include \"o.h\"\n").file("src/o.h", "");
        Build first = new Build();
        first.shipped(COMPILE);
        first.shipped(other);
        first.saved();
        tree.file("src/o.h", "#include \"p.h\"\n").file("src/p.h", "");

        Build onlyA = new Build(); // scans a.c alone: o.c's answer is neither used nor contradicted
        onlyA.shipped(COMPILE);
        onlyA.saved();
        assertThat(onlyA.memo.size()).isEqualTo(2);

        Build withO = new Build();
        assertThat(withO.shipped(other)).contains("src/p.h");
        assertThat(withO.memo.recalled()).isZero();
    }

    @Test
    void aPathThatChangedBetweenTwoPlansOfOneProcessIsNotTrustedFromTheFirst() {
        String other = "gcc -nostdinc -Iinc1 -Iinc2 -c src/o.c";
        tree.file("src/o.c", "#include <b.h>\n");
        ScanFixture fixture = new ScanFixture(tree.root());
        ScanMemo memo = ScanMemo.load(memoFile);
        ScanSession firstPlan = fixture.scanner.session(ScanScope.of(tree.root()), memo);
        assertThat(fixture.shipped(firstPlan.scan(fixture.compile(COMPILE)))).contains("inc2/b.h");

        tree.file("inc1/b.h", ""); // made by an edge between the two plans
        ScanSession secondPlan = fixture.scanner.session(ScanScope.of(tree.root()), memo);
        assertThat(fixture.shipped(secondPlan.scan(fixture.compile(other)))).contains("inc1/b.h");
        assertThat(fixture.shipped(secondPlan.scan(fixture.compile(COMPILE)))).contains("inc1/b.h").doesNotContain("inc2/b.h");
    }

    @Test
    void anAnswerIsDroppedAfterManySavesWithoutUse() {
        String other = "gcc -nostdinc -Iinc1 -Iinc2 -c src/o.c";
        tree.file("src/o.c", "");
        Build first = new Build();
        first.shipped(other);
        first.saved();
        for (int i = 0; i < ScanMemo.KEPT_GENERATIONS; i++) {
            Build build = new Build();
            tree.file("src/a.h", "/* edit " + i + " */\n"); // a.c is scanned (and saved) each time, o.c never
            touchInThePast("src/a.h", i);
            build.shipped(COMPILE);
            build.saved();
        }
        assertThat(ScanMemo.load(memoFile).size()).isEqualTo(1);
    }

    private void touchInThePast(String relative, int minutes) {
        try {
            Files.setLastModifiedTime(tree.path(relative), FileTime.from(Instant.now().minusSeconds(7200 + 60L * minutes)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
