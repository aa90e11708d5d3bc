package distbuild.ninjaplan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caching and distributing launchers put before a compiler ({@code ccache cc …}, as Meson writes
 * whenever ccache is installed, and CMake with {@code CMAKE_C_COMPILER_LAUNCHER}) are left out of
 * what a job runs on the cluster: the cluster is the cache and the distribution, and a launcher on a
 * worker only writes a cache of its own outside the job's tree (or starts a daemon that outlives
 * the job, as sccache does). Edges run on the client keep their command as it is.
 */
final class CompilerLaunchers {
    /** A launcher at the start of the command, followed by the program it runs (not an option or a setting). */
    private static final Pattern LEADING = Pattern.compile(
            "\\s*(?:\\S*/)?(?:ccache|sccache|buildcache|distcc|icecc)\\s+(?=[^-\\s=][^\\s=]*(?:\\s|$))");

    private CompilerLaunchers() {}

    /** The command without a launcher in front of it; the command itself when it has none. */
    static String strip(String command) {
        Matcher launcher = LEADING.matcher(command);
        return launcher.lookingAt() ? command.substring(launcher.end()) : command;
    }
}
