package distbuild.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One process to start.
 *
 * @param argv the program (found on the PATH when it names no directory) and its arguments
 * @param directory where it runs
 * @param environment its whole environment, or null for the JVM's own
 * @param stdin the file it reads
 * @param stdout the file its standard output is appended to
 * @param stderr the file its standard error is appended to
 * @param ownSession whether it runs in a new session, out of reach of signals sent to the starter's process group
 */
public record Launch(List<String> argv, Path directory, Map<String, String> environment, Path stdin, Path stdout,
        Path stderr, boolean ownSession) {
    public Launch {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a process needs a program to run");
        }
        environment = environment == null ? null : Map.copyOf(environment);
    }
}
