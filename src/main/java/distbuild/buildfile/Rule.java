package distbuild.buildfile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of a build file's {@code jobs}, as written: a single job, or with {@code foreach}
 * a template stamped out once per matching file.
 *
 * @param foreach the glob to stamp over, or null for a single job
 * @param exclude paths and globs taken out of what {@code foreach} and {@code inputs} match
 * @param timeout null for the cluster's default
 * @param network whether the job may reach the network when it runs in a sandbox
 * @param requires what the machine that runs it must offer ({@code requires: {arch: arm64}})
 */
record Rule(
        Located<String> name,
        Located<String> foreach,
        List<Located<String>> exclude,
        List<Located<String>> inputs,
        List<Located<String>> deps,
        List<Located<Command>> commands,
        Map<String, String> env,
        List<Located<String>> outputs,
        Duration timeout,
        boolean network,
        distbuild.model.Requirements requires) {
    int line() {
        return name.line();
    }
}
