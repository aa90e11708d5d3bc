package distbuild.soak;

import java.util.List;

/**
 * One {@code distbuild build --output} of a soak, as it ended.
 *
 * @param startedAt seconds since the soak began
 * @param exitCode the client's exit code; -1 if it had to be killed after the build timeout
 * @param wrongOutputs what was wrong with the delivered outputs of a build that said it succeeded
 * @param ran jobs the build's summary says ran (-1 if it printed none), likewise {@code cached} and {@code shared}
 * @param tail the client's last lines, kept for a build that failed
 */
record BuildRecord(int client, int number, String tree, boolean repeat, double startedAt, double seconds, int exitCode,
        List<String> wrongOutputs, int ran, int cached, int shared, List<String> tail) {

    boolean failed() {
        return exitCode != 0;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "client %d build %d (tree %s%s) at %.1f s, %.1f s long: %s", client, number,
                tree, repeat ? ", a repeat" : "", startedAt, seconds,
                exitCode == 0 ? "succeeded" : exitCode < 0 ? "hung, killed" : "exit " + exitCode);
    }
}
