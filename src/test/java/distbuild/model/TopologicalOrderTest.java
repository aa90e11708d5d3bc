package distbuild.model;

import static distbuild.model.GraphValidationTest.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologicalOrderTest {

    @Test
    void depsComeBeforeTheirDependantsWhateverTheGraphOrder() {
        Job base = job("base", List.of(), List.of());
        Job middle = job("middle", List.of(), List.of(base.id()));
        Job top = job("top", List.of(), List.of(middle.id(), base.id()));

        assertThat(names(graph(top, middle, base).topologicalOrder())).containsExactly("base", "middle", "top");
    }

    @Test
    void independentJobsKeepTheGraphOrder() {
        Job c = job("c", List.of(), List.of());
        Job a = job("a", List.of(), List.of());
        Job b = job("b", List.of(), List.of());

        assertThat(names(graph(c, a, b).topologicalOrder())).containsExactly("c", "a", "b");
    }

    @Test
    void graphAlreadyInDependencyOrderIsLeftAsItIs() {
        Job first = job("first", List.of(), List.of());
        Job needsFirst = job("needs first", List.of(), List.of(first.id()));
        Job unrelated = job("unrelated", List.of(), List.of());
        Job needsBoth = job("needs both", List.of(), List.of(needsFirst.id(), unrelated.id()));

        assertThat(names(graph(first, needsFirst, unrelated, needsBoth).topologicalOrder()))
                .containsExactly("first", "needs first", "unrelated", "needs both");
    }

    @Test
    void jobMovesOnlyAsFarBackAsItsDepsRequire() {
        Job late = job("late", List.of(), List.of());
        Job needsLate = job("needs late", List.of(), List.of(late.id()));
        Job early = job("early", List.of(), List.of());

        // "needs late" has to wait for "late", but "early" owes nothing to either.
        assertThat(names(graph(needsLate, early, late).topologicalOrder())).containsExactly("early", "late", "needs late");
    }

    @Test
    void diamondHasItsSharedDepFirstAndItsJoinLast() {
        Job root = job("root", List.of(), List.of());
        Job left = job("left", List.of(), List.of(root.id()));
        Job right = job("right", List.of(), List.of(root.id()));
        Job join = job("join", List.of(), List.of(left.id(), right.id()));

        assertThat(names(graph(join, right, left, root).topologicalOrder())).containsExactly("root", "right", "left", "join");
    }

    @Test
    void depListedTwiceIsWaitedForOnce() {
        Job lib = job("lib", List.of(), List.of());
        Job app = job("app", List.of(), List.of(lib.id(), lib.id()));

        assertThat(names(graph(app, lib).topologicalOrder())).containsExactly("lib", "app");
    }

    @Test
    void cyclicGraphCannotBeOrdered() {
        Id a = TemplateTest.id("job a");
        Id b = TemplateTest.id("job b");
        Graph graph = graph(new Job(a, "a", List.of(), List.of(b), List.of()), new Job(b, "b", List.of(), List.of(a), List.of()));

        assertThatThrownBy(graph::topologicalOrder)
                .isInstanceOf(InvalidGraphException.class)
                .hasMessageContaining("cycle");
    }

    private static Graph graph(Job... jobs) {
        return new Graph(Map.of(), List.of(jobs));
    }

    private static List<String> names(List<Job> jobs) {
        return jobs.stream().map(Job::name).toList();
    }
}
