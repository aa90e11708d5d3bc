package distbuild.buildfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A source tree in a temporary directory, planned with a build file as {@code distbuild.yaml}
 * at its root. The build file text is passed to {@link #plan}, not written, so that globs over
 * the whole tree see only the files a test wrote (use {@link #load} to read it from disk).
 */
final class Project {
    static final String FILE = BuildFile.DEFAULT_NAME;

    private final Path root;

    Project(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Writes a file at {@code path} (relative, '/'-separated), making its directories. */
    Project file(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Plans {@code yaml} as the build file {@code distbuild.yaml} of this tree. */
    BuildPlan plan(String yaml) throws IOException {
        BuildPlan plan = BuildFile.plan(FILE, yaml, root);
        assertThat(plan.graph().problems()).as("the model's own checks of the lowered graph").isEmpty();
        return plan;
    }

    /** Writes {@code yaml} as the tree's {@code distbuild.yaml} and loads it from there. */
    BuildPlan load(String yaml) throws IOException {
        file(FILE, yaml);
        BuildPlan plan = BuildFile.load(root.resolve(FILE));
        assertThat(plan.graph().problems()).as("the model's own checks of the lowered graph").isEmpty();
        return plan;
    }

    /** The problems planning {@code yaml} reports; fails if it plans without any. */
    List<Problem> problems(String yaml) {
        BuildFileException thrown = catchThrowableOfType(BuildFileException.class, () -> BuildFile.plan(FILE, yaml, root));
        assertThat(thrown).as("planning should have failed").isNotNull();
        return thrown.problems();
    }

    /** The only problem planning {@code yaml} reports. */
    Problem problem(String yaml) {
        List<Problem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.getFirst();
    }

    /** A copy of this tree under {@code other}. */
    Project copyTo(Path other) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Path target = other.resolve(root.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        return new Project(other);
    }

    // ---- looking at a plan ----------------------------------------------------------------------

    /** The one job called {@code name}. */
    static Job job(BuildPlan plan, String name) {
        List<Job> named = plan.graph().jobs().stream().filter(job -> job.name().equals(name)).toList();
        assertThat(named).as("jobs named '%s' in %s", name, names(plan)).hasSize(1);
        return named.getFirst();
    }

    static List<String> names(BuildPlan plan) {
        return plan.graph().jobs().stream().map(Job::name).toList();
    }

    /** Every job's ID by its name. */
    static Map<String, Id> ids(BuildPlan plan) {
        Map<String, Id> ids = new LinkedHashMap<>();
        plan.graph().jobs().forEach(job -> ids.put(job.name(), job.id()));
        return ids;
    }

    /** The names of the jobs with the given IDs, in graph order. */
    static List<String> namesOf(BuildPlan plan, List<Id> ids) {
        return plan.graph().jobs().stream().filter(job -> ids.contains(job.id())).map(Job::name).toList();
    }

    static List<Cmd.Exec> execs(Job job) {
        return job.cmds().stream().map(cmd -> (Cmd.Exec) cmd).toList();
    }

    static List<List<String>> argvs(Job job) {
        return execs(job).stream().map(Cmd.Exec::argv).toList();
    }

    /** The commands the build file wrote: the only ones run with an environment of their own. */
    static List<Cmd.Exec> userCommands(Job job) {
        return execs(job).stream().filter(exec -> !exec.environ().isEmpty()).toList();
    }

    /** The environment of a job's commands: the fixed default one, with {@code given} on top, sorted. */
    static List<String> environ(Map<String, String> given) {
        Map<String, String> all = new java.util.TreeMap<>(Planner.DEFAULT_ENV);
        all.putAll(given);
        return all.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList();
    }

    /** A template reference to a dep's artifact, as the wire commands write it. */
    static String dep(Job job) {
        return "{{index .Deps \"" + job.id().hex() + "\"}}";
    }

    // ---- running wire commands as a worker would ---------------------------------------------------

    /** Runs a rendered command in {@code directory}; fails, with its stderr, unless it exits with 0. */
    static void run(Cmd.Exec exec, Path directory) throws IOException, InterruptedException {
        Process process = start(exec, directory);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", exec.argv(), errors).isZero();
    }

    /** Starts a rendered command in {@code directory}: with exactly its environ, or the inherited one if it has none. */
    static Process start(Cmd.Exec exec, Path directory) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(exec.argv()).directory(directory.toFile());
        if (!exec.environ().isEmpty()) {
            builder.environment().clear();
            for (String variable : exec.environ()) {
                int equals = variable.indexOf('=');
                builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }
}
