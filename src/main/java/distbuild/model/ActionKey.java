package distbuild.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job does, by content, as Bazel's action keys are: its commands, the content of every
 * source file it reads, what it needs of its machine, and its deps by the content of their
 * outputs rather than by their IDs. A job's ID changes whenever a job before it changes; its
 * action key changes only when something it reads does. Two jobs with one action key make the
 * same output, so the second need not run (early cutoff).
 *
 * <p>A dep's ID appears in commands ({@code {{index .Deps "ID"}}}); it is read as "the dep that
 * made this output", so that a dep with a new ID but the same output leaves the key as it was,
 * whatever order the deps are listed in.
 *
 * @param sha256 64 hex digits
 */
public record ActionKey(String sha256) {
    private static final int VERSION = 1;

    public ActionKey {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("an action key is a SHA-256 of 64 hex digits, got \"" + sha256 + "\"");
        }
    }

    /**
     * The key of {@code job}, whose inputs are the source files {@code sourceFiles} (ID → path)
     * and whose deps made outputs of the digests {@code depOutputs} (dep ID → {@link
     * JobResult#outputDigest}).
     */
    public static ActionKey of(Job job, Map<Id, String> sourceFiles, Map<Id, String> depOutputs) {
        if (!depOutputs.keySet().containsAll(job.deps())) {
            throw new IllegalArgumentException("job " + job.describe() + ": the output of each of its deps is needed");
        }
        Material material = new Material(job.deps(), depOutputs);
        material.add("distbuild action " + VERSION);
        material.add(job.cmds().size());
        for (Cmd cmd : job.cmds()) {
            switch (cmd) {
                case Cmd.Exec exec -> {
                    material.add("exec");
                    material.addAll(exec.argv());
                    material.addAll(exec.environ());
                    material.add(exec.workingDirectory());
                }
                case Cmd.Cat cat -> {
                    material.add("cat");
                    material.add(cat.template());
                    material.add(cat.output());
                }
            }
        }
        TreeMap<String, String> inputs = new TreeMap<>();
        sourceFiles.forEach((id, path) -> inputs.put(path, id.hex()));
        material.add(inputs.size());
        inputs.forEach((path, id) -> {
            material.add(path);
            material.add(id);
        });
        material.add(job.timeout() == null ? "" : Long.toString(job.timeout().toMillis()));
        material.add(job.network() ? "network" : "");
        Needs needs = job.needs();
        material.add(needs.treeAt().toString());
        material.add(needs.programs().toString());
        material.add(needs.requires().wanted().toString());
        List<String> outputs = job.deps().stream().map(depOutputs::get).sorted().toList();
        material.add(outputs.size());
        outputs.forEach(material::add);
        return new ActionKey(material.digest());
    }

    /** The key's material, each string length-prefixed so that no two lists of strings read alike. */
    private static final class Material {
        private final MessageDigest digest;
        private final List<Id> deps;
        private final Map<Id, String> depOutputs;

        Material(List<Id> deps, Map<Id, String> depOutputs) {
            this.deps = deps;
            this.depOutputs = depOutputs;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }

        void add(int count) {
            add(Integer.toString(count));
        }

        void addAll(List<String> values) {
            add(values.size());
            values.forEach(this::add);
        }

        void add(String value) {
            String text = value == null ? "" : value;
            for (Id dep : deps) {
                text = text.replace(dep.hex(), "{dep " + depOutputs.get(dep) + "}");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }

        String digest() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
