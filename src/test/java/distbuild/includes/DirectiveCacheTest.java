package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectiveCacheTest {
    @TempDir
    Path tmp;

    ScanFixture fixture;
    Tree tree;

    @BeforeEach
    void setUp() {
        fixture = new ScanFixture(tmp);
        tree = fixture.tree;
    }

    private ScanSession session() {
        return fixture.scanner.session(ScanScope.of(tree.root()));
    }

    @Test
    void aHeaderReachedFrom500CompilesIsParsedOnce() {
        tree.file("inc/common.h", "#include \"leaf.h\"\n").file("inc/leaf.h", "");
        for (int i = 0; i < 500; i++) {
            tree.file("src/f" + i + ".c", "#include <common.h>\n");
        }
        ScanSession session = session();

        for (int i = 0; i < 500; i++) {
            ScanResult result = session.scan(fixture.compile("gcc -nostdinc -Iinc -c src/f" + i + ".c"));
            assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/f" + i + ".c", "inc/common.h", "inc/leaf.h");
        }

        assertThat(fixture.scanner.cache().parses()).isEqualTo(502);
    }

    @Test
    void aLaterBuildParsesOnlyWhatChanged() throws IOException {
        tree.file("src/a.c", "#include \"a.h\"\n").file("src/a.h", "").file("src/b.h", "");
        CompileCommand compile = fixture.compile("gcc -nostdinc -c src/a.c");
        session().scan(compile);
        long parsed = fixture.scanner.cache().parses();

        assertThat(fixture.shipped(session().scan(compile))).containsExactly("src/a.c", "src/a.h");
        assertThat(fixture.scanner.cache().parses()).isEqualTo(parsed);

        tree.file("src/a.h", "#include \"b.h\"\n");
        Files.setLastModifiedTime(tree.path("src/a.h"), FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(fixture.shipped(session().scan(compile))).containsExactly("src/a.c", "src/a.h", "src/b.h");
        // a.h again, and b.h for the first time.
        assertThat(fixture.scanner.cache().parses()).isEqualTo(parsed + 2);
    }

    @Test
    void aFileChangedWithinTheSameTimestampIsParsedAgainByTheNextBuild() throws IOException {
        Path header = tree.file("src/a.c", "#include \"a.h\"\n").file("src/b.h", "").path("src/a.h");
        Files.writeString(header, "#include \"c.h\"\n");
        FileTime sameTime = Files.getLastModifiedTime(header);
        CompileCommand compile = fixture.compile("gcc -nostdinc -c src/a.c");
        session().scan(compile);

        // Same size, same time: only its being just written tells the cache not to trust it.
        Files.writeString(header, "#include \"b.h\"\n");
        Files.setLastModifiedTime(header, sameTime);

        assertThat(fixture.shipped(session().scan(compile))).containsExactly("src/a.c", "src/a.h", "src/b.h");
    }

    @Test
    void oneFileUnderTwoNamesIsOneEntry() throws IOException {
        tree.file("src/a.c", "#include \"a.h\"\n#include \"alias.h\"\n").file("src/a.h", "");
        Files.createLink(tree.path("src/alias.h"), tree.path("src/a.h"));

        session().scan(fixture.compile("gcc -nostdinc -c src/a.c"));

        assertThat(fixture.scanner.cache().parses()).isEqualTo(2);
        assertThat(fixture.scanner.cache().size()).isEqualTo(2);
    }

    @Test
    void aFullCacheStartsOver() {
        DirectiveCache small = new DirectiveCache(2);
        IncludeScanner scanner = new IncludeScanner(small, ScanFixture.COMPILERS);
        tree.file("src/a.c", "#include \"a.h\"\n#include \"b.h\"\n").file("src/a.h", "").file("src/b.h", "");

        scanner.session(ScanScope.of(tree.root())).scan(fixture.compile("gcc -nostdinc -c src/a.c"));

        assertThat(small.size()).isLessThanOrEqualTo(2);
        assertThat(small.parses()).isEqualTo(3);
    }
}
