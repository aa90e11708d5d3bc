package distbuild.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node of a build graph: commands that read some source files ({@code inputs}, paths
 * relative to the source tree) and the artifacts of other jobs ({@code deps}), and write the
 * job's own output directory. Same ID means same output, so a job runs at most once anywhere.
 */
public record Job(Id id, String name, List<String> inputs, List<Id> deps, List<Cmd> cmds) {
    public Job {
        Objects.requireNonNull(id, "id");
        name = Objects.requireNonNullElse(name, "");
        inputs = List.copyOf(inputs);
        deps = List.copyOf(deps);
        cmds = List.copyOf(cmds);
    }

    /** How messages name this job: {@code 'link app' (3f2a9c01)}. */
    public String describe() {
        return (name.isEmpty() ? "job" : "'" + name + "'") + " (" + id.shortHex() + ")";
    }

    /**
     * A content-derived job ID: SHA-1 over the commands, the input paths with their file IDs and
     * the dep IDs. Inputs and deps are hashed in sorted order, since their order does not change
     * what the job does; commands are hashed in order, since it does.
     */
    public static Id contentId(List<Cmd> cmds, Map<String, Id> inputs, Collection<Id> deps) {
        MessageDigest sha1 = Id.sha1();
        update(sha1, "distbuild-job-v1");
        update(sha1, "cmds:" + cmds.size());
        for (Cmd cmd : cmds) {
            switch (cmd) {
                case Cmd.Exec exec -> {
                    update(sha1, "exec");
                    updateAll(sha1, exec.argv());
                    updateAll(sha1, exec.environ());
                    update(sha1, exec.workingDirectory());
                }
                case Cmd.Cat cat -> {
                    update(sha1, "cat");
                    update(sha1, cat.template());
                    update(sha1, cat.output());
                }
            }
        }
        update(sha1, "inputs:" + inputs.size());
        new TreeMap<>(inputs).forEach((path, id) -> {
            update(sha1, path);
            sha1.update(id.toBytes());
        });
        List<Id> sortedDeps = new ArrayList<>(deps);
        sortedDeps.sort(null);
        update(sha1, "deps:" + sortedDeps.size());
        sortedDeps.forEach(dep -> sha1.update(dep.toBytes()));
        return Id.ofDigest(sha1);
    }

    private static void updateAll(MessageDigest sha1, List<String> values) {
        update(sha1, "list:" + values.size());
        values.forEach(value -> update(sha1, value));
    }

    // Length-prefixed, so that ["ab", "c"] and ["a", "bc"] hash differently.
    private static void update(MessageDigest sha1, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha1.update((byte) (bytes.length >>> 24));
        sha1.update((byte) (bytes.length >>> 16));
        sha1.update((byte) (bytes.length >>> 8));
        sha1.update((byte) bytes.length);
        sha1.update(bytes);
    }
}
