package distbuild.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which distbuild a peer is, and which protocol levels it works with: said in the {@value #HEADER}
 * header of every heartbeat and its answer (our extension), so that a worker and a coordinator of
 * different versions know before either reads the other's body whether they can work together.
 * A peer of the reference design sends none and is taken for level 0, which every version so far
 * works with.
 *
 * @param software the release, such as {@code 0.2.0}, or "development build"
 * @param level the protocol level it speaks: 1 is the seed protocol with our extensions
 * @param oldest the lowest level of a peer it still works with
 */
public record PeerVersion(String software, int level, int oldest) {
    public static final String HEADER = "Distbuild-Version";
    /** What this build of distbuild is. */
    public static final PeerVersion OURS = new PeerVersion(softwareOf(PeerVersion.class), 1, 0);
    private static final Pattern FORM = Pattern.compile("\\s*([!-:<-~]{1,64})\\s*;\\s*protocol=(\\d{1,6})\\s*;\\s*oldest=(\\d{1,6})\\s*");

    /** The release a class belongs to, from its jar's manifest. */
    public static String softwareOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development-build" : version;
    }

    /** As the header says it: {@code 0.2.0; protocol=1; oldest=0}. */
    public String header() {
        return software + "; protocol=" + level + "; oldest=" + oldest;
    }

    /** The version a header says, or empty when there is none or it is not one (a peer of the reference design). */
    public static Optional<PeerVersion> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(header);
        return m.matches() ? Optional.of(new PeerVersion(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))))
                : Optional.empty();
    }

    /**
     * Why {@code us} (a {@code ourRole}) cannot work with {@code them} (a {@code theirRole}), naming
     * both versions and who should be upgraded; empty if they can.
     */
    public static Optional<String> refusal(PeerVersion us, String ourRole, PeerVersion them, String theirRole) {
        if (them.level() < us.oldest()) {
            return Optional.of("this " + ourRole + " (" + us.describe() + ") no longer works with a " + theirRole + " of "
                    + them.describe() + ": upgrade the " + theirRole);
        }
        if (us.level() < them.oldest()) {
            return Optional.of("the " + theirRole + " (" + them.describe() + ") no longer works with this " + ourRole + " of "
                    + us.describe() + ": upgrade the " + ourRole);
        }
        return Optional.empty();
    }

    public String describe() {
        return "distbuild " + software + ", protocol " + level;
    }
}
