package distbuild.soak;

import java.util.List;

/**
 * One {@code distbuild build --output} of a soak, as it ended.
 *
 * @param startedAt seconds since the soak began
 * @param exitCode the client's exit code; -1 if it had to be killed after the build timeout
 * @param wrongOutputs what was wrong with the delivered outputs of a build that said it succeeded
 * @param ran jobs the build's summary says ran (-1 if it printed none), likewise {@code cached} and {@code shared}
 * @param unreadable lines the client printed that a person could not act on (see {@link #unreadable})
 * @param tail the client's last lines, kept for a build that failed
 */
record BuildRecord(int client, int number, String tree, boolean repeat, double startedAt, double seconds, int exitCode,
        List<String> wrongOutputs, int ran, int cached, int shared, java.util.Set<Episode> episodes, List<String> unreadable,
        List<String> tail) {

    /** Whether a line the client printed is not in words for a person: an exception's class, a bare null, a stack frame. */
    static boolean unreadable(String line) {
        return line.contains("Exception") || line.matches(".*\\bnull\\b.*") || line.contains("java.") || line.contains("\tat ");
    }

    /** A fault the build met and rode out, as its output tells. */
    enum Episode {
        WAITED_TO_START("waited for the coordinator before starting", "waiting for the coordinator at "),
        LOST_COORDINATOR("lost the coordinator mid-build", "lost the coordinator ("),
        LOST_A_TRY("lost a job's try with its worker", "lost   "),
        FETCHED_AGAIN("asked for outputs again", "could not fetch the outputs of "),
        BUILT_OUTPUTS_AGAIN("built outputs gone with their workers again", "every worker holding the outputs of ");

        final String description;
        private final String linePrefix;

        Episode(String description, String linePrefix) {
            this.description = description;
            this.linePrefix = linePrefix;
        }

        static java.util.Set<Episode> in(List<String> lines) {
            java.util.Set<Episode> met = java.util.EnumSet.noneOf(Episode.class);
            for (String line : lines) {
                for (Episode episode : values()) {
                    if (line.startsWith(episode.linePrefix) || line.matches("\\[ *\\d+/\\d+\\] " + java.util.regex.Pattern.quote(episode.linePrefix) + ".*")) {
                        met.add(episode);
                    }
                }
            }
            return met;
        }
    }

    boolean failed() {
        return exitCode != 0;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "client %d build %d (tree %s%s) at %.1f s, %.1f s long: %s", client, number,
                tree, repeat ? ", a repeat" : "", startedAt, seconds,
                exitCode == 0 ? "succeeded" : exitCode < 0 ? "hung, killed" : "exit " + exitCode);
    }
}
