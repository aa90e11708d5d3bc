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
        if (!Sha256Hex.isValid(sha256)) {
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
        material.addAll(needs.treeAt());
        material.addAll(needs.programs());
        material.addAll(needs.requires().wanted());
        List<String> outputs = job.deps().stream().map(depOutputs::get).sorted().toList();
        material.add(outputs.size());
        outputs.forEach(material::add);
        return new ActionKey(material.digest());
    }

    /** The key's material, each string length-prefixed so that no two lists of strings read alike. */
    private static final class Material {
        private final MessageDigest digest;
        /** A dep's ID in hex → how commands name it in the key: by the output it made. */
        private final Map<String, String> depNames = new java.util.HashMap<>();

        Material(List<Id> deps, Map<Id, String> depOutputs) {
            for (Id dep : deps) {
                depNames.put(dep.hex(), "{dep " + depOutputs.get(dep) + "}");
            }
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

        void addAll(Map<String, String> values) {
            add(values.size());
            values.forEach((key, value) -> {
                add(key);
                add(value);
            });
        }

        void add(String value) {
            String text = value == null ? "" : depsNamedByOutput(value);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
            digest.update(bytes);
        }

        /**
         * {@code text} with each dep's ID (40 hex digits) replaced by its name here: one pass,
         * however many deps (a link may have thousands, each named in its command).
         */
        private String depsNamedByOutput(String text) {
            if (depNames.isEmpty() || text.length() < 40) {
                return text;
            }
            StringBuilder named = null;
            int copied = 0;
            int run = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                run = hex ? run + 1 : 0;
                boolean runEnds = i + 1 == text.length() || !isLowerHex(text.charAt(i + 1));
                if (run == 40 && runEnds) {
                    String name = depNames.get(text.substring(i - 39, i + 1));
                    if (name != null) {
                        if (named == null) {
                            named = new StringBuilder(text.length());
                        }
                        named.append(text, copied, i - 39).append(name);
                        copied = i + 1;
                    }
                }
            }
            return named == null ? text : named.append(text, copied, text.length()).toString();
        }

        private static boolean isLowerHex(char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }

        String digest() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
