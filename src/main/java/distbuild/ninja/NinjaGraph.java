package distbuild.ninja;

import java.nio.file.Path;
import java.util.ArrayList;
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

    NinjaGraph(Path directory, List<NinjaEdge> edges, Map<String, NinjaPool> pools, List<String> defaults) {
        this.directory = directory;
        this.edges = List.copyOf(edges);
        this.pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        this.defaults = List.copyOf(defaults);
        this.nodes = Collections.unmodifiableMap(nodes(this.edges));
    }

    /** Nodes in the order ninja creates them: each edge's outputs, inputs, then validations. */
    private static Map<String, NinjaNode> nodes(List<NinjaEdge> edges) {
        record Links(NinjaEdge[] producer, List<NinjaEdge> consumers) {}
        Map<String, Links> links = new LinkedHashMap<>();
        for (NinjaEdge edge : edges) {
            for (String output : edge.allOutputs()) {
                links.computeIfAbsent(output, path -> new Links(new NinjaEdge[1], new ArrayList<>(1))).producer()[0] = edge;
            }
            for (String input : edge.allInputs()) {
                links.computeIfAbsent(input, path -> new Links(new NinjaEdge[1], new ArrayList<>(1))).consumers().add(edge);
            }
            for (String validation : edge.validations()) {
                links.computeIfAbsent(validation, path -> new Links(new NinjaEdge[1], new ArrayList<>(1)));
            }
        }
        Map<String, NinjaNode> nodes = new LinkedHashMap<>(links.size() * 4 / 3 + 1);
        links.forEach((path, link) ->
                nodes.put(path, new NinjaNode(path, Optional.ofNullable(link.producer()[0]), link.consumers())));
        return nodes;
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
        List<NinjaEdge> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        stack.add(start);
        next.add(0);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            NinjaEdge edge = stack.get(top);
            List<String> inputs = edge.allInputs();
            int index = next.get(top);
            if (index == inputs.size()) {
                stack.removeLast();
                next.removeLast();
                order.add(edge);
                continue;
            }
            next.set(top, index + 1);
            NinjaEdge producer = producerOf(inputs.get(index));
            if (producer != null && !seen.get(producer.id())) {
                seen.set(producer.id());
                stack.add(producer);
                next.add(0);
            }
        }
    }
}
