package distbuild.bench;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.protocol.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The wire graphs the scenarios build, with content-derived job IDs, written as {@code --graph} files. */
final class Graphs {
    private Graphs() {}

    /** A job running one command; {@code inputs} are source paths with their file IDs. */
    static Job job(String name, List<String> argv, Map<String, Id> inputs, List<Job> deps) {
        List<Cmd> cmds = List.of(new Cmd.Exec(argv));
        List<Id> depIds = deps.stream().map(Job::id).toList();
        return new Job(Job.contentId(cmds, inputs, depIds), name, List.copyOf(inputs.keySet()), depIds, cmds);
    }

    static Job job(String name, List<String> argv, List<Job> deps) {
        return job(name, argv, Map.of(), deps);
    }

    static Graph graph(List<Job> jobs) {
        return new Graph(Map.of(), jobs);
    }

    static Path write(Graph graph, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, WireFormat.encode(graph.validate()));
        return file;
    }

    /** The argument of {@code true} in job {@code i} of {@link #trueJobs}: "17", or "tag-17". */
    static String trueArgument(String tag, int i) {
        return tag.isEmpty() ? Integer.toString(i) : tag + "-" + i;
    }

    /** {@code n} independent jobs, job i running {@code true <trueArgument(tag, i)>}: each a distinct command. */
    static Graph trueJobs(String tag, int n) {
        List<Job> jobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            jobs.add(job("true " + trueArgument(tag, i), List.of("true", trueArgument(tag, i)), List.of()));
        }
        return graph(jobs);
    }

    /**
     * A chain of {@code n} jobs, each reading its dep's file {@code out} and writing its own
     * (the first writes one from nothing). Job i runs {@link #chainStep}.
     */
    static Graph chain(String tag, int n) {
        List<Job> jobs = new ArrayList<>(n);
        Job previous = null;
        for (int i = 0; i < n; i++) {
            String in = previous == null ? "" : "{{index .Deps \"" + previous.id().hex() + "\"}}/out";
            Job job = job(tag + " step " + i, chainStep(tag, i, in, "{{.OutputDir}}/out"),
                    previous == null ? List.of() : List.of(previous));
            jobs.add(job);
            previous = job;
        }
        return graph(jobs);
    }

    /** Step i of a chain: copies file {@code in} (none for the first step) to {@code out} and appends a line. */
    static List<String> chainStep(String tag, int i, String in, String out) {
        if (i == 0) {
            return List.of("sh", "-c", "echo " + tag + "-0 > \"$1\"", "sh", out);
        }
        return List.of("sh", "-c", "cat \"$1\" > \"$2\" && echo " + tag + "-" + i + " >> \"$2\"", "sh", in, out);
    }

    /**
     * The same {@code n} steps as {@link #chain} as one shell script, step i reading
     * {@code dir/<i-1>/out} and writing {@code dir/<i>/out} (directories made beforehand).
     */
    static String chainScript(String tag, int n, Path dir) throws IOException {
        StringBuilder script = new StringBuilder("set -e\n");
        for (int i = 0; i < n; i++) {
            Files.createDirectories(dir.resolve(Integer.toString(i)));
            String in = i == 0 ? "" : dir.resolve(Integer.toString(i - 1)).resolve("out").toString();
            String out = dir.resolve(Integer.toString(i)).resolve("out").toString();
            script.append(chainStep(tag, i, in, out).stream().map(Graphs::shellQuote).collect(Collectors.joining(" ")))
                    .append('\n');
        }
        return script.toString();
    }

    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Input paths with their IDs, in order. */
    static Map<String, Id> inputs(List<String> paths, Map<String, Id> ids) {
        Map<String, Id> inputs = new LinkedHashMap<>();
        paths.forEach(path -> inputs.put(path, ids.get(path)));
        return inputs;
    }

    /** A command that sleeps {@code seconds}; {@code note} (in a shell comment) makes it a job of its own. */
    static List<String> sleep(double seconds, String note) {
        return List.of("sh", "-c", String.format(java.util.Locale.ROOT, "sleep %.3f; : %s", seconds, note));
    }
}
