package distbuild.ninja;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Holds a graph read here to what the real ninja makes of the same build directory. */
final class RealNinjaComparison {
    private RealNinjaComparison() {}

    /**
     * {@code ninja -t targets all} (every output, in order, with its rule) and {@code ninja -t
     * commands} (the evaluated commands, dependencies first) for the default targets and for all
     * roots, character for character.
     */
    static void assertAgrees(Path dir, NinjaGraph graph) {
        assertThat(targetsAll(graph)).as("ninja -t targets all").isEqualTo(RealTool.run(dir, "ninja", "-t", "targets", "all"));
        assertThat(commands(graph, graph.targets(List.of()))).as("ninja -t commands")
                .isEqualTo(RealTool.run(dir, "ninja", "-t", "commands"));
        List<String> roots = graph.roots();
        List<String> command = new ArrayList<>(List.of("ninja", "-t", "commands"));
        command.addAll(roots);
        assertThat(commands(graph, roots)).as("ninja -t commands " + String.join(" ", roots))
                .isEqualTo(RealTool.run(dir, command));
    }

    static String targetsAll(NinjaGraph graph) {
        StringBuilder targets = new StringBuilder();
        for (NinjaEdge edge : graph.edges()) {
            for (String output : edge.allOutputs()) {
                targets.append(output).append(": ").append(edge.rule()).append('\n');
            }
        }
        return targets.toString();
    }

    /**
     * What {@code ninja -t commands} prints: the commands of the edges needed, phony ones aside.
     * It does not follow validations, which {@link NinjaGraph#edgesFor} adds at the end.
     */
    static String commands(NinjaGraph graph, List<String> targets) {
        Set<NinjaEdge> withoutValidations = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(targets);
        while (!pending.isEmpty()) {
            graph.node(pending.pop()).flatMap(NinjaNode::producer).filter(withoutValidations::add)
                    .ifPresent(edge -> pending.addAll(edge.allInputs()));
        }
        StringBuilder commands = new StringBuilder();
        for (NinjaEdge edge : graph.edgesFor(targets)) {
            if (!edge.isPhony() && withoutValidations.contains(edge)) {
                commands.append(edge.command()).append('\n');
            }
        }
        return commands.toString();
    }
}
