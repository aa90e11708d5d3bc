package distbuild.ninjaplan;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which compiles run at the fixed paths, so that checkouts at different paths share them, and how their commands are rewritten. */
class JobPathsTest {
    @TempDir
    Path temp;

    @Test
    void aCompileNamingOnlyRelativePathsWithoutDebugInformationRunsAtTheFixedPaths() throws Exception {
        JobPaths paths = pathsOf("cc -I../include -O2 -c ../src/a.c -o a.o");

        assertThat(paths.fixed()).isTrue();
        assertThat(paths.buildDir()).isEqualTo("/distbuild/source/build");
        assertThat(paths.treeAt()).isEqualTo(Map.of("", "/distbuild/source"));
        assertThat(paths.command()).isEqualTo("cc -I../include -O2 -c ../src/a.c -o a.o");
    }

    @Test
    void debugInformationNamesTheBuildDirectoryUnlessItIsMappedAway() throws Exception {
        assertThat(pathsOf("cc -g -c ../src/a.c -o a.o").fixed()).isFalse();
        Path build = temp.resolve("project/build");
        JobPaths mapped = pathsOf("cc -g -fdebug-prefix-map=" + build + "=. -c ../src/a.c -o a.o");
        assertThat(mapped.fixed()).isTrue();
        assertThat(mapped.command()).contains("-fdebug-prefix-map=/distbuild/source/build=.");
    }

    @Test
    void anAbsoluteSourcePathMakesTheOutputDependOnItUnlessMacrosAreMappedToo() throws Exception {
        Path source = temp.resolve("project");
        assertThat(pathsOf("cc -c " + source + "/src/a.c -o a.o").fixed()).as("__FILE__ names it").isFalse();

        JobPaths mapped = pathsOf("cc -ffile-prefix-map=" + source + "=. -c " + source + "/src/a.c -o a.o");

        assertThat(mapped.fixed()).isTrue();
        assertThat(mapped.command()).isEqualTo("cc -ffile-prefix-map=/distbuild/source=. -c /distbuild/source/src/a.c -o a.o");
        assertThat(JobPaths.toClient("a.o: /distbuild/source/src/a.c /distbuild/source/build/gen.h\n", layout()))
                .isEqualTo("a.o: " + source + "/src/a.c " + source + "/build/gen.h\n");
    }

    @Test
    void linksAndCustomCommandsKeepTheClientsPaths() throws Exception {
        assertThat(pathsOf("cc a.o b.o -o app").fixed()).isFalse();
        assertThat(pathsOf("python3 ../gen.py out.h").fixed()).isFalse();
    }

    private JobPaths pathsOf(String command) throws Exception {
        Path build = Files.createDirectories(temp.resolve("project/build"));
        Files.writeString(build.resolve("build.ninja"), "rule r\n  command = " + command.replace("$", "$$") + "\nbuild a.o: r\n");
        NinjaEdge edge = NinjaGraph.load(build).edges().getFirst();
        return JobPaths.of(edge, layout());
    }

    private TreeLayout layout() {
        return new TreeLayout(temp.resolve("project"), temp.resolve("project/build"));
    }
}
