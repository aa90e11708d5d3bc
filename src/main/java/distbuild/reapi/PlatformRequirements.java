package distbuild.reapi;

import build.bazel.remote.execution.v2.Platform;
import distbuild.model.InvalidInputException;
import distbuild.model.Requirements;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An action's platform properties as requirements on the worker that runs it, matched by the
 * scheduler against what each worker offers (its OS, architecture, labels, CPUs and memory). The
 * names Bazel's and other clients' platforms use are understood; a property no worker can be known
 * to meet (a container image, say) is refused by name rather than ignored, since running the action
 * elsewhere than it asked would give a result it did not ask for.
 */
final class PlatformRequirements {
    /** Property names (as clients write them, any case) to the requirement each one is. */
    private static final Map<String, String> KEYS = Map.of(
            "osfamily", "os", "os", "os",
            "isa", "arch", "arch", "arch",
            "label", "label", "pool", "label",
            "cpus", "cpus", "memory", "memory");

    private PlatformRequirements() {}

    /**
     * The requirements the platforms ask for: the action's, with the command's (an older place for
     * the same properties) added.
     *
     * @throws IllegalArgumentException for a property this server cannot match, or a value it cannot read
     */
    static Requirements of(Platform action, Platform command) {
        Map<String, String> wanted = new TreeMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (Platform platform : new Platform[] {command, action}) {
            for (Platform.Property property : platform.getPropertiesList()) {
                String key = KEYS.get(property.getName().toLowerCase(Locale.ROOT));
                if (key == null) {
                    throw new IllegalArgumentException("platform property \"" + property.getName() + "\" is not one this"
                            + " cluster can match; it matches OSFamily, ISA (or Arch), label (or pool), cpus and memory"
                            + " against what each worker offers (its --label for labels)");
                }
                String value = normalise(key, property.getValue());
                String before = wanted.get(key);
                if (key.equals("label") && before != null) {
                    value = before + "," + value; // every label named is required
                }
                wanted.put(key, value);
                seen.put(key, property.getName());
            }
        }
        try {
            return new Requirements(wanted);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("the action's platform " + seen.values() + ": " + e.getMessage());
        }
    }

    /** Values as workers name them: Go's names for OSes and architectures (linux, amd64, arm64). */
    private static String normalise(String key, String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "os" -> lower;
            case "arch" -> switch (lower) {
                case "x86-64", "x86_64", "amd64", "x64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                default -> lower.replace('-', '_');
            };
            default -> value.strip();
        };
    }
}
