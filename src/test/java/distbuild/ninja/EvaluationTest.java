package distbuild.ninja;

import static distbuild.ninja.BuildDir.edge;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scopes and evaluation, as ninja 1.11 does them (the real-ninja tests hold us to it). */
class EvaluationTest {
    @TempDir
    Path tmp;

    private BuildDir dir;

    @BeforeEach
    void dir() {
        dir = new BuildDir(tmp);
    }

    @Test
    void aFileVariableIsEvaluatedWhereItIsBound() {
        NinjaGraph graph = dir.graph("""
                a = 1
                b = $a
                a = 2
                rule echo
                  command = echo $b $a
                build out: echo
                """);

        assertThat(edge(graph, "out").command()).isEqualTo("echo 1 2");
    }

    @Test
    void ruleBindingsSeeTheFileScopeAsItStandsAtTheEnd() {
        NinjaGraph graph = dir.graph("""
                flags = early
                rule cc
                  command = cc $flags
                build early.o: cc
                flags = late
                """);

        assertThat(edge(graph, "early.o").command()).isEqualTo("cc late");
    }

    @Test
    void pathsAndEdgeBindingsAreEvaluatedWhereTheEdgeIsDeclared() {
        NinjaGraph graph = dir.graph("""
                dir = first
                rule cc
                  command = cc $flags -o $out
                build $dir/a.o: cc
                  flags = -I$dir
                dir = second
                """);

        NinjaEdge edge = edge(graph, "first/a.o");
        assertThat(edge.command()).isEqualTo("cc -Ifirst -o first/a.o");
    }

    @Test
    void edgeBindingsAreEvaluatedInTheFileScopeSoTheyCannotSeeEachOther() {
        NinjaGraph graph = dir.graph("""
                a = file
                rule r
                  command = echo $b
                build out: r
                  a = edge
                  b = $a $out
                """);

        assertThat(edge(graph, "out").command()).isEqualTo("echo file ");
    }

    @Test
    void edgeBindingsWinOverRuleBindingsWhichWinOverTheFileScope() {
        NinjaGraph graph = dir.graph("""
                description = from the file
                rule r
                  command = run
                  description = from the rule
                build ruled: r
                  unrelated = x
                build edged: r
                  description = from the edge
                build plain: r
                """);

        assertThat(edge(graph, "ruled").description()).isEqualTo("from the rule");
        assertThat(edge(graph, "edged").description()).isEqualTo("from the edge");
        // Ninja's quirk: an edge without bindings of its own looks in its file's scope first.
        assertThat(edge(graph, "plain").description()).isEqualTo("from the file");
    }

    @Test
    void ruleBindingsReferToEachOtherAndToTheEdgesVariables() {
        NinjaGraph graph = dir.graph("""
                rule cc
                  command = gcc $flags -c $in -o $out
                  description = CC $out ($command)
                build a.o: cc a.c
                  flags = -O2
                """);

        assertThat(edge(graph, "a.o").description()).isEqualTo("CC a.o (gcc -O2 -c a.c -o a.o)");
    }

    @Test
    void inAndOutNameOnlyExplicitPaths() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = run $in > $out
                  description = $in_newline
                build a b | a.d: r x y | x.h || gen
                """);

        NinjaEdge edge = edge(graph, "a");
        assertThat(edge.command()).isEqualTo("run x y > a b");
        assertThat(edge.description()).isEqualTo("x\ny");
    }

    @Test
    void inAndOutAreQuotedForTheShellExceptInDepfileAndRspfile() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = run $in > $out
                  depfile = $out.d
                  rspfile = $out.rsp
                  rspfile_content = $in
                build my$ out: r it's a,b safe+-_./9
                """);

        NinjaEdge edge = edge(graph, "my out");
        assertThat(edge.command()).isEqualTo("run 'it'\\''s' 'a,b' safe+-_./9 > 'my out'");
        assertThat(edge.depfile()).isEqualTo("my out.d");
        assertThat(edge.rspfile()).isEqualTo("my out.rsp");
        assertThat(edge.rspfileContent()).isEqualTo("'it'\\''s' 'a,b' safe+-_./9");
        assertThat(edge.commandForLog()).isEqualTo(edge.command() + ";rspfile=" + edge.rspfileContent());
    }

    @Test
    void pathsAreCanonicalButKeepTheirLeadingParents() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = run $in $out
                build ./out/../obj//a.o: r ./src/../a.c ../../up.c dir/ /abs/./x
                """);

        NinjaEdge edge = edge(graph, "obj/a.o");
        assertThat(edge.inputs()).containsExactly("a.c", "../../up.c", "dir", "/abs/x");
        assertThat(edge.command()).isEqualTo("run a.c ../../up.c dir /abs/x obj/a.o");
    }

    @Test
    void pathsSeeTheEdgesBindingsButNotTheRules() {
        NinjaGraph graph = dir.graph("""
                rule r
                  command = run
                  depfile = ruledep
                build $name.o $depfile.x: r
                  name = edge
                """);

        assertThat(graph.edges().getFirst().outputs()).containsExactly("edge.o", ".x");
    }

    @Test
    void aSubninjaHasAChildScopeThatSeesItsParent() {
        dir.file("sub.ninja", """
                local = child
                rule r
                  command = child-rule $shared $local
                build child.out: r
                build child2.out: parent
                """);
        NinjaGraph graph = dir.graph("""
                shared = parent-value
                rule parent
                  command = parent-rule $local
                subninja sub.ninja
                build parent.out: parent
                """);

        assertThat(edge(graph, "child.out").command()).isEqualTo("child-rule parent-value child");
        // A rule is evaluated in the scope of the edge that uses it, not of its own file.
        assertThat(edge(graph, "child2.out").command()).isEqualTo("parent-rule child");
        assertThat(edge(graph, "parent.out").command()).isEqualTo("parent-rule ");
    }

    @Test
    void aSubninjasRulesAreItsOwn() {
        dir.file("sub.ninja", "rule r\n  command = child\nbuild c: r\n");
        NinjaGraph graph = dir.graph("rule r\n  command = parent\nsubninja sub.ninja\nbuild p: r\n");

        assertThat(edge(graph, "c").command()).isEqualTo("child");
        assertThat(edge(graph, "p").command()).isEqualTo("parent");
    }

    @Test
    void anIncludedFileSharesTheScopeOfItsIncluder() {
        dir.file("rules.ninja", "rule r\n  command = run $flags\nflags = from-include\n");
        NinjaGraph graph = dir.graph("include rules.ninja\nbuild out: r\n");

        assertThat(edge(graph, "out").command()).isEqualTo("run from-include");
    }

    @Test
    void includePathsAreEvaluatedAndRelativeToTheBuildDirectory() {
        dir.file("gen/rules.ninja", "rule r\n  command = run\n");
        dir.file("gen/sub.ninja", "include $where/rules.ninja\nbuild out: r\n");
        NinjaGraph graph = dir.graph("where = gen\nsubninja $where/sub.ninja\n");

        assertThat(edge(graph, "out").command()).isEqualTo("run");
    }

    @Test
    void anEdgeHasEveryEvaluatedValueALaterStepNeeds() {
        NinjaGraph graph = dir.graph("""
                pool link_pool
                  depth = 2
                rule cc
                  command = gcc -MD -MF $out.d -c $in -o $out
                  description = CC $out
                  depfile = $out.d
                  deps = gcc
                rule cl
                  command = cl /showIncludes $in
                  deps = msvc
                  msvc_deps_prefix = Note: including file:
                rule link
                  command = ld @$out.rsp -o $out
                  rspfile = $out.rsp
                  rspfile_content = $in
                  pool = link_pool
                  restat = 1
                rule regen
                  command = cmake .
                  generator = 1
                  pool = console
                build a.o: cc a.c
                build b.obj: cl b.c
                build app: link a.o b.obj
                build build.ninja: regen
                """);

        NinjaEdge cc = edge(graph, "a.o");
        assertThat(cc.rule()).isEqualTo("cc");
        assertThat(cc.command()).isEqualTo("gcc -MD -MF a.o.d -c a.c -o a.o");
        assertThat(cc.description()).isEqualTo("CC a.o");
        assertThat(cc.depfile()).isEqualTo("a.o.d");
        assertThat(cc.deps()).isEqualTo(DepsStyle.GCC);
        assertThat(cc.pool()).isEqualTo(NinjaPool.DEFAULT);
        assertThat(cc.restat()).isFalse();
        assertThat(cc.generator()).isFalse();
        assertThat(cc.rspfile()).isEmpty();
        assertThat(cc.isPhony()).isFalse();
        NinjaEdge cl = edge(graph, "b.obj");
        assertThat(cl.deps()).isEqualTo(DepsStyle.MSVC);
        assertThat(cl.msvcDepsPrefix()).isEqualTo("Note: including file:");
        NinjaEdge link = edge(graph, "app");
        assertThat(link.rspfile()).isEqualTo("app.rsp");
        assertThat(link.rspfileContent()).isEqualTo("a.o b.obj");
        assertThat(link.pool()).isEqualTo(new NinjaPool("link_pool", 2));
        assertThat(link.restat()).isTrue();
        assertThat(link.deps()).isEqualTo(DepsStyle.NONE);
        NinjaEdge regen = edge(graph, "build.ninja");
        assertThat(regen.generator()).isTrue();
        assertThat(regen.pool()).isEqualTo(NinjaPool.CONSOLE);
        assertThat(graph.pools()).containsOnlyKeys("console", "link_pool");
    }

    @Test
    void anyVariableCanBeAskedOfAnEdge() {
        NinjaGraph graph = dir.graph("""
                top = t
                rule r
                  command = x
                build out: r in
                  mine = ${top}-m $top-m
                """);

        NinjaEdge edge = edge(graph, "out");
        assertThat(edge.binding("mine")).as("$top-m names the variable top-m").isEqualTo("t-m ");
        assertThat(edge.binding("top")).isEqualTo("t");
        assertThat(edge.binding("in")).isEqualTo("in");
        assertThat(edge.binding("nothing")).isEmpty();
    }

    @Test
    void aPoolMayComeFromAnEdgeOrTheFileScopeAndIsChosenWhereTheEdgeIsDeclared() {
        NinjaGraph graph = dir.graph("""
                pool one
                  depth = 1
                pool big
                  depth = 0
                rule r
                  command = x
                build a: r
                  pool = one
                p = big
                rule q
                  command = y
                  pool = $p
                build b: q
                """);

        assertThat(edge(graph, "a").pool()).isEqualTo(new NinjaPool("one", 1));
        assertThat(edge(graph, "b").pool().isLimited()).isFalse();
    }

    @Test
    void phonyEdgesNameOtherTargetsAndMayStandForSourceFiles() {
        NinjaGraph graph = dir.graph("""
                rule cc
                  command = cc $in
                build a.o: cc a.c
                build all: phony a.o
                build CMakeLists.txt: phony
                """);

        assertThat(edge(graph, "all").isPhony()).isTrue();
        assertThat(edge(graph, "all").rule()).isEqualTo("phony");
        assertThat(graph.node("CMakeLists.txt").orElseThrow().maybeSourceFile()).isTrue();
        assertThat(graph.node("a.c").orElseThrow().maybeSourceFile()).isTrue();
        assertThat(graph.node("all").orElseThrow().maybeSourceFile()).isFalse();
        assertThat(graph.node("a.o").orElseThrow().maybeSourceFile()).isFalse();
    }

    @Test
    void anOlderRequiredVersionIsAccepted() {
        NinjaGraph graph = dir.graph("ninja_required_version = 1.5\nrule r\n  command = x $ninja_required_version\nbuild a: r\n");

        assertThat(edge(graph, "a").command()).isEqualTo("x 1.5");
    }

    @Test
    void variablesMayBeUsedAsBracesWithDots() {
        NinjaGraph graph = dir.graph("a.b = dotted\na = plain\nrule r\n  command = ${a.b} $a.b\nbuild out: r\n");

        assertThat(edge(graph, "out").command()).isEqualTo("dotted plain.b");
    }

    @Test
    void crlfFilesReadLikeLfFiles() {
        NinjaGraph graph = dir.graph("rule r\r\n  command = run $in\r\nbuild out: r in$\r\n  put\r\n");

        assertThat(edge(graph, "out").command()).isEqualTo("run input");
    }
}
