package distbuild.ninja;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads a ninja file and what it includes into a {@link NinjaGraph}, statement by statement
 * and in ninja's order: a variable is evaluated where it is bound, an edge's paths and its own
 * bindings where the edge is declared, {@code include}d files in the same scope and
 * {@code subninja}s in a child scope. Rule bindings are left for the edge to evaluate against
 * the scopes as they stand at the end, as ninja does when it builds.
 *
 * <p>Every refusal is recorded with its place and reading goes on with the next statement, so
 * that one run names all of a file's problems (up to {@value #MAX_PROBLEMS}).
 */
final class NinjaReader {
    private static final int MAX_PROBLEMS = 100;
    private static final int NO_PRODUCER = -1;
    /** The producer of an output whose edge is being read: known to be its, not yet by ID. */
    private static final int CLAIMED = -2;

    private final Path directory;
    private final List<NinjaProblem> problems = new ArrayList<>();
    /** The include statements that led to the file being read, innermost first. */
    private final Deque<Position> includedFrom = new ArrayDeque<>();
    private final Deque<String> filesBeingRead = new ArrayDeque<>();
    /** Each file's include chain, for problems found once reading is over. */
    private final Map<String, List<Position>> chains = new HashMap<>();
    private final Map<String, NinjaPool> pools = new LinkedHashMap<>();
    private final Map<String, PathState> paths = new HashMap<>();
    /** The paths in the order ninja creates its nodes: each edge's outputs, inputs, validations. */
    private final List<PathState> pathsInOrder = new ArrayList<>();
    private final List<EdgeDraft> edges = new ArrayList<>();
    private final List<String> defaults = new ArrayList<>();

    /**
     * A path met so far: its one shared string, the edge producing it (-1 for none yet) and the
     * edges reading it, by ID; the graph's nodes are made of these without hashing paths again.
     */
    private static final class PathState {
        private static final int[] NONE = {};
        final String path;
        /** The producing edge's ID, or one of the two markers below. */
        int producer = NO_PRODUCER;
        int[] consumers = NONE;
        int consumerCount;

        PathState(String path) {
            this.path = path;
        }

        void consumedBy(int edge) {
            if (consumerCount == consumers.length) {
                consumers = Arrays.copyOf(consumers, Math.max(2, consumerCount * 2));
            }
            consumers[consumerCount++] = edge;
        }
    }

    /** An edge as read; it becomes a {@link NinjaEdge} when its scope is final. */
    private record EdgeDraft(NinjaRule rule, List<PathState> outputs, List<PathState> implicitOutputs,
            List<PathState> inputs, List<PathState> implicitInputs, List<PathState> orderOnlyInputs,
            List<PathState> validations, Map<String, String> bindings, ReadingScope scope, NinjaPool pool, Position at) {}

    private NinjaReader(Path directory) {
        this.directory = directory;
        pools.put(NinjaPool.CONSOLE.name(), NinjaPool.CONSOLE);
    }

    static NinjaGraph read(Path directory, String file) {
        NinjaReader reader = new NinjaReader(directory);
        try {
            reader.readFile(file, new ReadingScope(null), null);
        } catch (Refusal refusal) { // the top file itself could not be read
            reader.problems.add(new NinjaProblem(refusal.at(), refusal.getMessage(), null, List.of()));
        }
        return reader.graph();
    }

    private void readFile(String file, ReadingScope scope, Position includedAt) {
        if (filesBeingRead.contains(file)) {
            List<String> cycle = new ArrayList<>(filesBeingRead.reversed());
            cycle.add(file);
            throw new Refusal(includedAt, "include cycle: " + String.join(" -> ", cycle));
        }
        SourceText text = load(file, includedAt);
        if (includedAt != null) {
            includedFrom.push(includedAt);
        }
        filesBeingRead.push(file);
        chains.putIfAbsent(file, List.copyOf(includedFrom));
        NinjaLexer lexer = new NinjaLexer(file, text.bytes(), text.size());
        NinjaParser parser = new NinjaParser(lexer);
        while (problems.size() < MAX_PROBLEMS) {
            Statement statement;
            try {
                statement = parser.next();
            } catch (Refusal refusal) {
                record(refusal, lexer);
                lexer.skipStatementAt(refusal.at());
                continue;
            }
            if (statement == null) {
                break;
            }
            try {
                apply(statement, scope);
            } catch (Refusal refusal) {
                record(refusal, lexer);
            }
        }
        filesBeingRead.pop();
        if (includedAt != null) {
            includedFrom.pop();
        }
    }

    private void apply(Statement statement, ReadingScope scope) {
        switch (statement) {
            case Statement.Let let -> {
                String value = let.value().evaluate(scope::lookup);
                if (let.name().equals("ninja_required_version")) {
                    RequiredVersion.check(value, let.at());
                }
                scope.bind(let.name(), value);
            }
            case Statement.Rule rule -> declare(rule, scope);
            case Statement.Pool pool -> declare(pool, scope);
            case Statement.Edge edge -> add(edge, scope);
            case Statement.Default defaultTargets -> {
                for (Statement.PathText target : defaultTargets.targets()) {
                    String path = path(target, scope::lookup);
                    PathState known = paths.get(path);
                    if (known == null) {
                        throw new Refusal(target.at(), "unknown target '" + path + "' (default must name a path"
                                + " that a build statement above it mentions)");
                    }
                    defaults.add(known.path);
                }
            }
            case Statement.Include include -> readFile(include.file().text().evaluate(scope::lookup), scope, include.at());
            case Statement.Subninja subninja ->
                readFile(subninja.file().text().evaluate(scope::lookup), new ReadingScope(scope), subninja.at());
        }
    }

    private void declare(Statement.Rule rule, ReadingScope scope) {
        if (rule.name().equals(NinjaRule.PHONY.name())) {
            throw new Refusal(rule.at(), "duplicate rule 'phony': phony is built in");
        }
        NinjaRule earlier = scope.ownRule(rule.name());
        if (earlier != null) {
            throw new Refusal(rule.at(), "duplicate rule '" + rule.name() + "' (declared first at " + earlier.at() + ")");
        }
        EvalString command = rule.bindings().get("command");
        if (command == null || command.isEmpty()) {
            throw new Refusal(rule.at(), "expected 'command =' line in rule '" + rule.name() + "'");
        }
        if (bound(rule, "rspfile") != bound(rule, "rspfile_content")) {
            throw new Refusal(rule.at(), "rspfile and rspfile_content need to be both specified (rule '" + rule.name() + "')");
        }
        scope.declare(new NinjaRule(rule.name(), rule.bindings(), rule.at()));
    }

    private static boolean bound(Statement.Rule rule, String name) {
        EvalString value = rule.bindings().get(name);
        return value != null && !value.isEmpty();
    }

    private void declare(Statement.Pool pool, ReadingScope scope) {
        if (pools.containsKey(pool.name())) {
            throw new Refusal(pool.at(), "duplicate pool '" + pool.name() + "'");
        }
        if (pool.depth() == null) {
            throw new Refusal(pool.at(), "expected 'depth =' line in pool '" + pool.name() + "'");
        }
        String depth = pool.depth().value().evaluate(scope::lookup).strip();
        int value;
        try {
            value = Integer.parseInt(depth);
        } catch (NumberFormatException e) {
            throw new Refusal(pool.depth().at(), "invalid pool depth '" + depth + "': not a whole number");
        }
        if (value < 0) {
            throw new Refusal(pool.depth().at(), "invalid pool depth " + value + ": it cannot be negative");
        }
        pools.put(pool.name(), new NinjaPool(pool.name(), value));
    }

    private void add(Statement.Edge edge, ReadingScope scope) {
        NinjaRule rule = scope.rule(edge.rule());
        if (rule == null) {
            throw new Refusal(edge.ruleAt(), "unknown build rule '" + edge.rule() + "'");
        }
        // The edge's own bindings are evaluated in the file's scope, so they cannot see each other.
        Map<String, String> bindings = Map.of();
        if (!edge.bindings().isEmpty()) {
            bindings = new HashMap<>();
            for (Statement.Binding binding : edge.bindings()) {
                bindings.put(binding.name(), binding.value().evaluate(scope::lookup));
            }
        }
        Map<String, String> own = bindings;
        UnaryOperator<String> pathScope = own.isEmpty() ? scope::lookup : name -> {
            String value = own.get(name);
            return value != null ? value : scope.lookup(name);
        };
        // Ninja picks the pool before the edge has paths: $in and $out are empty there.
        NinjaPool pool = pool(evaluate(new EdgeEvaluation(rule, own, scope, List.of(), List.of(), true), "pool", edge),
                edge);
        int id = edges.size();
        List<PathState> claimed = new ArrayList<>(edge.outputs().size() + edge.implicitOutputs().size());
        List<PathState> outputs;
        List<PathState> implicitOutputs;
        List<PathState> inputs;
        try {
            outputs = claim(edge.outputs(), pathScope, claimed);
            implicitOutputs = claim(edge.implicitOutputs(), pathScope, claimed);
            inputs = inputs(edge.inputs(), pathScope);
            String dyndep = evaluate(new EdgeEvaluation(rule, own, scope, strings(inputs), strings(outputs), false),
                    "dyndep", edge);
            if (!dyndep.isEmpty()) {
                throw new Refusal(edge.ruleAt(), "dyndep is not supported (this edge's dyndep file is '" + dyndep
                        + "'): distbuild needs every edge's inputs and outputs before the build starts");
            }
        } catch (Refusal refusal) {
            claimed.forEach(state -> state.producer = NO_PRODUCER); // a refused edge produces nothing
            throw refusal;
        }
        List<PathState> implicitInputs = inputs(edge.implicitInputs(), pathScope);
        List<PathState> orderOnlyInputs = inputs(edge.orderOnlyInputs(), pathScope);
        List<PathState> validations = inputs(edge.validations(), pathScope);
        claimed.forEach(state -> state.producer = id);
        inputs.forEach(state -> state.consumedBy(id));
        implicitInputs.forEach(state -> state.consumedBy(id));
        orderOnlyInputs.forEach(state -> state.consumedBy(id));
        edges.add(new EdgeDraft(rule, outputs, implicitOutputs, inputs, implicitInputs, orderOnlyInputs, validations, own,
                scope, pool, edge.at()));
    }

    private PathState state(String path) {
        PathState state = paths.get(path);
        if (state == null) {
            state = new PathState(path);
            paths.put(path, state);
            pathsInOrder.add(state);
        }
        return state;
    }

    private static List<String> strings(List<PathState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        String[] strings = new String[states.size()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = states.get(i).path;
        }
        return List.of(strings);
    }

    /**
     * The edge's outputs among {@code texts}, each marked as claimed (and added to
     * {@code claimed}) so that one listed twice is found without comparing every pair.
     */
    private List<PathState> claim(List<Statement.PathText> texts, UnaryOperator<String> scope, List<PathState> claimed) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<PathState> outputs = new ArrayList<>(texts.size());
        for (Statement.PathText text : texts) {
            PathState state = state(path(text, scope));
            if (state.producer == CLAIMED) {
                throw new Refusal(text.at(), state.path + " is an output of this build statement twice");
            }
            if (state.producer >= 0) {
                throw new Refusal(text.at(), "multiple rules generate " + state.path + " (the first is the build statement at "
                        + edges.get(state.producer).at() + ")");
            }
            state.producer = CLAIMED;
            claimed.add(state);
            outputs.add(state);
        }
        return outputs;
    }

    private List<PathState> inputs(List<Statement.PathText> texts, UnaryOperator<String> scope) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<PathState> inputs = new ArrayList<>(texts.size());
        for (Statement.PathText text : texts) {
            inputs.add(state(path(text, scope)));
        }
        return inputs;
    }

    private static String path(Statement.PathText text, UnaryOperator<String> scope) {
        String path = text.text().evaluate(scope);
        if (path.isEmpty()) {
            throw new Refusal(text.at(), "empty path (its variables are all empty here)");
        }
        return CanonicalPath.of(path);
    }

    private NinjaPool pool(String name, Statement.Edge edge) {
        if (name.isEmpty()) {
            return NinjaPool.DEFAULT;
        }
        NinjaPool pool = pools.get(name);
        if (pool == null) {
            Position at = edge.bindings().stream().filter(binding -> binding.name().equals("pool")).findFirst()
                    .map(Statement.Binding::at).orElse(edge.ruleAt());
            throw new Refusal(at, "unknown pool name '" + name + "' (a pool must be declared before edges use it)");
        }
        return pool;
    }

    private static String evaluate(EdgeEvaluation evaluation, String name, Statement.Edge edge) {
        try {
            return evaluation.lookup(name);
        } catch (EdgeEvaluation.CycleException cycle) {
            throw new Refusal(edge.ruleAt(), "cycle in rule variables: " + cycle.getMessage());
        }
    }

    /** The graph, once every file is read, with the checks that need the final scopes. */
    private NinjaGraph graph() {
        if (!problems.isEmpty()) {
            throw new NinjaFileException(problems);
        }
        List<NinjaEdge> finished = new ArrayList<>(edges.size());
        int[][] inputProducers = new int[edges.size()][];
        for (EdgeDraft draft : edges) {
            finished.add(new NinjaEdge(finished.size(), draft.rule(), strings(draft.outputs()),
                    strings(draft.implicitOutputs()), strings(draft.inputs()), strings(draft.implicitInputs()),
                    strings(draft.orderOnlyInputs()), strings(draft.validations()), draft.bindings(),
                    draft.scope().freeze(), draft.pool(), draft.at()));
            inputProducers[finished.size() - 1] = producers(draft);
        }
        edges.clear();
        Map<String, NinjaNode> nodes = LinkedHashMap.newLinkedHashMap(pathsInOrder.size());
        for (PathState state : pathsInOrder) {
            NinjaEdge[] consumers = new NinjaEdge[state.consumerCount];
            for (int i = 0; i < consumers.length; i++) {
                consumers[i] = finished.get(state.consumers[i]);
            }
            nodes.put(state.path, new NinjaNode(state.path,
                    state.producer < 0 ? Optional.empty() : Optional.of(finished.get(state.producer)), List.of(consumers)));
        }
        paths.clear();
        pathsInOrder.clear();
        RuleBindingCheck ruleBindings = new RuleBindingCheck();
        for (NinjaEdge edge : finished) {
            ruleBindings.problem(edge).ifPresent(message -> recordAfterReading(edge.declaredAt(), message));
        }
        if (!problems.isEmpty()) {
            throw new NinjaFileException(problems);
        }
        NinjaGraph graph = new NinjaGraph(directory, finished, nodes, inputProducers, pools, defaults);
        DependencyCycles.find(graph).ifPresent(cycle -> recordAfterReading(cycle.producer().declaredAt(),
                "dependency cycle: " + String.join(" -> ", cycle.paths())));
        if (!problems.isEmpty()) {
            throw new NinjaFileException(problems);
        }
        return graph;
    }

    /** The producers' IDs of the edge's explicit, implicit and order-only inputs, in order; -1 for none. */
    private static int[] producers(EdgeDraft draft) {
        int[] producers = new int[draft.inputs().size() + draft.implicitInputs().size() + draft.orderOnlyInputs().size()];
        int next = 0;
        for (List<PathState> inputs : List.of(draft.inputs(), draft.implicitInputs(), draft.orderOnlyInputs())) {
            for (PathState input : inputs) {
                producers[next++] = input.producer;
            }
        }
        return producers;
    }

    private void record(Refusal refusal, NinjaLexer lexer) {
        Position at = refusal.at() != null ? refusal.at() : Position.wholeFile(lexer.file());
        String line = at.line() > 0 && at.file().equals(lexer.file()) ? lexer.lineText(at.line()) : null;
        problems.add(new NinjaProblem(at, refusal.getMessage(), line, List.copyOf(includedFrom)));
    }

    /** A problem found once the files are read: its line is read again from the file. */
    private void recordAfterReading(Position at, String message) {
        problems.add(new NinjaProblem(at, message, lineFromDisk(at),
                chains.getOrDefault(at.file(), List.of())));
    }

    private String lineFromDisk(Position at) {
        try {
            return SourceText.read(directory.resolve(at.file())).line(at.line());
        } catch (IOException e) {
            return null; // the message still says where; the file changed under us
        }
    }

    private SourceText load(String file, Position includedAt) {
        Position at = includedAt != null ? includedAt : Position.wholeFile(file);
        try {
            return SourceText.read(directory.resolve(file));
        } catch (NoSuchFileException e) {
            throw new Refusal(at, "loading '" + file + "': no such file (paths are relative to the build directory "
                    + directory + ")");
        } catch (IOException e) {
            throw new Refusal(at, "loading '" + file + "': " + e.getMessage());
        }
    }
}
