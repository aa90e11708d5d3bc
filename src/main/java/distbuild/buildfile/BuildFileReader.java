package distbuild.buildfile;

import distbuild.model.Requirements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the YAML of a build file into {@link Rule}s, keeping the line of everything it reads.
 * Every mistake of shape (a list where a string belongs, an unknown key, a bad duration) is
 * recorded as a {@link Problem}; reading goes on past it, so one run reports them all.
 */
final class BuildFileReader {
    /** What a build file holds. */
    /** @param defaults the jobs (or foreach rules) to build when none is named, as {@code default:} lists them */
    record Contents(Map<String, String> env, List<Rule> rules, List<Located<String>> defaults) {}

    private static final Set<String> TOP_KEYS = Set.of("env", "jobs", "default");
    private static final Set<String> JOB_KEYS =
            Set.of("name", "foreach", "exclude", "inputs", "deps", "run", "env", "outputs", "timeout", "network", "requires");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    /** Longer than any build should take, short enough for nanoseconds on the wire. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String file;
    private final List<Problem> problems;

    private BuildFileReader(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Reads {@code text}, adding every mistake to {@code problems}.
     *
     * @param file the file's name as the user knows it, for messages
     */
    static Contents read(String file, String text, List<Problem> problems) {
        return new BuildFileReader(file, problems).read(text);
    }

    private Contents read(String text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
            problems.add(new Problem(file, line, "not valid YAML: " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"), null));
            return new Contents(Map.of(), List.of(), List.of());
        } catch (YamlEngineException e) {
            problems.add(new Problem(file, 0, "not valid YAML: " + e.getMessage(), null));
            return new Contents(Map.of(), List.of(), List.of());
        }
        if (root.isEmpty()) {
            problems.add(new Problem(file, 0, "the build file is empty", "it needs a 'jobs:' list"));
            return new Contents(Map.of(), List.of(), List.of());
        }
        Map<String, String> env = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        List<Located<String>> defaults = new ArrayList<>();
        var seen = new Object() {
            boolean jobs;
        };
        forEachKey(root.get(), "the build file", TOP_KEYS, (key, value) -> {
            switch (key) {
                case "env" -> env.putAll(environment(value));
                case "default" -> defaults.addAll(strings(value, "'default'"));
                case "jobs" -> {
                    seen.jobs = true;
                    for (Node job : list(value, "'jobs'")) {
                        rule(job).ifPresent(rules::add);
                    }
                }
                default -> throw new IllegalStateException(key);
            }
        });
        if (rules.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(file, line(root.get()), seen.jobs ? "the build file's 'jobs' list is empty"
                    : "the build file has no 'jobs:' list",
                    "add 'jobs:' with at least one job, such as '- name: hello' and 'run: echo hello'"));
        }
        return new Contents(env, rules, defaults);
    }

    private Optional<Rule> rule(Node node) {
        if (!(node instanceof MappingNode)) {
            problems.add(problem(node, "a job must be a mapping of keys such as 'name' and 'run', not "
                    + describe(node), null));
            return Optional.empty();
        }
        // What the keys set, as they are read in any order.
        var fields = new Object() {
            Located<String> name;
            Located<String> foreach;
            Duration timeout;
            boolean network;
            Requirements requires = Requirements.NONE;
        };
        List<Located<String>> inputs = new ArrayList<>();
        List<Located<String>> exclude = new ArrayList<>();
        List<Located<String>> deps = new ArrayList<>();
        List<Located<Command>> commands = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        List<Located<String>> outputs = new ArrayList<>();
        forEachKey(node, "a job", JOB_KEYS, (key, value) -> {
            switch (key) {
                case "name" -> fields.name = string(value, "'name'");
                case "foreach" -> fields.foreach = string(value, "'foreach'");
                case "inputs" -> inputs.addAll(strings(value, "'inputs'"));
                case "exclude" -> exclude.addAll(strings(value, "'exclude'"));
                case "deps" -> deps.addAll(strings(value, "'deps'"));
                case "run" -> commands.addAll(commands(value));
                case "env" -> env.putAll(environment(value));
                case "outputs" -> outputs.addAll(strings(value, "'outputs'"));
                case "timeout" -> fields.timeout = duration(value);
                case "network" -> fields.network = flag(value, "'network'");
                case "requires" -> fields.requires = requirements(value);
                default -> throw new IllegalStateException(key);
            }
        });
        Located<String> name = fields.name;
        if (name == null || name.value().isBlank()) {
            problems.add(problem(node, "a job has no name", "add 'name:'; other jobs list it in their 'deps'"));
            return Optional.empty();
        }
        if (commands.isEmpty()) {
            problems.add(new Problem(file, name.line(), "job '" + name.value() + "' has nothing to 'run'",
                    "add 'run:' with a shell command, or a list of commands"));
        }
        return Optional.of(new Rule(name, fields.foreach, exclude, inputs, deps, commands, env, outputs, fields.timeout,
                fields.network, fields.requires));
    }

    /** {@code run:} is a shell string, or a list whose items are shell strings or argv lists. */
    private List<Located<Command>> commands(Node node) {
        if (node instanceof ScalarNode) {
            Located<String> script = string(node, "'run'");
            return script == null ? List.of() : List.of(new Located<>(new Command.Shell(script.value()), script.line()));
        }
        List<Located<Command>> commands = new ArrayList<>();
        for (Node item : list(node, "'run'")) {
            if (item instanceof SequenceNode) {
                List<String> argv = strings(item, "a command's argv").stream().map(Located::value).toList();
                if (argv.isEmpty()) {
                    problems.add(problem(item, "an argv command is empty", "give at least the program to run"));
                } else {
                    commands.add(new Located<>(new Command.Argv(argv), line(item)));
                }
            } else {
                Located<String> script = string(item, "a command");
                if (script != null) {
                    commands.add(new Located<>(new Command.Shell(script.value()), script.line()));
                }
            }
        }
        return commands;
    }

    /** {@code requires: {arch: arm64, label: big-mem}}: what the worker's machine must offer. */
    private Requirements requirements(Node node) {
        if (isNull(node)) {
            return Requirements.NONE;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(problem(node, "'requires' must map what is required to its value, not " + describe(node),
                    "write it as 'requires: {arch: arm64, label: big-mem}'"));
            return Requirements.NONE;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            Located<String> key = string(entry.getKeyNode(), "a requirement");
            Located<String> value = string(entry.getValueNode(), "the value of a requirement");
            if (key == null || value == null) {
                continue;
            }
            try {
                Requirements.strict(Map.of(key.value(), value.value()));
                wanted.put(key.value(), value.value());
            } catch (distbuild.model.InvalidInputException e) {
                problems.add(new Problem(file, key.line(), e.getMessage(),
                        "a job may require os, arch (as Go names them: linux, amd64, arm64), label (one or more,"
                                + " comma-separated), cpus and memory (such as 16GiB)"));
            }
        }
        return new Requirements(wanted);
    }

    private Map<String, String> environment(Node node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (isNull(node)) {
            return env;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(problem(node, "'env' must map variable names to values, not " + describe(node),
                    "write it as 'env:' followed by indented lines like 'CFLAGS: -O2'"));
            return env;
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            Located<String> key = string(entry.getKeyNode(), "a variable name");
            Located<String> value = isNull(entry.getValueNode()) ? new Located<>("", line(entry.getValueNode()))
                    : string(entry.getValueNode(), "the value of a variable");
            if (key == null || value == null) {
                continue;
            }
            Integer first = lines.putIfAbsent(key.value(), key.line());
            if (first != null) {
                problems.add(new Problem(file, key.line(), "variable '" + key.value() + "' is given twice in 'env'"
                        + " (first on line " + first + ")", "keep one of them"));
            } else if (!ENV_NAME.matcher(key.value()).matches()) {
                problems.add(new Problem(file, key.line(), "'" + key.value() + "' is not a valid environment variable name",
                        "use letters, digits and '_', not starting with a digit"));
            } else {
                TemplateCheck.problem(value.value()).ifPresent(problem ->
                        problems.add(new Problem(file, value.line(), "variable '" + key.value() + "': " + problem,
                                TemplateCheck.HINT)));
                env.put(key.value(), value.value());
            }
        }
        return env;
    }

    /** {@code true} or {@code false}; anything else is a problem (and false). */
    private boolean flag(Node node, String what) {
        Located<String> text = string(node, what);
        if (text == null) {
            return false;
        }
        return switch (text.value().strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(new Problem(file, text.line(), what + " is '" + text.value() + "', not true or false",
                        "write " + what.replace("'", "") + ": true"));
                yield false;
            }
        };
    }

    private Duration duration(Node node) {
        Located<String> text = string(node, "'timeout'");
        if (text == null) {
            return null;
        }
        String value = text.value().strip();
        Duration total;
        try {
            total = parseDuration(value);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            total = MAX_TIMEOUT.plusDays(1);
        }
        if (total == null) {
            problems.add(new Problem(file, text.line(), "timeout '" + value + "' is not a duration",
                    "write it like 90s, 5m, 1h30m or 500ms (a bare number is seconds)"));
            return null;
        }
        if (total.compareTo(MAX_TIMEOUT) > 0) {
            problems.add(new Problem(file, text.line(), "timeout '" + value + "' is longer than a week",
                    "leave 'timeout' out for the cluster's default"));
            return null;
        }
        if (total.isZero()) {
            problems.add(new Problem(file, text.line(), "a timeout of zero would kill the job at once",
                    "leave 'timeout' out for the cluster's default"));
            return null;
        }
        return total;
    }

    /** The duration {@code value} writes, or null if it is not one. */
    private static Duration parseDuration(String value) {
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION.matcher(value);
        int end = 0;
        while (part.find() && part.start() == end) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = part.end();
        }
        return end == value.length() && !value.isEmpty() ? total : null;
    }

    // ---- YAML shapes ------------------------------------------------------------------------

    private void forEachKey(Node node, String what, Set<String> known, BiConsumer<String, Node> action) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(problem(node, what + " must be a mapping of keys, not " + describe(node), null));
            return;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            Located<String> key = string(entry.getKeyNode(), "a key");
            if (key == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(key.value(), key.line());
            if (first != null) {
                problems.add(new Problem(file, key.line(), "'" + key.value() + "' is given twice in " + what
                        + " (first on line " + first + ")", "keep one of them"));
            } else if (!known.contains(key.value())) {
                problems.add(new Problem(file, key.line(), "unknown key '" + key.value() + "' in " + what,
                        Suggestions.hint(key.value(), known, "known keys: " + String.join(", ", known.stream().sorted().toList()))));
            } else {
                action.accept(key.value(), entry.getValueNode());
            }
        }
    }

    /** A scalar's text; null (and a problem recorded) for anything else. */
    private Located<String> string(Node node, String what) {
        if (node instanceof ScalarNode scalar && !isNull(node)) {
            return new Located<>(scalar.getValue(), line(node));
        }
        problems.add(problem(node, what + " must be a string, not " + describe(node),
                node instanceof MappingNode ? "a value starting with '{' is read as a mapping: put it in quotes" : null));
        return null;
    }

    /** A list of strings; a single string counts as a list of one. */
    private List<Located<String>> strings(Node node, String what) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof ScalarNode) {
            Located<String> one = string(node, what);
            return one == null ? List.of() : List.of(one);
        }
        List<Located<String>> values = new ArrayList<>();
        for (Node item : list(node, what)) {
            Located<String> value = string(item, "each of " + what);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private List<Node> list(Node node, String what) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problems.add(problem(node, what + " must be a list, not " + describe(node),
                "write each item on its own line starting with '- ', or as [a, b]"));
        return List.of();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when isNull(s) -> "nothing";
            case ScalarNode s -> "'" + s.getValue() + "'";
            default -> "a " + node.getNodeType().name().toLowerCase();
        };
    }

    private Problem problem(Node node, String message, String hint) {
        return new Problem(file, line(node), message, hint);
    }

    static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).map(line -> line + 1).orElse(0);
    }
}
