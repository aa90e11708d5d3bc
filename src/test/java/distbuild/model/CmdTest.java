package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CmdTest {
    private static final Id LIB = TemplateTest.id("lib");
    private static final String LIB_DIR = "{{index .Deps \"" + LIB.hex() + "\"}}";
    private static final TemplateContext CONTEXT =
            new TemplateContext(Path.of("/src"), Path.of("/out"), Map.of(LIB, Path.of("/deps/lib")));

    @Test
    void execRendersEveryArgumentEveryVariableAndTheWorkingDirectory() {
        Cmd exec = new Cmd.Exec(
                List.of("cc", "-I{{.SourceDir}}/include", "-L" + LIB_DIR, "-o", "{{.OutputDir}}/app"),
                List.of("TMPDIR={{.OutputDir}}/tmp", "PATH=/usr/bin"),
                "{{.SourceDir}}/cmd");

        assertThat(exec.render(CONTEXT)).isEqualTo(new Cmd.Exec(
                List.of("cc", "-I/src/include", "-L/deps/lib", "-o", "/out/app"),
                List.of("TMPDIR=/out/tmp", "PATH=/usr/bin"),
                "/src/cmd"));
    }

    @Test
    void execWithoutEnvironmentOrWorkingDirectoryStaysWithout() {
        Cmd exec = new Cmd.Exec(List.of("true"));

        assertThat(exec.render(CONTEXT)).isEqualTo(new Cmd.Exec(List.of("true"), List.of(), ""));
    }

    @Test
    void catRendersBothItsTextAndTheFileItWrites() {
        Cmd cat = new Cmd.Cat("lib is at " + LIB_DIR + "\n", "{{.OutputDir}}/where.txt");

        assertThat(cat.render(CONTEXT)).isEqualTo(new Cmd.Cat("lib is at /deps/lib\n", "/out/where.txt"));
    }

    @Test
    void badTemplateInAnyStringOfAnExecFailsTheRender() {
        List<Cmd> broken = List.of(
                new Cmd.Exec(List.of("cc", "{{.Nope}}"), List.of(), ""),
                new Cmd.Exec(List.of("cc"), List.of("X={{.Nope}}"), ""),
                new Cmd.Exec(List.of("cc"), List.of(), "{{.Nope}}"),
                new Cmd.Cat("{{.Nope}}", "out.txt"),
                new Cmd.Cat("text", "{{.Nope}}"));

        for (Cmd cmd : broken) {
            assertThatThrownBy(() -> cmd.render(CONTEXT))
                    .as("rendering %s", cmd)
                    .isInstanceOf(TemplateException.class)
                    .hasMessageContaining("{{.Nope}}");
        }
    }

    @Test
    void templateStringsAreEveryStringOfTheCommandInOrder() {
        assertThat(new Cmd.Exec(List.of("a", "b"), List.of("C=c"), "d").templateStrings())
                .containsExactly("a", "b", "C=c", "d");
        assertThat(new Cmd.Cat("text", "file").templateStrings()).containsExactly("text", "file");
    }

    @Test
    void execNeedsAProgramAndCatNeedsAFile() {
        assertThatThrownBy(() -> new Cmd.Exec(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least the program to run");
        assertThatThrownBy(() -> new Cmd.Cat("text", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the file to write");
    }
}
