package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepfileTest {
    @TempDir
    Path tmp;

    @Test
    void aRuleGivesItsTargetsAndInputs() throws IOException {
        Depfile depfile = Depfile.parse("out.o out.d: src/a.c include/a.h \\\n  include/b.h\n");

        assertThat(depfile.outputs()).containsExactly("out.o", "out.d");
        assertThat(depfile.inputs()).containsExactly("src/a.c", "include/a.h", "include/b.h");
    }

    @Test
    void escapedSpacesHashesAndDollarsAreDeEscaped() throws IOException {
        Depfile depfile = Depfile.parse("a.o: with\\ space.h hash\\#.h dollar$$.h two\\\\\\ x.h\n");

        assertThat(depfile.inputs()).containsExactly("with space.h", "hash#.h", "dollar$.h", "two\\ x.h");
    }

    @Test
    void anEvenRunOfBackslashesBeforeASpaceEndsTheNameAndIsKept() throws IOException {
        assertThat(Depfile.parse("a.o: dir\\\\ b.h\n").inputs()).containsExactly("dir\\\\", "b.h");
    }

    @Test
    void otherBackslashesAreKeptAsWindowsPathsNeedThem() throws IOException {
        assertThat(Depfile.parse("a.o: c:\\src\\a.h\n").inputs()).containsExactly("c:\\src\\a.h");
    }

    @Test
    void carriageReturnsEndLinesAsNewlinesDo() throws IOException {
        Depfile depfile = Depfile.parse("a.o: a.h \\\r\n b.h\r\nc.o: c.h\r\n");

        assertThat(depfile.outputs()).containsExactly("a.o", "c.o");
        assertThat(depfile.inputs()).containsExactly("a.h", "b.h", "c.h");
    }

    @Test
    void severalRulesAddTheirOutputsAndInputsOnce() throws IOException {
        Depfile depfile = Depfile.parse("a.o: a.c x.h\nb.o: b.c x.h\na.o: y.h\n");

        assertThat(depfile.outputs()).containsExactly("a.o", "b.o");
        assertThat(depfile.inputs()).containsExactly("a.c", "x.h", "b.c", "y.h");
    }

    @Test
    void phonyRulesForHeadersAddNothing() throws IOException {
        Depfile depfile = Depfile.parse("a.o: a.c a.h\n\na.h:\n");

        assertThat(depfile.outputs()).containsExactly("a.o");
        assertThat(depfile.inputs()).containsExactly("a.c", "a.h");
    }

    @Test
    void anInputWithInputsOfItsOwnIsRefused() {
        assertThatThrownBy(() -> Depfile.parse("a.o: a.h\na.h: b.h\n")).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage("inputs may not also have inputs ('b.h' is listed for a target that is itself an input)");
    }

    @Test
    void aFileWithoutAColonIsRefusedNamingTheFile() throws IOException {
        Path file = tmp.resolve("bad.d");
        Files.writeString(file, "a.o a.c\n");

        assertThatThrownBy(() -> Depfile.read(file)).isInstanceOf(MalformedNinjaFileException.class)
                .hasMessage(file + ": expected ':' in depfile");
    }

    @Test
    void whatTheRealGccWritesIsReadBackWithSpacesInNames() throws IOException {
        RealTool.assumeInstalled("gcc");
        Files.createDirectories(tmp.resolve("inc dir"));
        Files.writeString(tmp.resolve("inc dir/spaced name.h"), "#define A 1\n");
        Files.writeString(tmp.resolve("inc dir/hash#dollar$.h"), "#define B 2\n");
        Files.writeString(tmp.resolve("plain.h"), "#include \"hash#dollar$.h\"\n");
        Files.writeString(tmp.resolve("my source.c"),
                "#include \"spaced name.h\"\n#include \"plain.h\"\n#include <stddef.h>\nint x = A + B;\n");

        RealTool.run(tmp, "gcc", "-MD", "-MP", "-MF", "out dir.d", "-I", "inc dir", "-c", "my source.c", "-o", "my out.o");
        Depfile depfile = Depfile.read(tmp.resolve("out dir.d"));

        assertThat(depfile.outputs()).containsExactly("my out.o");
        // gcc's implicit stdc-predef.h comes second: what matters is the order of the rest.
        assertThat(depfile.inputs()).containsSubsequence("my source.c", "inc dir/spaced name.h", "plain.h",
                "inc dir/hash#dollar$.h");
        assertThat(depfile.inputs()).anyMatch(input -> input.endsWith("/stddef.h"));
        assertThat(depfile.inputs()).allMatch(input -> Files.exists(tmp.resolve(input)), "exists");
    }

    @Test
    void gccsTargetsGivenWithMtAndMqAreOutputs() throws IOException {
        RealTool.assumeInstalled("gcc");
        Files.writeString(tmp.resolve("a.c"), "int a;\n");

        RealTool.run(tmp, List.of("gcc", "-MMD", "-MF", "a.d", "-MT", "first", "-MQ", "$second", "-c", "a.c", "-o", "a.o"));

        assertThat(Depfile.read(tmp.resolve("a.d"))).isEqualTo(new Depfile(List.of("first", "$second"), List.of("a.c")));
    }
}
