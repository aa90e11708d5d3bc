package distbuild.ninja;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a path that, through the edges producing it, ends up needing itself. */
final class DependencyCycles {
    /**
     * @param paths the cycle as ninja prints it: each path needs the next, the last is the first
     * @param producer the edge producing the first path, where the cycle is reported
     */
    record Cycle(List<String> paths, NinjaEdge producer) {}

    private DependencyCycles() {}

    /** The first cycle found, depth first from each edge in file order; iterative, for deep graphs. */
    static Optional<Cycle> find(NinjaGraph graph) {
        List<NinjaEdge> edges = graph.edges();
        int count = edges.size();
        byte[] state = new byte[count]; // 0 not seen, 1 on the path being explored, 2 done
        int[] stackEdge = new int[count];
        int[] stackNext = new int[count];
        for (NinjaEdge start : edges) {
            if (state[start.id()] != 0) {
                continue;
            }
            int depth = 0;
            stackEdge[0] = start.id();
            stackNext[0] = 0;
            state[start.id()] = 1;
            while (depth >= 0) {
                NinjaEdge edge = edges.get(stackEdge[depth]);
                int[] producers = graph.inputProducers(edge);
                if (stackNext[depth] == producers.length) {
                    state[edge.id()] = 2;
                    depth--;
                    continue;
                }
                int input = stackNext[depth]++;
                int producer = producers[input];
                if (producer < 0 || state[producer] == 2) {
                    continue;
                }
                if (state[producer] == 1) {
                    return Optional.of(cycle(edges, edges.get(producer), edge.allInputs().get(input), stackEdge, stackNext,
                            depth));
                }
                depth++;
                stackEdge[depth] = producer;
                stackNext[depth] = 0;
                state[producer] = 1;
            }
        }
        return Optional.empty();
    }

    /** From {@code input} (an output of {@code producer}) through the inputs on the stack back to it. */
    private static Cycle cycle(List<NinjaEdge> edges, NinjaEdge producer, String input, int[] stackEdge,
            int[] stackNext, int depth) {
        int from = depth;
        while (stackEdge[from] != producer.id()) {
            from--;
        }
        List<String> paths = new ArrayList<>();
        paths.add(input);
        for (int level = from; level < depth; level++) {
            paths.add(edges.get(stackEdge[level]).allInputs().get(stackNext[level] - 1));
        }
        paths.add(input);
        return new Cycle(paths, producer);
    }
}
