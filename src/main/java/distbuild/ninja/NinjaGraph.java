package distbuild.ninja;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build directory's ninja graph, read and checked: its edges in file order, a node for every
 * path they mention, the pools and the default targets. Immutable.
 *
 * <p>Paths are as ninja keys them: relative to the build directory (or absolute) and
 * canonical. {@link #targets} resolves what a user asks for as ninja does, and
 * {@link #edgesFor} gives every edge those targets need, dependencies first.
 */
public final class NinjaGraph {
    private final Path directory;
    private final List<NinjaEdge> edges;
    private final Map<String, NinjaNode> nodes;
    private final Map<String, NinjaPool> pools;
    private final List<String> defaults;
    /** For each edge, the IDs of the edges producing its inputs (-1 for a source): walks need no hashing. */
    private final int[][] inputProducers;

    /** Reads {@code build.ninja} in {@code buildDirectory}; a {@link NinjaFileException} names every problem. */
    public static NinjaGraph load(Path buildDirectory) {
        return load(buildDirectory, "build.ninja");
    }

    /**
     * Reads {@code file} (relative to {@code buildDirectory}, as ninja's {@code -f}) and what it
     * includes; every path in it is relative to {@code buildDirectory}.
     */
    public static NinjaGraph load(Path buildDirectory, String file) {
        return NinjaReader.read(buildDirectory, file);
    }

    NinjaGraph(Path directory, List<NinjaEdge> edges, Map<String, NinjaNode> nodes, int[][] inputProducers,
            Map<String, NinjaPool> pools, List<String> defaults) {
        this.directory = directory;
        this.edges = List.copyOf(edges);
        this.nodes = Collections.unmodifiableMap(nodes);
        this.inputProducers = inputProducers;
        this.pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        this.defaults = List.copyOf(defaults);
    }

    /** The build directory: where commands run and what every relative path is relative to. */
    public Path directory() {
        return directory;
    }

    /** Every edge, in the order the files declare them ({@link NinjaEdge#id} is the index). */
    public List<NinjaEdge> edges() {
        return edges;
    }

    /** The node for {@code path}, canonicalised first; empty if no edge mentions it. */
    public Optional<NinjaNode> node(String path) {
        return Optional.ofNullable(nodes.get(CanonicalPath.of(path)));
    }

    public Collection<NinjaNode> nodes() {
        return nodes.values();
    }

    /** Declared pools and the built-in {@code console}, by name. */
    public Map<String, NinjaPool> pools() {
        return pools;
    }

    /** What {@code default} statements name, in order; empty if there are none. */
    public List<String> defaults() {
        return defaults;
    }

    /** Every output that no edge reads, in edge order: what ninja builds without defaults. */
    public List<String> roots() {
        List<String> roots = new ArrayList<>();
        for (NinjaEdge edge : edges) {
            for (String output : edge.allOutputs()) {
                if (nodes.get(output).consumers().isEmpty()) {
                    roots.add(output);
                }
            }
        }
        return roots;
    }

    /**
     * The targets ninja would build for {@code requested}, as canonical paths: each one names a
     * path ({@code foo^} names the first output of the first edge that reads {@code foo}); with
     * none requested, the {@code default} targets, or else the {@link #roots}.
     *
     * @throws UnknownTargetException for a target the graph does not mention
     */
    public List<String> targets(List<String> requested) {
        if (requested.isEmpty()) {
            return defaults.isEmpty() ? roots() : defaults;
        }
        List<String> targets = new ArrayList<>(requested.size());
        for (String target : requested) {
            targets.add(resolve(target));
        }
        return targets;
    }

    private String resolve(String target) {
        if (target.endsWith("^") && target.length() > 1) {
            String path = CanonicalPath.of(target.substring(0, target.length() - 1));
            NinjaNode node = nodes.get(path);
            if (node == null) {
                throw unknown(target, path);
            }
            if (node.consumers().isEmpty()) {
                throw new UnknownTargetException(target, "'" + path + "' has no out edge: no build statement reads it,"
                        + " so '" + target + "' names nothing");
            }
            return node.consumers().getFirst().allOutputs().getFirst();
        }
        String path = CanonicalPath.of(target);
        if (!nodes.containsKey(path)) {
            throw unknown(target, path);
        }
        return path;
    }

    private UnknownTargetException unknown(String target, String path) {
        String suffix = "/" + path;
        Optional<String> similar = nodes.keySet().stream().filter(known -> known.endsWith(suffix)).findFirst();
        return new UnknownTargetException(target, "unknown target '" + target + "'"
                + similar.map(known -> ", did you mean '" + known + "'?").orElse(""));
    }

    /** The IDs of the edges producing {@code edge}'s {@link NinjaEdge#allInputs}, in order; -1 for a source. */
    int[] inputProducers(NinjaEdge edge) {
        return inputProducers[edge.id()];
    }

    /** The edge that produces {@code path} (canonical), or null for a source file or an unknown path. */
    NinjaEdge producerOf(String path) {
        NinjaNode node = nodes.get(path);
        return node == null ? null : node.producer().orElse(null);
    }

    /**
     * Every edge needed to build {@code targets} (as {@link #targets} gives them), each after
     * the edges producing its inputs: depth first through explicit, implicit and order-only
     * inputs, in the order {@code ninja -t commands} prints them. The validations of those edges
     * and what they need come after. Phony edges are included; they run nothing.
     *
     * @throws UnknownTargetException for a target the graph does not mention
     */
    public List<NinjaEdge> edgesFor(List<String> targets) {
        BitSet seen = new BitSet(edges.size());
        List<NinjaEdge> order = new ArrayList<>();
        for (String target : targets) {
            NinjaNode node = nodes.get(CanonicalPath.of(target));
            if (node == null) {
                throw unknown(target, CanonicalPath.of(target));
            }
            node.producer().ifPresent(edge -> visit(edge, seen, order));
        }
        // Validations are wanted whenever their edge is built, but nothing waits for them.
        for (int next = 0; next < order.size(); next++) {
            for (String validation : order.get(next).validations()) {
                NinjaEdge producer = producerOf(validation);
                if (producer != null) {
                    visit(producer, seen, order);
                }
            }
        }
        return order;
    }

    /** Post-order from {@code start}, iterative so that a deep chain cannot overflow the stack. */
    private void visit(NinjaEdge start, BitSet seen, List<NinjaEdge> order) {
        if (seen.get(start.id())) {
            return;
        }
        seen.set(start.id());
        int[] stack = new int[16];
        int[] next = new int[16];
        int top = 0;
        stack[0] = start.id();
        while (top >= 0) {
            int[] producers = inputProducers[stack[top]];
            if (next[top] == producers.length) {
                order.add(edges.get(stack[top]));
                top--;
                continue;
            }
            int producer = producers[next[top]++];
            if (producer >= 0 && !seen.get(producer)) {
                seen.set(producer);
                if (++top == stack.length) {
                    stack = Arrays.copyOf(stack, top * 2);
                    next = Arrays.copyOf(next, top * 2);
                }
                stack[top] = producer;
                next[top] = 0;
            }
        }
    }
}
