package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerSearchPathsTest {
    @Test
    void gccTellsItsDirectoriesForCAndMoreForCPlusPlus() {
        RealGcc.assumeInstalled();
        CompilerSearchPaths compilers = new CompilerSearchPaths();

        ToolchainDirectories c = compilers.directories(new Toolchain("gcc", Language.C, List.of()));
        ToolchainDirectories cxx = compilers.directories(new Toolchain("g++", Language.CXX, List.of("-std=c++17")));

        assertThat(c.bracketDirectories()).contains(Path.of("/usr/include")).last().isEqualTo(Path.of("/usr/include"));
        assertThat(c.quoteDirectories()).isEmpty();
        assertThat(cxx.bracketDirectories()).anyMatch(dir -> dir.toString().contains("c++"))
                .containsAll(c.bracketDirectories());
    }

    @Test
    void eachToolchainIsAskedOnce() {
        RealGcc.assumeInstalled();
        CompilerSearchPaths compilers = new CompilerSearchPaths();
        Toolchain toolchain = new Toolchain("gcc", Language.C, List.of("-std=c11"));

        compilers.directories(toolchain);
        compilers.directories(new Toolchain("gcc", Language.C, List.of("-std=c11")));
        assertThat(compilers.queries()).isEqualTo(1);

        compilers.directories(new Toolchain("gcc", Language.C, List.of("-std=c99")));
        assertThat(compilers.queries()).isEqualTo(2);
    }

    @Test
    void nostdincLeavesTheCompilerNoDirectoriesOfItsOwn() {
        RealGcc.assumeInstalled();

        ToolchainDirectories none = new CompilerSearchPaths()
                .directories(new Toolchain("gcc", Language.C, List.of("-nostdinc")));

        assertThat(none.bracketDirectories()).isEmpty();
    }

    @Test
    void aCompilerThatIsNotThereIsNamed() {
        assertThatThrownBy(() -> new CompilerSearchPaths()
                .directories(new Toolchain("/no/such/cc", Language.C, List.of())))
                .isInstanceOf(IncludeScanException.class)
                .hasMessageStartingWith("cannot run the compiler '/no/such/cc' to ask for its include directories: ");
    }

    @Test
    void aCompilerThatFailsIsQuoted() {
        RealGcc.assumeInstalled();

        assertThatThrownBy(() -> new CompilerSearchPaths()
                .directories(new Toolchain("gcc", Language.C, List.of("-std=nonsense"))))
                .isInstanceOf(IncludeScanException.class)
                .hasMessageStartingWith("gcc -std=nonsense -x c -E -v -o /dev/null /dev/null failed with exit code 1"
                        + " when asked for its include directories:")
                .hasMessageContaining("nonsense");
    }

    @Test
    void clangsWordingIsReadTooAndItsFrameworkDirectoriesLeftOut() {
        ToolchainDirectories read = CompilerSearchPaths.parse("""
                clang version 16.0.0
                ignoring nonexistent directory "/usr/local/include"
                #include "..." search starts here:
                 /quote/from/env
                #include <...> search starts here:
                 /usr/lib/clang/16/include
                 /usr/include
                 /System/Library/Frameworks (framework directory)
                End of search list.
                """, "clang -x c -E -v");

        assertThat(read).isEqualTo(new ToolchainDirectories(List.of(Path.of("/quote/from/env")),
                List.of(Path.of("/usr/lib/clang/16/include"), Path.of("/usr/include"))));
    }

    @Test
    void outputWithoutASearchListIsRefused() {
        assertThatThrownBy(() -> CompilerSearchPaths.parse("tcc version 0.9\n", "tcc -E -v"))
                .isInstanceOf(IncludeScanException.class)
                .hasMessageStartingWith("tcc -E -v did not print its include search list");
    }
}
