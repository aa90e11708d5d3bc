package distbuild.testing;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a graph and its source tree on disk, with content-derived IDs, for tests. */
public final class TestGraph {
    private final Path sourceDir;
    private final Map<Id, String> sourceFiles = new LinkedHashMap<>();
    private final Map<String, Id> byPath = new LinkedHashMap<>();
    private final List<Job> jobs = new ArrayList<>();

    public TestGraph(Path sourceDir) {
        this.sourceDir = sourceDir;
    }

    public Path sourceDir() {
        return sourceDir;
    }

    /** Writes a source file and lists it in the graph. */
    public TestGraph file(String path, String content) {
        try {
            Path file = sourceDir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            Id id = Id.ofContent(content.getBytes(StandardCharsets.UTF_8));
            sourceFiles.put(id, path);
            byPath.put(path, id);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a job running one shell script ({@code sh -c script}); its ID is derived from its content. */
    public Job shell(String name, String script, List<String> inputs, Job... deps) {
        return job(name, inputs, List.of(new Cmd.Exec(List.of("sh", "-c", script))), deps);
    }

    public Job job(String name, List<String> inputs, List<Cmd> cmds, Job... deps) {
        Map<String, Id> inputIds = new LinkedHashMap<>();
        inputs.forEach(input -> inputIds.put(input, byPath.get(input)));
        List<Id> depIds = Arrays.stream(deps).map(Job::id).toList();
        Job job = new Job(Job.contentId(cmds, inputIds, depIds), name, inputs, depIds, cmds);
        jobs.add(job);
        return job;
    }

    public Graph graph() {
        return new Graph(sourceFiles, jobs);
    }

    /** {@code {{index .Deps "<id>"}}} for a dep. */
    public static String dep(Job job) {
        return "{{index .Deps \"" + job.id().hex() + "\"}}";
    }
}
