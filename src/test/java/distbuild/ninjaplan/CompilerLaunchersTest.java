package distbuild.ninjaplan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompilerLaunchersTest {
    @Test
    void aLauncherBeforeTheCompilerIsLeftOut() {
        assertThat(CompilerLaunchers.strip("ccache cc -Iinc -c a.c -o a.o")).isEqualTo("cc -Iinc -c a.c -o a.o");
        assertThat(CompilerLaunchers.strip("/usr/bin/ccache /usr/bin/c++ -c b.cc")).isEqualTo("/usr/bin/c++ -c b.cc");
        assertThat(CompilerLaunchers.strip("sccache gcc -c x.c")).isEqualTo("gcc -c x.c");
        assertThat(CompilerLaunchers.strip("distcc cc -c x.c")).isEqualTo("cc -c x.c");
    }

    @Test
    void commandsWithoutOneOrWhereItIsNotFollowedByAProgramStayAsTheyAre() {
        assertThat(CompilerLaunchers.strip("cc -c ccache.c")).isEqualTo("cc -c ccache.c");
        assertThat(CompilerLaunchers.strip("ccache --show-stats")).isEqualTo("ccache --show-stats");
        assertThat(CompilerLaunchers.strip("ccache CCACHE_DIR=/x cc -c a.c")).isEqualTo("ccache CCACHE_DIR=/x cc -c a.c");
        assertThat(CompilerLaunchers.strip("myccache cc -c a.c")).isEqualTo("myccache cc -c a.c");
        assertThat(CompilerLaunchers.strip("cd sub && ccache cc -c a.c")).isEqualTo("cd sub && ccache cc -c a.c");
    }
}
