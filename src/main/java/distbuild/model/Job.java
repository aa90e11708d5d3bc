package distbuild.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node of a build graph: commands that read some source files ({@code inputs}, paths
 * relative to the source tree) and the artifacts of other jobs ({@code deps}), and write the
 * job's own output directory. Same ID means same output, so a job runs at most once anywhere.
 */
public record Job(Id id, String name, List<String> inputs, List<Id> deps, List<Cmd> cmds, Duration timeout,
        boolean network, Needs needs) {
    public Job {
        Objects.requireNonNull(id, "id");
        needs = Objects.requireNonNullElse(needs, Needs.NONE);
        name = Objects.requireNonNullElse(name, "");
        inputs = List.copyOf(inputs);
        deps = List.copyOf(deps);
        cmds = List.copyOf(cmds);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("a job's timeout must be positive, got " + timeout);
        }
    }

    /** A job that needs nothing of its worker but what the seed design gives. */
    public Job(Id id, String name, List<String> inputs, List<Id> deps, List<Cmd> cmds, Duration timeout, boolean network) {
        this(id, name, inputs, deps, cmds, timeout, network, Needs.NONE);
    }

    /** A job without a timeout of its own. */
    public Job(Id id, String name, List<String> inputs, List<Id> deps, List<Cmd> cmds) {
        this(id, name, inputs, deps, cmds, null);
    }

    /** A job that needs no network. */
    public Job(Id id, String name, List<String> inputs, List<Id> deps, List<Cmd> cmds, Duration timeout) {
        this(id, name, inputs, deps, cmds, timeout, false);
    }

    /** How long the job's commands may run before they are killed; empty for the worker's default. */
    public Optional<Duration> maxDuration() {
        return Optional.ofNullable(timeout);
    }

    /** This job with its timeout lowered to {@code limit}, if it has none or a longer one. */
    public Job withTimeoutAtMost(Duration limit) {
        return timeout != null && timeout.compareTo(limit) <= 0 ? this : new Job(id, name, inputs, deps, cmds, limit, network, needs);
    }

    /** How messages name this job: {@code 'link app' (3f2a9c01)}. */
    public String describe() {
        return (name.isEmpty() ? "job" : "'" + name + "'") + " (" + id.shortHex() + ")";
    }

    /**
     * A content-derived job ID: SHA-1 over the commands, the input paths with their file IDs and
     * the dep IDs (a timeout does not change what a job makes, so it is not part of it). Inputs and deps are hashed in sorted order, since their order does not change
     * what the job does; commands are hashed in order, since it does.
     */
    public static Id contentId(List<Cmd> cmds, Map<String, Id> inputs, Collection<Id> deps) {
        return contentHash(cmds, inputs, deps).build();
    }

    /**
     * The same, for a job with needs: where its tree is seen and which programs it runs are part of
     * what it makes (a compile embeds its directory; another compiler makes another object).
     */
    public static Id contentId(List<Cmd> cmds, Map<String, Id> inputs, Collection<Id> deps, Needs needs) {
        if (needs.isEmpty()) {
            return contentId(cmds, inputs, deps);
        }
        ContentHash hash = contentHash(cmds, inputs, deps);
        hash.add("tree-at:" + needs.treeAt().size());
        needs.treeAt().forEach((dir, at) -> hash.add(dir).add(at));
        hash.add("programs:" + needs.programs().size());
        needs.programs().forEach((program, sha) -> hash.add(program).add(sha));
        return hash.build();
    }

    private static ContentHash contentHash(List<Cmd> cmds, Map<String, Id> inputs, Collection<Id> deps) {
        ContentHash hash = new ContentHash("distbuild-job-v1");
        hash.add("cmds:" + cmds.size());
        for (Cmd cmd : cmds) {
            switch (cmd) {
                case Cmd.Exec exec -> hash.add("exec").addAll(exec.argv()).addAll(exec.environ())
                        .add(exec.workingDirectory());
                case Cmd.Cat cat -> hash.add("cat").add(cat.template()).add(cat.output());
            }
        }
        hash.add("inputs:" + inputs.size());
        new TreeMap<>(inputs).forEach((path, id) -> hash.add(path).add(id));
        List<Id> sortedDeps = new ArrayList<>(deps);
        sortedDeps.sort(null);
        hash.add("deps:" + sortedDeps.size());
        sortedDeps.forEach(hash::add);
        return hash;
    }
}
