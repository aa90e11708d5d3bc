package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers other edges generate, and includes whose names come from macros. */
class GeneratedAndComputedIncludeTest {
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
    void aGeneratedHeaderNotBuiltYetIsNeededAndLeavesTheScanIncomplete() {
        tree.file("src/a.c", "#include \"config.h\"\n").directory("build");

        ScanResult result = fixture.scan(fixture.compile("gcc -nostdinc -Igen -c ../src/a.c", "build"),
                Set.of("build/gen/config.h"));

        assertThat(tree.relative(result.generatedFiles())).containsExactly("build/gen/config.h");
        assertThat(tree.relative(result.notYetGenerated())).containsExactly("build/gen/config.h");
        assertThat(result.isComplete()).isFalse();
        assertThat(result.looksUp(tree.path("build/gen/config.h"))).isTrue();
        assertThat(fixture.shipped(result)).containsExactly("src/a.c");
    }

    @Test
    void onceBuiltAGeneratedHeaderIsScannedInto() {
        tree.file("src/a.c", "#include \"config.h\"\n")
                .file("build/gen/config.h", "#include \"more.h\"\n")
                .file("src/more.h", "");

        ScanResult result = fixture.scan(fixture.compile("gcc -nostdinc -Igen -I../src -c ../src/a.c", "build"),
                Set.of("build/gen/config.h"));

        assertThat(tree.relative(result.generatedFiles())).containsExactly("build/gen/config.h");
        assertThat(result.isComplete()).isTrue();
        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "build/gen/config.h", "src/more.h");
    }

    @Test
    void aGeneratedHeaderEarlierInTheChainHidesAnExistingOneLaterOn() {
        tree.file("src/a.c", "#include <version.h>\n").file("src/version.h", "#include \"stale.h\"\n")
                .directory("build");

        ScanResult result = fixture.scan(fixture.compile("gcc -nostdinc -Igen -I../src -c ../src/a.c", "build"),
                Set.of("build/gen/version.h"));

        assertThat(tree.relative(result.generatedFiles())).containsExactly("build/gen/version.h");
        assertThat(fixture.shipped(result)).containsExactly("src/a.c");
    }

    @Test
    void aGeneratedSourceIsNeededBeforeItCanBeScanned() {
        tree.directory("build");

        ScanResult result = fixture.scan(fixture.compile("gcc -nostdinc -c gen/parser.c", "build"),
                Set.of("build/gen/parser.c"));

        assertThat(tree.relative(result.notYetGenerated())).containsExactly("build/gen/parser.c");
    }

    @Test
    void aMacroDefinedAsAHeaderNameInAFileReadIsFollowed() {
        tree.file("src/a.c", "#include \"platform.h\"\n#include PLATFORM_CONFIG\n")
                .file("src/platform.h", "#ifdef __linux__\n#define PLATFORM_CONFIG \"linux.h\"\n#else\n"
                        + "#define PLATFORM_CONFIG <other.h>\n#endif\n")
                .file("src/linux.h", "")
                .file("inc/other.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iinc -c src/a.c");

        // Both definitions count, whatever the condition.
        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/platform.h", "src/linux.h",
                "inc/other.h");
        assertThat(result.isOverApproximated()).isFalse();
    }

    @Test
    void aMacroFromTheCommandLineOrThroughAnotherMacroIsFollowed() {
        tree.file("src/a.c", "#include CONFIG\n#include ALIAS\n")
                .file("src/config.h", "#define ALIAS TARGET\n#define TARGET <target.h>\n")
                .file("inc/target.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iinc '-DCONFIG=\"config.h\"' -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/config.h", "inc/target.h");
    }

    @Test
    void aMacroDefinedOnlyInAFileReachedLaterIsStillFollowed() {
        tree.file("src/a.c", "#include NAME\n#include \"late.h\"\n")
                .file("src/late.h", "#define NAME \"named.h\"\n")
                .file("src/named.h", "");

        assertThat(fixture.shipped(fixture.scan("gcc -nostdinc -c src/a.c")))
                .containsExactlyInAnyOrder("src/a.c", "src/late.h", "src/named.h");
    }

    @Test
    void aMacroDefinedNowhereNamesNothing() {
        tree.file("src/a.c", "#if defined(USER_H)\n#include USER_H\n#endif\n");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactly("src/a.c");
        assertThat(result.isOverApproximated()).isFalse();
    }

    @Test
    void aMacroThatCannotBeFollowedTakesEveryFileOfTheDirectoriesItCouldNameAndSaysSo() {
        tree.file("src/a.c", "#define STR(x) #x\n#define HEADER(x) STR(x.h)\n#include HEADER(picked)\n")
                .file("src/picked.h", "#include <deeper.h>\n")
                .file("src/sub/other.inc", "")
                .file("inc/deeper.h", "")
                .file("inc/unrelated.h", "")
                .file("elsewhere/not-searched.h", "");

        ScanResult result = fixture.scanNeverMissing("gcc -nostdinc -Iinc -c src/a.c");

        assertThat(fixture.shipped(result)).containsExactlyInAnyOrder("src/a.c", "src/picked.h", "src/sub/other.inc",
                "inc/deeper.h", "inc/unrelated.h");
        assertThat(result.unresolved()).containsExactly(new ScanResult.UnresolvedInclude(tree.path("src/a.c"), 3,
                "HEADER(picked)", "'HEADER(picked)' is not a header name or a macro naming one"));
        assertThat(result.wholeDirectories()).containsExactly(tree.path("src"), tree.path("inc"));
    }

    @Test
    void aMacroWithOneSimpleAndOneOpaqueDefinitionIsBothFollowedAndWidened() {
        tree.file("src/a.c", "#include \"defs.h\"\n#include CHOICE\n")
                .file("src/defs.h", "#define CHOICE \"simple.h\"\n#define CHOICE PASTE(a, b)\n")
                .file("src/simple.h", "");

        ScanResult result = fixture.scan("gcc -nostdinc -c src/a.c");

        assertThat(fixture.shipped(result)).contains("src/simple.h");
        assertThat(result.unresolved()).singleElement().extracting(ScanResult.UnresolvedInclude::why).isEqualTo(
                "'CHOICE' is defined as something other than a header name or a macro naming one");
    }
}
