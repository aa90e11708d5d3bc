package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build files written to catch every corner of evaluation, read here and by the real ninja:
 * the commands must come out the same, character for character.
 */
class RealNinjaAgreementTest {
    @TempDir
    Path tmp;

    private BuildDir dir;

    @BeforeEach
    void ninja() {
        RealTool.assumeInstalled("ninja");
        dir = new BuildDir(tmp);
    }

    @Test
    void scopesAndTheirOrderAgree() {
        dir.file("rules.ninja", """
                rule cc
                  command = cc $cflags $extra -c $in -o $out
                  description = CC $out
                cflags = -O1
                """);
        dir.file("sub/build.ninja", """
                cflags = -O3 $cflags
                rule cc
                  command = sub-cc $cflags $in -o $out
                build sub.o: cc sub.c
                build sub2.o: tool sub2.c
                  extra = from-sub-edge
                """);
        NinjaGraph graph = dir.graph("""
                include rules.ninja
                flags_at_start = $cflags
                rule tool
                  command = tool $flags_at_start [$cflags] $in_newline > $out
                build a.o: cc a.c
                build b.o: cc b.c
                  extra = -DB=$cflags
                subninja sub/build.ninja
                cflags = -O2
                build all: phony a.o b.o sub.o sub2.o
                default all
                """);

        RealNinjaComparison.assertAgrees(tmp, graph);
    }

    @Test
    void aFileVariableNamedLikeARuleBindingAgrees() {
        NinjaGraph graph = dir.graph("""
                description = top
                command = echo from the file scope
                rule r
                  command = echo from the rule
                  description = rule's
                build plain: r
                build bound: r
                  x = 1
                """);

        RealNinjaComparison.assertAgrees(tmp, graph);
        assertThat(RealNinjaComparison.commands(graph, java.util.List.of("plain"))).isEqualTo("echo from the file scope\n");
    }

    @Test
    void escapesQuotingAndCanonicalPathsAgree() {
        NinjaGraph graph = dir.graph("""
                a.b = dotted
                price = 5$$
                rule r
                  command = run ${a.b} $a.b $price '$$HOME' $in -> $out$:done
                  rspfile = $out.rsp
                  rspfile_content = $in_newline
                build out$ file it's.o | imp.o: r ./src/../in$ put.c ../../up.c "q".c c$:x.c a,b=c.c ~t.c +ok-_.c $
                    contin$
                    ued.c || order
                build order: r
                build x: r dir//./y/ /abs/../z
                """);

        RealNinjaComparison.assertAgrees(tmp, graph);
    }

    @Test
    void everyKindOfInputAndOutputAgrees() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = r $in > $out
                build gen.h | gen.stamp: r gen.in
                build a.o a.o.d | a.extra: r a.c | gen.h || gen.stamp
                build b.o: r b.c || gen.h
                build lib.a: r a.o b.o
                build check: r lib.a
                build app: r main.c lib.a |@ check
                build first second: phony app
                default first second lib.a
                """);

        RealNinjaComparison.assertAgrees(tmp, graph);
    }

    @Test
    void crlfLineEndsAgree() {
        NinjaGraph graph = dir.graph("rule r\r\n  command = r $in $\r\n    more\r\nbuild out: r in\r\n");

        RealNinjaComparison.assertAgrees(tmp, graph);
    }
}
