package distbuild.ninja;

import static distbuild.ninja.BuildDir.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NinjaGraphTest {
    private static final String RULES = """
            rule cc
              command = cc -c $in -o $out
            rule ar
              command = ar rcs $out $in
            rule link
              command = ld $in -o $out
            """;

    @TempDir
    Path tmp;

    private BuildDir dir;

    @BeforeEach
    void dir() {
        dir = new BuildDir(tmp);
    }

    private NinjaGraph project(String defaults) {
        return dir.graph(RULES + """
                build gen.h: cc gen.in
                build a.o: cc a.c || gen.h
                build b.o: cc b.c | gen.h
                build lib.a: ar a.o b.o
                build app: link main.o lib.a
                build main.o: cc main.c
                build tests: link test.o lib.a
                build all: phony app tests
                """ + defaults);
    }

    private static List<String> outputs(List<NinjaEdge> edges) {
        return edges.stream().map(edge -> edge.allOutputs().getFirst()).toList();
    }

    @Test
    void eachNodeKnowsItsProducerAndConsumers() {
        NinjaGraph graph = project("");

        NinjaNode lib = graph.node("lib.a").orElseThrow();
        assertThat(lib.producer()).contains(edge(graph, "lib.a"));
        assertThat(lib.consumers()).containsExactly(edge(graph, "app"), edge(graph, "tests"));
        NinjaNode generated = graph.node("./gen.h").orElseThrow();
        assertThat(generated.consumers()).containsExactly(edge(graph, "a.o"), edge(graph, "b.o"));
        NinjaNode source = graph.node("a.c").orElseThrow();
        assertThat(source.producer()).isEmpty();
        assertThat(graph.node("nothing.c")).isEmpty();
    }

    @Test
    void nodesAreListedInTheOrderNinjaCreatesThem() {
        NinjaGraph graph = dir.graph(RULES + "build x.o | x.d: cc x.c | x.h || order |@ check\nbuild y.o: cc y.c\n");

        assertThat(graph.nodes()).extracting(NinjaNode::path)
                .containsExactly("x.o", "x.d", "x.c", "x.h", "order", "check", "y.o", "y.c");
    }

    @Test
    void edgesAreNumberedInFileOrder() {
        NinjaGraph graph = project("");

        assertThat(graph.edges()).extracting(NinjaEdge::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(outputs(graph.edges())).containsExactly("gen.h", "a.o", "b.o", "lib.a", "app", "main.o", "tests", "all");
    }

    @Test
    void rootsAreTheOutputsNothingReads() {
        NinjaGraph graph = dir.graph(RULES + "build a.o | a.d: cc a.c\nbuild app: link a.o\nbuild check: cc |@ app\n");

        assertThat(graph.roots()).containsExactly("a.d", "app", "check");
    }

    @Test
    void withoutRequestedTargetsTheDefaultsAreBuilt() {
        NinjaGraph graph = project("default app tests\n");

        assertThat(graph.defaults()).containsExactly("app", "tests");
        assertThat(graph.targets(List.of())).containsExactly("app", "tests");
    }

    @Test
    void withoutDefaultsTheRootsAreBuilt() {
        NinjaGraph graph = project("");

        assertThat(graph.defaults()).isEmpty();
        assertThat(graph.targets(List.of())).containsExactly("all");
    }

    @Test
    void requestedTargetsAreCanonicalPaths() {
        NinjaGraph graph = project("");

        assertThat(graph.targets(List.of("./app", "sub/../lib.a", "a.c"))).containsExactly("app", "lib.a", "a.c");
    }

    @Test
    void aTargetEndingInACaretNamesTheFirstOutputOfTheFirstEdgeReadingIt() {
        NinjaGraph graph = project("");

        assertThat(graph.targets(List.of("a.c^"))).containsExactly("a.o");
        assertThatThrownBy(() -> graph.targets(List.of("all^"))).isInstanceOf(UnknownTargetException.class)
                .hasMessageStartingWith("'all' has no out edge");
    }

    @Test
    void anUnknownTargetIsRefusedWithAGuess() {
        NinjaGraph graph = dir.graph(RULES + "build obj/deep/a.o: cc a.c\n");

        assertThatThrownBy(() -> graph.targets(List.of("a.o"))).isInstanceOf(UnknownTargetException.class)
                .hasMessage("unknown target 'a.o', did you mean 'obj/deep/a.o'?");
        assertThatThrownBy(() -> graph.targets(List.of("zzz"))).hasMessage("unknown target 'zzz'");
        assertThatThrownBy(() -> graph.edgesFor(List.of("zzz"))).isInstanceOf(UnknownTargetException.class);
    }

    @Test
    void edgesForATargetComeDependenciesFirstDepthFirstThroughEveryKindOfInput() {
        NinjaGraph graph = project("");

        assertThat(outputs(graph.edgesFor(List.of("app")))).containsExactly("main.o", "gen.h", "a.o", "b.o", "lib.a",
                "app");
        assertThat(outputs(graph.edgesFor(graph.targets(List.of())))).containsExactly("main.o", "gen.h", "a.o", "b.o",
                "lib.a", "app", "tests", "all");
    }

    @Test
    void edgesForASourceFileAreNone() {
        NinjaGraph graph = project("");

        assertThat(graph.edgesFor(List.of("a.c"))).isEmpty();
    }

    @Test
    void anEdgeNeededTwiceIsListedOnce() {
        NinjaGraph graph = project("");

        assertThat(outputs(graph.edgesFor(List.of("lib.a", "app", "lib.a")))).containsExactly("gen.h", "a.o", "b.o",
                "lib.a", "main.o", "app");
    }

    @Test
    void validationsAreBuiltAfterwardsWithWhatTheyNeed() {
        NinjaGraph graph = dir.graph(RULES + """
                build a.o: cc a.c |@ lint
                build lint: cc lint.in | lint.tool
                build lint.tool: cc tool.c
                build app: link a.o
                """);

        assertThat(outputs(graph.edgesFor(List.of("app")))).containsExactly("a.o", "app", "lint.tool", "lint");
        assertThat(graph.node("lint").orElseThrow().consumers()).isEmpty();
    }

    @Test
    void aLongChainIsWalkedWithoutRecursion() {
        StringBuilder text = new StringBuilder(RULES).append("build n0: cc src\n");
        for (int i = 1; i < 20_000; i++) {
            text.append("build n").append(i).append(": cc n").append(i - 1).append('\n');
        }
        NinjaGraph graph = dir.graph(text.toString());

        List<NinjaEdge> edges = graph.edgesFor(List.of("n19999"));
        assertThat(edges).hasSize(20_000);
        assertThat(edges.getFirst().outputs()).containsExactly("n0");
    }

    @Test
    void theGraphKnowsItsDirectory() {
        assertThat(project("").directory()).isEqualTo(tmp);
    }
}
