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
    /** @throws IllegalArgumentException for what no process can be given: no program, a NUL character, a variable named with "=" */
    public Launch {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a process needs a program to run");
        }
        for (String argument : argv) {
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argument \"" + argument.replace('\0', '?') + "\" holds a NUL character");
            }
        }
        if (environment != null) {
            environment.forEach((name, value) -> {
                if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("environment variable \"" + name.replace('\0', '?')
                            + "\" cannot be given: a name must be non-empty and without '=', and neither may hold a NUL");
                }
            });
        }
        environment = environment == null ? null : Map.copyOf(environment);
    }
}
