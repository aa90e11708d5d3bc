package distbuild.buildfile;

import distbuild.model.ContentHash;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.model.SourcePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Turns the rules of a build file into a graph: stamps out {@code foreach} rules, expands
 * input globs, resolves deps by name, checks everything (every mistake is recorded, with its
 * line), computes each job's ID from its content and lowers it to wire commands.
 *
 * <p>A job's ID covers its commands, environment, declared outputs, inputs (path and content)
 * and its deps' IDs, and whether it may reach the network — not its name or timeout, which do
 * not change what it makes. Since every
 * part is relative to the source root, the same tree gives the same IDs anywhere.
 */
final class Planner {
    /** Jobs get a fixed environment, so that a result never depends on what a worker happens to have set. */
    static final Map<String, String> DEFAULT_ENV = Lowering.DEFAULT_ENVIRONMENT;
    private static final String ID_SCHEME = "distbuild-buildfile-job-v1";
    private static final int MAX_CYCLES_REPORTED = 5;

    /**
     * One job after stamping: everything concrete, with the lines it came from.
     *
     * @param stampedFrom the file a {@code foreach} rule stamped this job out for, or null
     */
    private record Draft(Rule rule, String stampedFrom, String name, List<Located<String>> inputs,
            List<Located<String>> deps, List<Command> commands, Map<String, String> env, List<Located<String>> outputs) {
        int line() {
            return rule.line();
        }

        Duration timeout() {
            return rule.timeout();
        }

        boolean network() {
            return rule.network();
        }

        distbuild.model.Requirements requires() {
            return rule.requires();
        }

        // Each draft is its own job, whatever it holds; and hashing its lists on every lookup would be slow.
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A draft with its inputs and deps resolved. */
    private record Resolved(Draft draft, SortedMap<String, Id> inputs, List<Draft> deps, List<String> outputs) {}

    private final String file;
    private final SourceTree tree;
    private final List<Problem> problems;
    /** Exclude patterns that took something out: one that never does is a mistake (a typo), said once. */
    private final Set<Located<String>> usedExcludes = new HashSet<>();

    private Planner(String file, SourceTree tree, List<Problem> problems) {
        this.file = file;
        this.tree = tree;
        this.problems = problems;
    }

    /** Plans the build; every mistake goes to {@code problems}, and then the result is null. */
    static BuildPlan plan(String file, SourceTree tree, BuildFileReader.Contents contents, List<Problem> problems) {
        return new Planner(file, tree, problems).plan(contents);
    }

    private BuildPlan plan(BuildFileReader.Contents contents) {
        Map<String, String> env = new TreeMap<>(DEFAULT_ENV);
        env.putAll(contents.env());
        checkRuleNames(contents.rules());
        List<Draft> stamped = new ArrayList<>();
        for (Rule rule : contents.rules()) {
            stamped.addAll(stamp(rule, env));
        }
        // A foreach, like an input glob, never matches what a job writes (a stale copy in the tree).
        Set<String> written = new HashSet<>();
        stamped.forEach(draft -> draft.outputs().forEach(output -> written.add(trimSlash(output.value()))));
        List<Draft> drafts = stamped.stream()
                .filter(draft -> draft.stampedFrom() == null || !isOrIsUnder(draft.stampedFrom(), written)).toList();
        checkForeachLeftSomething(contents.rules(), stamped, drafts);
        Map<String, Draft> byName = uniqueNames(drafts);
        Map<String, List<Draft>> groups = groups(contents.rules(), drafts);
        Map<String, Draft> outputOwners = outputs(drafts);
        Map<Draft, Resolved> resolved = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            List<Draft> deps = deps(draft, byName, groups);
            resolved.put(draft, new Resolved(draft, inputs(draft, deps, outputOwners), deps, outermost(draft.outputs())));
        }
        checkCycles(resolved);
        checkExcludesUsed(contents.rules());
        if (!problems.isEmpty()) {
            return null;
        }
        BuildPlan plan = lower(resolved, groups); // null if two jobs turn out to be one
        if (plan == null || contents.defaults().isEmpty()) {
            return plan;
        }
        List<Id> defaults = defaults(contents.defaults(), plan.names());
        return problems.isEmpty() ? plan.withDefaults(defaults) : null;
    }

    // ---- stamping -----------------------------------------------------------------------------

    private List<Draft> stamp(Rule rule, Map<String, String> buildEnv) {
        Map<String, String> env = new TreeMap<>(buildEnv);
        env.putAll(rule.env());
        List<Command> commands = rule.commands().stream().map(Located::value).toList();
        checkTemplates(rule);
        if (rule.foreach() == null) {
            List<Located<String>> texts = new ArrayList<>(placeholderTexts(rule));
            texts.addAll(commandTexts(rule));
            rule.env().values().forEach(value -> texts.add(new Located<>(value, rule.line())));
            for (Located<String> text : texts) {
                if (Placeholders.anyIn(text.value())) {
                    problems.add(new Problem(file, text.line(), "'" + abbreviate(text.value()) + "' has a placeholder such as"
                            + " {file}, but job '" + rule.name().value() + "' has no 'foreach'",
                            "add 'foreach: <glob>' to stamp out one job per matching file"));
                }
            }
            return List.of(new Draft(rule, null, rule.name().value(), rule.inputs(), rule.deps(), commands, env,
                    rule.outputs()));
        }
        for (Located<String> text : placeholderTexts(rule)) {
            for (String unknown : Placeholders.unknownIn(text.value())) {
                problems.add(new Problem(file, text.line(), "unknown placeholder " + unknown,
                        "the placeholders are " + String.join(", ", Placeholders.NAMES.stream().map(n -> "{" + n + "}").toList())));
            }
        }
        List<String> matches = files(rule.foreach(), Map.of(), "'foreach' \"%s\" of job '" + rule.name().value() + "'")
                .stream().filter(match -> !excluded(rule, match)).toList();
        List<Draft> stamped = new ArrayList<>();
        for (String match : matches) {
            Placeholders values = Placeholders.forFile(match);
            String name = Placeholders.anyIn(rule.name().value())
                    ? values.expand(rule.name().value()) : rule.name().value() + " " + match;
            List<Located<String>> inputs = new ArrayList<>();
            inputs.add(new Located<>(Glob.escape(match), rule.foreach().line()));
            inputs.addAll(expandPaths(rule.inputs(), values, Glob::escape));
            Map<String, String> stampedEnv = new TreeMap<>();
            env.forEach((key, value) -> stampedEnv.put(key, values.expand(value)));
            List<Command> stampedCommands = commands.stream().map(command -> expand(command, values)).toList();
            stamped.add(new Draft(rule, match, name, inputs, expandAll(rule.deps(), values), stampedCommands, stampedEnv,
                    expandPaths(rule.outputs(), values, UnaryOperator.identity())));
        }
        return stamped;
    }

    private static List<Located<String>> placeholderTexts(Rule rule) {
        List<Located<String>> texts = new ArrayList<>();
        texts.add(rule.name());
        texts.addAll(rule.inputs());
        texts.addAll(rule.deps());
        texts.addAll(rule.outputs());
        return texts;
    }

    private static List<Located<String>> commandTexts(Rule rule) {
        List<Located<String>> texts = new ArrayList<>();
        for (Located<Command> command : rule.commands()) {
            switch (command.value()) {
                case Command.Shell shell -> texts.add(new Located<>(shell.script(), command.line()));
                case Command.Argv argv -> argv.argv().forEach(word -> texts.add(new Located<>(word, command.line())));
            }
        }
        return texts;
    }

    private static List<Located<String>> expandAll(List<Located<String>> texts, Placeholders values) {
        return texts.stream().map(text -> new Located<>(values.expand(text.value()), text.line())).toList();
    }

    /** Paths with placeholders expanded and tidied: {@code {dir}} of a file at the root is ".", which a path drops. */
    private static List<Located<String>> expandPaths(List<Located<String>> paths, Placeholders values,
            UnaryOperator<String> quoting) {
        return paths.stream().map(path -> Placeholders.anyIn(path.value())
                ? new Located<>(tidy(values.expand(path.value(), quoting)), path.line()) : path).toList();
    }

    private static String tidy(String path) {
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        String tidied = String.join("/", components);
        return path.endsWith("/") && !tidied.isEmpty() ? tidied + "/" : tidied;
    }

    private void checkForeachLeftSomething(List<Rule> rules, List<Draft> stamped, List<Draft> kept) {
        for (Rule rule : rules) {
            if (rule.foreach() != null && stamped.stream().anyMatch(draft -> draft.rule() == rule)
                    && kept.stream().noneMatch(draft -> draft.rule() == rule)) {
                problems.add(new Problem(file, rule.foreach().line(), "'" + rule.foreach().value()
                        + "' matches only files that jobs of this build write", "a foreach stamps jobs out for source files"));
            }
        }
    }

    private static Command expand(Command command, Placeholders values) {
        return switch (command) {
            case Command.Shell shell -> new Command.Shell(values.expand(shell.script(), Lowering::quote));
            case Command.Argv argv -> new Command.Argv(argv.argv().stream().map(values::expand).toList());
        };
    }

    /** Commands may use {{.SourceDir}} and {{.OutputDir}}; deps are found at their paths instead. */
    private void checkTemplates(Rule rule) {
        for (Located<String> text : commandTexts(rule)) {
            TemplateCheck.problem(text.value()).ifPresent(problem ->
                    problems.add(new Problem(file, text.line(), problem, TemplateCheck.HINT)));
        }
    }

    // ---- names --------------------------------------------------------------------------------

    private void checkRuleNames(List<Rule> rules) {
        Map<String, Rule> seen = new HashMap<>();
        for (Rule rule : rules) {
            Rule first = seen.putIfAbsent(rule.name().value(), rule);
            if (first != null) {
                problems.add(new Problem(file, rule.line(), "a second job is named '" + rule.name().value()
                        + "' (the first is on line " + first.line() + ")", "give every job its own name"));
            }
        }
    }

    private Map<String, Draft> uniqueNames(List<Draft> drafts) {
        Map<String, Draft> byName = new LinkedHashMap<>();
        for (Draft draft : drafts) {
            Draft first = byName.putIfAbsent(draft.name(), draft);
            if (first == null) {
                continue;
            }
            if (first.rule() != draft.rule()) {
                if (first.rule().name().value().equals(draft.rule().name().value())) {
                    continue; // two rules of one name: reported already
                }
                problems.add(new Problem(file, draft.line(), "two jobs are named '" + draft.name() + "' (lines "
                        + first.line() + " and " + draft.line() + ")", "give every job its own name"));
            } else {
                problems.add(new Problem(file, draft.line(), "'foreach' stamps out two jobs named '" + draft.name() + "'",
                        "put {file} in the name, or leave placeholders out of it so the file is appended"));
            }
        }
        return byName;
    }

    /** A rule's name stands for all the jobs it stamps out, so deps and targets can name them at once. */
    private static Map<String, List<Draft>> groups(List<Rule> rules, List<Draft> drafts) {
        Map<String, List<Draft>> groups = new LinkedHashMap<>();
        for (Rule rule : rules) {
            groups.putIfAbsent(rule.name().value(), new ArrayList<>());
        }
        for (Draft draft : drafts) {
            groups.get(draft.rule().name().value()).add(draft);
        }
        return groups;
    }

    // ---- outputs ------------------------------------------------------------------------------

    private Map<String, Draft> outputs(List<Draft> drafts) {
        Map<String, Draft> owners = new TreeMap<>();
        Map<String, Integer> lines = new HashMap<>();
        for (Draft draft : drafts) {
            for (Located<String> output : draft.outputs()) {
                String path = trimSlash(output.value());
                var problem = path.contains("{{") ? java.util.Optional.of("has '{{', which a build cannot carry in its commands")
                        : SourcePath.problem(path);
                if (problem.isPresent()) {
                    problems.add(new Problem(file, output.line(), "output \"" + output.value() + "\" of job '"
                            + draft.name() + "' " + problem.get(),
                            "outputs are paths inside the source tree, relative to the build file's directory"));
                    continue;
                }
                Draft owner = owners.putIfAbsent(path, draft);
                if (owner != null && owner != draft) {
                    problems.add(new Problem(file, output.line(), "jobs '" + owner.name() + "' (line " + lines.get(path)
                            + ") and '" + draft.name() + "' both write \"" + path + "\"",
                            draft.rule().foreach() != null ? "put {dir} or {stem} in the output path so each stamped job has its own"
                                    : "an output belongs to one job; let the other depend on it"));
                }
                lines.putIfAbsent(path, output.line());
            }
        }
        // An output inside another job's output directory is written twice too.
        for (Map.Entry<String, Draft> output : owners.entrySet()) {
            ownerAbove(output.getKey(), owners).filter(owner -> owner.getValue() != output.getValue()).ifPresent(owner ->
                    problems.add(new Problem(file, lines.get(output.getKey()), "job '" + output.getValue().name()
                            + "' writes \"" + output.getKey() + "\", inside \"" + owner.getKey() + "\", which job '"
                            + owner.getValue().name() + "' writes whole", "give each job outputs of its own")));
        }
        return owners;
    }

    /** The output that {@code path} is or lies inside, if any. */
    private static java.util.Optional<Map.Entry<String, Draft>> ownerAbove(String path, Map<String, Draft> owners) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            String parent = path.substring(0, slash);
            if (owners.containsKey(parent)) {
                return java.util.Optional.of(Map.entry(parent, owners.get(parent)));
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<Draft> ownerOf(String path, Map<String, Draft> owners) {
        Draft exact = owners.get(path);
        return exact != null ? java.util.Optional.of(exact) : ownerAbove(path, owners).map(Map.Entry::getValue);
    }

    // ---- inputs -------------------------------------------------------------------------------

    private SortedMap<String, Id> inputs(Draft draft, List<Draft> deps, Map<String, Draft> outputOwners) {
        SortedMap<String, Id> inputs = new TreeMap<>();
        for (Located<String> input : draft.inputs()) {
            String pattern = trimSlash(input.value());
            var problem = SourcePath.problem(pattern);
            if (problem.isPresent()) {
                problems.add(new Problem(file, input.line(), "input \"" + input.value() + "\" of job '" + draft.name()
                        + "' " + problem.get(), "inputs are paths inside the source tree, relative to the build file's directory"));
                continue;
            }
            var owner = Glob.isGlob(pattern) ? java.util.Optional.<Draft>empty() : ownerOf(Glob.unescape(pattern), outputOwners);
            if (owner.isPresent()) {
                String hint = owner.get() == draft ? "a job cannot read what it writes"
                        : deps.contains(owner.get()) ? "its outputs are in the job's tree already, as a dep's; leave this input out"
                        : "list '" + owner.get().name() + "' in 'deps': its outputs appear in the job's tree at their own paths";
                problems.add(new Problem(file, input.line(), "input \"" + Glob.unescape(pattern) + "\" of job '"
                        + draft.name() + "' is an output of job '" + owner.get().name() + "'", hint));
                continue;
            }
            for (String path : files(new Located<>(pattern, input.line()), outputOwners,
                    "input \"%s\" of job '" + draft.name() + "'")) {
                if (excluded(draft.rule(), path)) {
                    continue;
                }
                if (path.contains("{{")) {
                    // Paths travel inside commands, where "{{" starts a template.
                    problems.add(new Problem(file, input.line(), "source file \"" + path + "\" has '{{' in its name,"
                            + " which a build cannot carry", "rename the file"));
                    continue;
                }
                try {
                    inputs.put(path, tree.fileId(path));
                } catch (java.io.UncheckedIOException e) {
                    problems.add(new Problem(file, input.line(), e.getMessage(), null));
                }
            }
        }
        return inputs;
    }

    /**
     * The source files a path names: a glob's matches, every file under a directory, or the file
     * itself — never what a job writes. Naming nothing is a mistake, recorded here.
     *
     * @param subject what the path is, for messages, with %s for the path
     */
    private List<String> files(Located<String> pattern, Map<String, Draft> outputOwners, String subject) {
        if (Glob.isGlob(pattern.value())) {
            return glob(pattern, outputOwners);
        }
        String path = Glob.unescape(pattern.value());
        if (tree.isFile(path)) {
            return List.of(path);
        }
        if (tree.isDirectory(path)) {
            List<String> files = tree.filesUnder(path).stream().filter(f -> ownerOf(f, outputOwners).isEmpty()).toList();
            if (files.isEmpty()) {
                problems.add(new Problem(file, pattern.line(), subject.formatted(path) + " is a directory that holds no files",
                        null));
            }
            return files;
        }
        problems.add(new Problem(file, pattern.line(), subject.formatted(path) + " does not exist in " + tree.root(),
                Suggestions.closest(path, tree.filesUnder(parent(path))).map(close -> "did you mean \"" + close + "\"?")
                        .orElse(null)));
        return List.of();
    }

    /** The files a glob matches, leaving out anything a job writes; a glob matching nothing is a mistake. */
    private List<String> glob(Located<String> pattern, Map<String, Draft> outputOwners) {
        Glob glob;
        try {
            glob = Glob.compile(pattern.value());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(file, pattern.line(), "pattern '" + pattern.value() + "' " + e.getMessage(), null));
            return List.of();
        }
        List<String> matches = tree.filesUnder(glob.baseDirectory()).stream()
                .filter(glob::matches)
                .filter(path -> ownerOf(path, outputOwners).isEmpty())
                .toList();
        if (matches.isEmpty()) {
            problems.add(new Problem(file, pattern.line(), "pattern '" + pattern.value() + "' matches no file in "
                    + tree.root(), "patterns are relative to the build file's directory; '*' stays within a directory,"
                            + " '**/' crosses any number of them"));
        }
        return matches;
    }

    /** Whether one of the rule's {@code exclude:} patterns takes {@code path} out. */
    private boolean excluded(Rule rule, String path) {
        for (Located<String> pattern : rule.exclude()) {
            boolean matches;
            if (Glob.isGlob(pattern.value())) {
                try {
                    matches = Glob.compile(trimSlash(pattern.value())).matches(path);
                } catch (IllegalArgumentException e) {
                    continue; // said when the excludes are checked
                }
            } else {
                String excludedPath = trimSlash(Glob.unescape(pattern.value()));
                matches = path.equals(excludedPath) || path.startsWith(excludedPath + "/");
            }
            if (matches) {
                usedExcludes.add(pattern);
                return true;
            }
        }
        return false;
    }

    /** An exclude pattern that took nothing out of what its job matches is a mistake worth saying. */
    private void checkExcludesUsed(List<Rule> rules) {
        for (Rule rule : rules) {
            for (Located<String> pattern : rule.exclude()) {
                if (Glob.isGlob(pattern.value())) {
                    try {
                        Glob.compile(trimSlash(pattern.value()));
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(file, pattern.line(), "exclude pattern '" + pattern.value() + "' "
                                + e.getMessage(), null));
                        continue;
                    }
                }
                if (!usedExcludes.contains(pattern)) {
                    problems.add(new Problem(file, pattern.line(), "exclude pattern '" + pattern.value() + "' of job '"
                            + rule.name().value() + "' takes out nothing its 'foreach' or 'inputs' match",
                            "exclude patterns are relative to the build file's directory, like the paths they take out"));
                }
            }
        }
    }

    /** The jobs {@code default:} names, by ID; each name a job's or a foreach rule's. */
    private List<Id> defaults(List<Located<String>> defaults, Map<String, List<Id>> names) {
        List<Id> ids = new ArrayList<>();
        for (Located<String> name : defaults) {
            List<Id> named = names.get(name.value());
            if (named == null) {
                problems.add(new Problem(file, name.line(), "'default' names '" + name.value() + "', which is not a job in"
                        + " this file", Suggestions.closest(name.value(), names.keySet()).map(close -> "did you mean '"
                        + close + "'?").orElse("'default' lists jobs (or foreach rules) to build when none is named")));
                continue;
            }
            named.stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        }
        return ids;
    }

    // ---- deps ---------------------------------------------------------------------------------

    private List<Draft> deps(Draft draft, Map<String, Draft> byName, Map<String, List<Draft>> groups) {
        Set<Draft> deps = new LinkedHashSet<>();
        for (Located<String> dep : draft.deps()) {
            Draft named = byName.get(dep.value());
            List<Draft> found = named != null ? List.of(named) : groups.get(dep.value());
            if (found == null) {
                Set<String> known = new TreeSet<>(byName.keySet());
                known.addAll(groups.keySet());
                problems.add(new Problem(file, dep.line(), "job '" + draft.name() + "' depends on '" + dep.value()
                        + "', which is not a job in this file", Suggestions.hint(dep.value(), known,
                                "deps name other jobs, or a 'foreach' job's name for all the jobs it stamps out")));
                continue;
            }
            if (found.contains(draft)) {
                problems.add(new Problem(file, dep.line(), "job '" + draft.name() + "' depends on itself",
                        "a job cannot wait for its own outputs"));
                continue;
            }
            deps.addAll(found);
        }
        return List.copyOf(deps);
    }

    private void checkCycles(Map<Draft, Resolved> jobs) {
        Map<Draft, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
        List<Draft> path = new ArrayList<>();
        int[] reported = {0};
        for (Draft start : jobs.keySet()) {
            visit(start, jobs, state, path, reported);
        }
    }

    private void visit(Draft draft, Map<Draft, Resolved> jobs, Map<Draft, Integer> state, List<Draft> path, int[] reported) {
        Integer seen = state.get(draft);
        if (seen != null) {
            if (seen == 1 && reported[0]++ < MAX_CYCLES_REPORTED) {
                List<Draft> cycle = new ArrayList<>(path.subList(path.indexOf(draft), path.size()));
                cycle.add(draft);
                problems.add(new Problem(file, draft.line(), "jobs depend on each other in a cycle: "
                        + String.join(" → ", cycle.stream().map(d -> "'" + d.name() + "' (line " + d.line() + ")").toList()),
                        "a job's deps must finish before it starts; remove one of these deps"));
            }
            return;
        }
        state.put(draft, 1);
        path.add(draft);
        for (Draft dep : jobs.get(draft).deps()) {
            visit(dep, jobs, state, path, reported);
        }
        path.removeLast();
        state.put(draft, 2);
    }

    // ---- IDs and the wire graph -----------------------------------------------------------------

    private BuildPlan lower(Map<Draft, Resolved> jobs, Map<String, List<Draft>> groups) {
        // The wire graph lists each content once; a tree may hold it at several paths.
        Map<Id, String> canonical = new HashMap<>();
        for (Resolved job : jobs.values()) {
            job.inputs().forEach((path, id) -> canonical.merge(id, path, (a, b) -> a.compareTo(b) <= 0 ? a : b));
        }
        Map<Draft, Id> ids = new HashMap<>();
        for (Draft draft : order(jobs)) {
            ids.put(draft, identity(jobs.get(draft), ids));
        }
        if (!checkDistinct(ids)) {
            return null;
        }
        List<Job> wireJobs = new ArrayList<>();
        for (Draft draft : order(jobs)) {
            Resolved job = jobs.get(draft);
            Id id = ids.get(draft);
            Set<String> wireInputs = new TreeSet<>();
            Map<String, String> copies = new TreeMap<>();
            job.inputs().forEach((path, fileId) -> {
                String first = canonical.get(fileId);
                wireInputs.add(first);
                if (!first.equals(path)) {
                    copies.put(path, first);
                }
            });
            List<String> strays = wireInputs.stream().filter(path -> !job.inputs().containsKey(path)).toList();
            List<Lowering.DepOutputs> deps = job.deps().stream()
                    .map(dep -> new Lowering.DepOutputs(ids.get(dep), jobs.get(dep).outputs())).toList();
            List<String> environ = draft.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
            var cmds = Lowering.lower(new Lowering.Shape(draft.commands(), environ, deps, job.outputs(), copies, strays));
            wireJobs.add(new Job(id, draft.name(), List.copyOf(wireInputs), deps.stream().map(Lowering.DepOutputs::id).toList(),
                    cmds, draft.timeout(), draft.network(), Needs.NONE.requiring(draft.requires())));
        }
        Map<Id, String> sourceFiles = new TreeMap<>();
        canonical.forEach(sourceFiles::put);
        Map<String, List<Id>> names = new LinkedHashMap<>();
        for (Draft draft : jobs.keySet()) {
            names.put(draft.name(), List.of(ids.get(draft)));
        }
        groups.forEach((name, members) -> names.putIfAbsent(name, members.stream().map(ids::get).toList()));
        // Keep the file's order of jobs: it is the order people read them in.
        Map<Id, Job> byId = new HashMap<>();
        wireJobs.forEach(job -> byId.put(job.id(), job));
        List<Job> inFileOrder = jobs.keySet().stream().map(draft -> byId.get(ids.get(draft))).toList();
        Map<Id, List<String>> outputs = new HashMap<>();
        jobs.forEach((draft, job) -> outputs.put(ids.get(draft), job.outputs()));
        return new BuildPlan(new Graph(sourceFiles, inFileOrder), names, outputs);
    }

    /** Two jobs with one ID would be one job under two names: almost surely a copy that was meant to differ. */
    private boolean checkDistinct(Map<Draft, Id> ids) {
        Map<Id, Draft> first = new HashMap<>();
        boolean distinct = true;
        for (Draft draft : ids.keySet().stream().sorted(java.util.Comparator.comparingInt(Draft::line)).toList()) {
            Draft same = first.putIfAbsent(ids.get(draft), draft);
            if (same != null) {
                distinct = false;
                problems.add(new Problem(file, draft.line(), "jobs '" + same.name() + "' (line " + same.line() + ") and '"
                        + draft.name() + "' do exactly the same: the same commands, environment, inputs, outputs and deps",
                        "one of them is enough; remove the other, or make them differ"));
            }
        }
        return distinct;
    }

    private static Id identity(Resolved job, Map<Draft, Id> ids) {
        ContentHash hash = new ContentHash(ID_SCHEME);
        Draft draft = job.draft();
        hash.add("commands:" + draft.commands().size());
        for (Command command : draft.commands()) {
            switch (command) {
                case Command.Shell shell -> hash.add("shell").add(shell.script());
                case Command.Argv argv -> hash.add("argv").addAll(argv.argv());
            }
        }
        hash.add("env");
        hash.addAll(draft.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        hash.add("outputs");
        hash.addAll(new TreeSet<>(job.outputs()));
        hash.add("inputs:" + job.inputs().size());
        job.inputs().forEach((path, id) -> hash.add(path).add(id));
        List<Id> deps = job.deps().stream().map(ids::get).sorted().toList();
        hash.add("deps:" + deps.size());
        deps.forEach(hash::add);
        if (draft.network()) {
            // A job that may reach the network is not the same job as one that may not: it may make
            // something else. Absent when false, so every other job keeps its ID.
            hash.add("network");
        }
        if (!draft.requires().isEmpty()) {
            // What it requires of the machine makes it another job (arm64's output is not amd64's);
            // absent when it requires nothing, so every other job keeps its ID.
            hash.add("requires");
            draft.requires().wanted().forEach((key, value) -> hash.add(key + "=" + value));
        }
        return hash.build();
    }

    /** Deps before dependants; acyclic by now. */
    private static List<Draft> order(Map<Draft, Resolved> jobs) {
        List<Draft> order = new ArrayList<>();
        Set<Draft> done = new HashSet<>();
        for (Draft draft : jobs.keySet()) {
            addInOrder(draft, jobs, done, order);
        }
        return order;
    }

    private static void addInOrder(Draft draft, Map<Draft, Resolved> jobs, Set<Draft> done, List<Draft> order) {
        if (!done.add(draft)) {
            return;
        }
        for (Draft dep : jobs.get(draft).deps()) {
            addInOrder(dep, jobs, done, order);
        }
        order.add(draft);
    }

    /** Whether {@code path} is one of {@code paths} or lies inside one of them. */
    private static boolean isOrIsUnder(String path, Set<String> paths) {
        for (String at = path; ; at = parent(at)) {
            if (paths.contains(at)) {
                return true;
            }
            if (at.isEmpty()) {
                return false;
            }
        }
    }

    /** A job's outputs, without repeats and without those inside another of its outputs (collected with it). */
    private static List<String> outermost(List<Located<String>> outputs) {
        Set<String> all = new LinkedHashSet<>();
        outputs.forEach(output -> all.add(trimSlash(output.value())));
        return all.stream().filter(path -> {
            String above = parent(path);
            return above.isEmpty() || !isOrIsUnder(above, all);
        }).toList();
    }

    private static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() <= 60 && line.length() == text.length() ? text : line.substring(0, Math.min(57, line.length())) + "...";
    }

    private static String trimSlash(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
