package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each lookup rule on a small tree, the compiler's own directories left out ({@code -nostdinc})
 * so that only the rule is at work; gcc is asked what it reads for the same command, and the
 * scan must have found all of it.
 */
class IncludeLookupTest {
    @TempDir
    Path tmp;

    ScanFixture fixture;
    Tree tree;

    @BeforeEach
    void setUp() {
        fixture = new ScanFixture(tmp);
        tree = fixture.tree;
    }

    @Test
    void aQuotedIncludeLooksBesideItsIncluderFirst() {
        tree.file("src/a.c", "#include \"sub/b.h\"\n")
                .file("src/sub/b.h", "#include \"c.h\"\n")
                .file("src/sub/c.h", "")
                .file("inc/c.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iinc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactly("src/a.c", "src/sub/b.h", "src/sub/c.h");
        // Each lookup stops where it finds; gcc's implicit stdc-predef.h is looked for in -I directories too.
        assertThat(tree.relative(result.missingUnderRoots())).containsExactly("inc/stdc-predef.h");
    }

    @Test
    void quotedLookupsGoIncluderIquoteIIsystemIdirafterAndBracketedOnesSkipTheFirstTwo() {
        tree.file("src/a.c", "#include \"q.h\"\n#include <q.h>\n#include <s.h>\n#include \"after.h\"\n#include <here.h>\n")
                .file("src/here.h", "")
                .file("quote/q.h", "").file("bracket/q.h", "")
                .file("system/s.h", "").file("after/s.h", "").file("after/after.h", "")
                .file("bracket/here.h", "");

        ScanResult result = fixture.scanNeverMissing(
                "gcc -nostdinc -iquote quote -Ibracket -isystem system -idirafter after -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "quote/q.h", "bracket/q.h",
                "system/s.h", "after/after.h", "bracket/here.h");
    }

    @Test
    void includeNextGoesOnAfterTheDirectoryItsIncluderWasFoundIn() {
        tree.file("src/a.c", "#include <wrap.h>\n")
                .file("first/wrap.h", "#include_next <wrap.h>\n")
                .file("second/wrap.h", "#include_next \"wrap.h\"\n")
                .file("third/wrap.h", "#if __has_include_next(<wrap.h>)\n#endif\n")
                .file("fourth/wrap.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Ifirst -Isecond -isystem third -idirafter fourth"
                + " -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "first/wrap.h", "second/wrap.h",
                "third/wrap.h", "fourth/wrap.h");
    }

    @Test
    void includeNextInAFileFoundBesideItsIncluderStartsAtTheQuoteChain() {
        tree.file("src/a.c", "#include \"w.h\"\n")
                .file("src/w.h", "#include_next <w.h>\n")
                .file("quote/w.h", "")
                .file("bracket/w.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -iquote quote -Ibracket -c src/a.c");

        // gcc goes on at the quote chain's start; clang at the bracket chain's: both are taken.
        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/w.h", "quote/w.h", "bracket/w.h");
    }

    @Test
    void includeNextInTheSourceIsAnInclude() {
        tree.file("src/a.c", "#include_next \"x.h\"\n").file("src/x.h", "");

        assertThat(fixture.shipped(fixture.scanNeverMissing("gcc -nostdinc -c src/a.c")))
                .containsExactly("src/a.c", "src/x.h");
    }

    @Test
    void aDirectoryGivenWithIAndIsystemIsSearchedAtItsSystemPlaceOnly() {
        tree.file("src/a.c", "#include <x.h>\n")
                .file("shared/x.h", "")
                .file("first/x.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Ishared -isystem first -isystem shared -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactly("first/x.h", "src/a.c");
    }

    @Test
    void aDirectoryListedTwiceIsSearchedOnceSoIncludeNextDoesNotFindItsIncluderAgain() {
        tree.file("src/a.c", "#include <h.h>\n")
                .file("a/h.h", "#include_next <h.h>\n")
                .file("b/h.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Ia -Ib -Ia -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "a/h.h", "b/h.h");
    }

    @Test
    void iDashMakesEarlierDirectoriesQuoteOnlyAndSkipsTheIncludersDirectory() {
        tree.file("src/a.c", "#include \"x.h\"\n#include <y.h>\n")
                .file("src/x.h", "")
                .file("quote/x.h", "")
                .file("quote/y.h", "")
                .file("bracket/y.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iquote -I- -Ibracket -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "quote/x.h", "bracket/y.h");
    }

    @Test
    void forcedIncludesLookInTheWorkingDirectoryFirstThenAlongTheQuoteChain() {
        tree.file("build/force.h", "#include_next \"force.h\"\n")
                .file("inc/force.h", "")
                .file("inc/macros.h", "")
                .file("src/a.c", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -I../inc -include force.h -imacros macros.h"
                + " -c ../src/a.c", "build");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("build/force.h", "inc/force.h", "inc/macros.h",
                "src/a.c");
    }

    @Test
    void headersUnderAFalseConditionAreReadAnyway() {
        tree.file("src/a.c", "#if 0\n#include \"dead.h\"\n#endif\n#include \"live.h\"\n")
                .file("src/dead.h", "").file("src/live.h", "");

        assertThat(fixture.shipped(fixture.scanNeverMissing("gcc -nostdinc -c src/a.c")))
                .containsExactlyInAnyOrder("src/a.c", "src/dead.h", "src/live.h");
    }

    @Test
    void missingFilesAreNotReadButTheirProbesUnderTheRootsAreReported() {
        tree.file("src/a.c", "#if 0\n#include \"gone.h\"\n#endif\n").directory("inc");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iinc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactly("src/a.c");
        assertThat(tree.relative(result.missingUnderRoots())).containsExactlyInAnyOrder("src/gone.h", "inc/gone.h",
                "inc/stdc-predef.h");
        assertThat(result.notFound()).containsExactly(
                new ScanResult.NotFound(tree.path("src/a.c"), 2, new HeaderName.Quoted("gone.h")));
        assertThat(result.looksUp(tree.path("inc/gone.h"))).isTrue();
        assertThat(result.looksUp(tree.path("inc/other.h"))).isFalse();
    }

    @Test
    void hasIncludeTargetsAreShippedButNotScanned() {
        tree.file("src/a.c", "#if __has_include(\"opt.h\") || __has_include(<absent.h>)\n#endif\n")
                .file("src/opt.h", "#include \"deep.h\"\n")
                .file("src/deep.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Isrc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/opt.h");
        assertThat(tree.relative(result.missingUnderRoots())).containsExactly("src/absent.h", "src/stdc-predef.h");
    }

    @Test
    void aPrecompiledHeaderBesideAHeaderIsShippedWithIt() {
        tree.file("src/a.c", "#include \"pch.h\"\n").file("src/pch.h", "").file("src/pch.h.gch", "not really");

        assertThat(fixture.shipped(fixture.scan("gcc -nostdinc -c src/a.c")))
                .containsExactlyInAnyOrder("src/a.c", "src/pch.h", "src/pch.h.gch");
    }

    @Test
    void pragmaDependencyTargetsAreShipped() {
        tree.file("src/a.c", "#pragma GCC dependency \"parse.y\"\n").file("src/parse.y", "");

        assertThat(fixture.shipped(fixture.scanNeverMissing("gcc -nostdinc -c src/a.c")))
                .containsExactlyInAnyOrder("src/a.c", "src/parse.y");
    }

    @Test
    void theCompilersOwnHeadersAreSystemFilesOutsideTheRoots() {
        tree.file("src/a.c", "#include <stddef.h>\n#include <stdio.h>\n#include \"local.h\"\n").file("src/local.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/local.h");
        assertThat(result.systemFiles()).contains(Path.of("/usr/include/stdio.h"), Path.of("/usr/include/stdc-predef.h"))
                .anyMatch(file -> file.endsWith("include/stddef.h") && file.toString().contains("/gcc/"));
        assertThat(result.systemDirectories()).contains(Path.of("/usr/include"));
        assertThat(result.shippedFiles()).allMatch(file -> file.startsWith(tree.root()));
    }

    @Test
    void cPlusPlusCompilesUseTheCompilersCPlusPlusDirectories() {
        tree.file("src/a.cc", "#include <vector>\n#include <string>\n");

        ScanResult result = fixture.scanNeverMissing("g++ -std=c++17 -c src/a.cc");

        assertThat(result.systemFiles()).anyMatch(file -> file.endsWith("vector") && file.toString().contains("c++"));
    }

    @Test
    void aHeaderReachedThroughASymbolicLinkIsNamedAsTheCompilerNamesIt() throws IOException {
        tree.file("src/a.c", "#include \"link.h\"\n#include \"dir/../up.h\"\n")
                .file("elsewhere/real.h", "#include \"beside-link.h\"\n")
                .file("src/beside-link.h", "")
                .file("elsewhere/deep/placeholder", "")
                .file("elsewhere/up.h", "");
        Files.createSymbolicLink(tree.path("src/link.h"), tree.path("elsewhere/real.h"));
        Files.createSymbolicLink(tree.path("src/dir"), tree.path("elsewhere/deep"));

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -c src/a.c");

        // The link's directory is where its quoted includes start, as in gcc; "dir/.." is elsewhere/, not src/.
        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/link.h", "src/beside-link.h",
                "elsewhere/up.h");
    }

    @Test
    void absoluteNamesAreReadWhereTheyPoint() {
        tree.file("inc/abs.h", "#include_next <next.h>\n").file("inc/next.h", "");
        tree.file("src/a.c", "#include \"" + tree.path("inc/abs.h") + "\"\n");

        // An #include_next in a file named absolutely is an #include, as in gcc.
        assertThat(fixture.shipped(fixture.scanNeverMissing("gcc -nostdinc -Iinc -c src/a.c")))
                .containsExactlyInAnyOrder("src/a.c", "inc/abs.h", "inc/next.h");
    }

    @Test
    void responseFilesAndFilesNamedByOptionsAreShipped() {
        tree.file("src/a.c", "").file("build/args.rsp", "-c ../src/a.c").file("build/ignore.txt", "");

        ScanResult result = fixture.scan(fixture.compile("gcc -nostdinc -fsanitize-ignorelist=ignore.txt @args.rsp",
                "build"), Set.of());

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "build/args.rsp", "build/ignore.txt");
    }
}
