package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the real CMake and Meson generate for a small C project (a static library with a source
 * file whose name has a space, a program, a header made by a custom command) is read without
 * a problem, and agrees with the real ninja's view of the same build directory.
 */
class GeneratedBuildFilesTest {
    @TempDir
    Path tmp;

    private Path source;

    @BeforeEach
    void project() {
        source = tmp.resolve("src");
        new BuildDir(source)
                .file("gen.sh", "echo '#define VERSION \"1.0\"' > \"$1\"\n")
                .file("lib/words.h", "int words(const char *text);\nint letters(const char *text);\n")
                .file("lib/words.c", "#include \"words.h\"\nint words(const char *t) { int n = 0; for (; *t; t++) n += *t == ' '; return n + 1; }\n")
                .file("lib/two words.c", "#include \"words.h\"\nint letters(const char *t) { int n = 0; for (; *t; t++) n++; return n; }\n")
                .file("main.c", """
                        #include <stdio.h>
                        #include "version.h"
                        #include "words.h"
                        int main(void) { printf("%s %d %d\\n", VERSION, words("a b"), letters("ab")); return 0; }
                        """)
                .file("CMakeLists.txt", """
                        cmake_minimum_required(VERSION 3.13)
                        project(tiny C)
                        add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/version.h
                          COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/gen.sh ${CMAKE_CURRENT_BINARY_DIR}/version.h
                          DEPENDS gen.sh)
                        add_library(words STATIC lib/words.c "lib/two words.c")
                        target_include_directories(words PUBLIC lib)
                        add_executable(app main.c ${CMAKE_CURRENT_BINARY_DIR}/version.h)
                        target_include_directories(app PRIVATE ${CMAKE_CURRENT_BINARY_DIR})
                        target_link_libraries(app words)
                        """)
                .file("meson.build", """
                        project('tiny', 'c')
                        version_h = custom_target('version', output: 'version.h',
                          command: ['sh', files('gen.sh'), '@OUTPUT@'])
                        words = static_library('words', 'lib/words.c', 'lib/two words.c', include_directories: 'lib')
                        executable('app', 'main.c', version_h, link_with: words, include_directories: 'lib')
                        """);
    }

    @Test
    void cmakesBuildNinjaIsReadAsNinjaReadsIt() {
        RealTool.assumeInstalled("cmake", "ninja", "cc");
        Path build = tmp.resolve("build-cmake");
        RealTool.run(tmp, "cmake", "-G", "Ninja", "-S", source.toString(), "-B", build.toString());

        NinjaGraph graph = NinjaGraph.load(build);

        RealNinjaComparison.assertAgrees(build, graph);
        assertThat(graph.targets(List.of())).containsExactly("all");
        NinjaEdge library = BuildDir.edge(graph, "libwords.a");
        assertThat(library.rule()).startsWith("C_STATIC_LIBRARY_LINKER__words");
        assertThat(library.inputs()).containsExactly("CMakeFiles/words.dir/lib/words.c.o",
                "CMakeFiles/words.dir/lib/two_words.c.o");
        assertThat(BuildDir.edge(graph, "version.h").command()).contains("gen.sh");
        assertCompilesRecordTheirHeaders(graph, "CMakeFiles/words.dir/lib/words.c.o");
        NinjaEdge regenerate = BuildDir.edge(graph, "build.ninja");
        assertThat(regenerate.generator()).isTrue();
        assertThat(regenerate.pool()).isEqualTo(NinjaPool.CONSOLE);
    }

    @Test
    void mesonsBuildNinjaIsReadAsNinjaReadsIt() {
        RealTool.assumeInstalled("meson", "ninja", "cc");
        Path build = tmp.resolve("build-meson");
        RealTool.run(tmp, "meson", "setup", build.toString(), source.toString());

        NinjaGraph graph = NinjaGraph.load(build);

        RealNinjaComparison.assertAgrees(build, graph);
        assertThat(graph.targets(List.of())).containsExactly("all");
        NinjaEdge library = BuildDir.edge(graph, "libwords.a");
        assertThat(library.rule()).isEqualTo("STATIC_LINKER");
        assertThat(library.inputs()).hasSize(2).allMatch(input -> input.startsWith("libwords.a.p/"));
        assertThat(BuildDir.edge(graph, "version.h").command()).contains("gen.sh");
        assertCompilesRecordTheirHeaders(graph, library.inputs().getFirst());
        assertThat(BuildDir.edge(graph, "build.ninja").generator()).isTrue();
    }

    private static void assertCompilesRecordTheirHeaders(NinjaGraph graph, String object) {
        NinjaEdge compile = BuildDir.edge(graph, object);
        assertThat(compile.deps()).isEqualTo(DepsStyle.GCC);
        assertThat(compile.depfile()).isNotEmpty();
        assertThat(compile.command()).contains(compile.depfile().replace(" ", "\\ "), compile.outputs().getFirst());
    }
}
