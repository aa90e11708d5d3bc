package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project written to be hard to scan — wrappers over system headers with {@code #include_next},
 * quote-only directories, a header only under {@code #if 0}, computed includes, forced includes,
 * {@code __has_include}, C, C++ and preprocessed assembler — built by a {@code build.ninja} read
 * as distbuild reads it. For every compile edge the scan must find every file the real gcc reads
 * (its own {@code -M} list, system headers included).
 */
class NeverMissTest {
    private static final String BUILD_NINJA = """
            cflags = -O2 -Wall
            rule cc
              command = cc -I../overrides -I../include -iquote ../quote -I../opt -include prelude.h -I../force $cflags $
                  '-DEXTRA_HEADER="extra.h"' -MD -MF $out.d -c $in -o $out
              depfile = $out.d
            rule cxx
              command = cd .. && ccache c++ -std=c++17 -Iinclude -isystem third_party -c src/$name -o build/$out
            rule asm
              command = cc -I../include -x assembler-with-cpp -c $in -o $out
            rule link
              command = c++ @$out.rsp -o $out
              rspfile = $out.rsp
              rspfile_content = $in
            build main.o: cc ../src/main.c
            build util.o: cxx ../src/util.cc
              name = util.cc
            build start.o: asm ../src/start.S
            build app: link main.o util.o start.o
            """;

    @TempDir
    Path tmp;

    @Test
    void everyCompileOfATrickyProjectIsScannedToASupersetOfWhatGccReads() {
        RealGcc.assumeInstalled();
        ScanFixture fixture = new ScanFixture(tmp);
        writeProject(fixture.tree);
        NinjaGraph graph = NinjaGraph.load(fixture.tree.path("build"));
        ScanSession session = fixture.scanner.session(ScanScope.of(fixture.tree.root()));

        List<String> compiles = new ArrayList<>();
        for (NinjaEdge edge : graph.edges()) {
            Map<Path, String> responseFiles = edge.rspfile().isEmpty() ? Map.of()
                    : Map.of(graph.directory().resolve(edge.rspfile()), edge.rspfileContent());
            switch (CompileCommand.parse(edge.command(), graph.directory(), responseFiles)) {
                case ParsedCommand.Compile compile -> {
                    ScanResult result = session.scan(compile.command());
                    assertThat(RealGcc.missedBy(result, compile.command()))
                            .as("files gcc reads for '%s' that the scan missed", edge.command()).isEmpty();
                    assertThat(result.isOverApproximated()).as("over-approximated %s", edge).isFalse();
                    compiles.add(edge.outputs().getFirst());
                }
                case ParsedCommand.NotACompile link -> assertThat(edge.outputs()).containsExactly("app");
                case ParsedCommand.Unsupported refused -> throw new AssertionError(edge + " refused: " + refused.why());
            }
        }
        assertThat(compiles).containsExactly("main.o", "util.o", "start.o");
    }

    @Test
    void theScanAlsoFindsWhatGccSkipsUnderFalseConditions() {
        RealGcc.assumeInstalled();
        ScanFixture fixture = new ScanFixture(tmp);
        writeProject(fixture.tree);
        NinjaGraph graph = NinjaGraph.load(fixture.tree.path("build"));
        CompileCommand main = ((ParsedCommand.Compile) CompileCommand.parse(graph.edges().getFirst().command(),
                graph.directory())).command();

        ScanResult result = fixture.scanner.session(ScanScope.of(fixture.tree.root())).scan(main);

        assertThat(RealGcc.dependencies(main)).doesNotContain(fixture.tree.path("src/dead.h"));
        assertThat(fixture.shipped(result)).contains("src/dead.h", "src/platform_other.h", "opt/optional.h",
                "force/prelude.h", "quote/only.h", "overrides/stdint.h", "src/sub/sibling.h", "src/extra.h");
        assertThat(result.systemFiles()).contains(Path.of("/usr/include/stdint.h"), Path.of("/usr/include/stdio.h"));
        assertThat(result.notFound()).extracting(ScanResult.NotFound::name)
                .contains(new HeaderName.Angled("never_there.h"));
        assertThat(Set.copyOf(result.systemDirectories())).contains(Path.of("/usr/include"));
    }

    private static void writeProject(Tree tree) {
        tree.file("build/build.ninja", BUILD_NINJA)
                .file("include/proj/api.h", """
                        #ifndef PROJ_API_H
                        #define PROJ_API_H
                        #include "proj/config.h"
                        #include <stddef.h>
                        size_t proj_size(void);
                        #endif
                        """)
                .file("include/proj/config.h", """
                        #ifdef __linux__
                        #  define PROJ_PLATFORM_H "platform_linux.h"
                        #else
                        #  define PROJ_PLATFORM_H "platform_other.h"
                        #endif
                        #define PROJ_ALIAS PROJ_PLATFORM_H
                        """)
                .file("src/main.c", """
                        #include <proj/api.h>
                        #include "local.h"
                        #include PROJ_ALIAS
                        #include EXTRA_HEADER
                        #if 0
                        #include "dead.h"
                        #include <never_there.h>
                        #endif
                        #if defined(__has_include)
                        #  if __has_include(<optional.h>)
                        #    include <optional.h>
                        #  endif
                        #endif
                        #include "only.h"
                        #include <stdint.h>
                        #include <stdio.h>
                        /* a comment hiding nothing: #include "nothing.h" is not on its own line
                        */
                        int main(void) { printf("%d\\n", (int) proj_size() + OVERRIDDEN + LOCAL + ONLY); return 0; }
                        """)
                .file("src/local.h", "#include \"sub/inner.h\"\n#define LOCAL 1\n")
                .file("src/sub/inner.h", "#include \"sibling.h\"\n")
                .file("src/sub/sibling.h", "")
                .file("src/platform_linux.h", "")
                .file("src/platform_other.h", "")
                .file("src/extra.h", "")
                .file("src/dead.h", "")
                .file("overrides/stdint.h", "#include_next <stdint.h>\n#define OVERRIDDEN 1\n")
                .file("quote/only.h", "#define ONLY 1\n")
                .file("opt/optional.h", "")
                .file("force/prelude.h", "#include \"prelude_more.h\"\n")
                .file("force/prelude_more.h", "")
                .file("src/util.cc", """
                        #include <vector>
                        #include <proj/api.h>
                        #include <vendored.h>
                        size_t proj_size() { return std::vector<int>(3).size(); }
                        """)
                .file("third_party/vendored.h", "#include <string.h>\n")
                .file("src/start.S", "#include <proj/api.h>\n")
                .directory("build");
    }
}
