package distbuild.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JDK's {@link ProcessBuilder}: a new session is made by starting the program through
 * {@code setsid} (from util-linux), when the machine has it.
 */
final class JdkLauncher implements Launcher {
    static final JdkLauncher INSTANCE = new JdkLauncher();

    private static final Optional<Path> SETSID = Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(File.pathSeparator)).stream())
            .map(directory -> Path.of(directory, "setsid"))
            .filter(Files::isExecutable)
            .findFirst();

    private JdkLauncher() {}

    @Override
    public String describe() {
        return "the JDK's ProcessBuilder";
    }

    @Override
    public Launched start(Launch launch) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine(launch)).directory(launch.directory().toFile());
        if (launch.environment() != null) {
            builder.environment().clear();
            builder.environment().putAll(launch.environment());
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(launch.stdin().toFile()));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(launch.stdout().toFile()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(launch.stderr().toFile()));
        return new Started(builder.start());
    }

    record Started(Process process) implements Launched {
        @Override
        public int waitFor() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public void killTree() {
            ProcessTree.kill(process.toHandle());
            process.onExit().join();
        }
    }

    /**
     * {@code setsid} execs the program in the same process after making the session (it forks
     * only when started as a process group's leader, which a JDK child never is). A program that
     * names no directory, or that cannot run, is left as it is, for the launch to find or report.
     */
    private static List<String> commandLine(Launch launch) {
        String program = launch.argv().getFirst();
        if (!launch.ownSession() || SETSID.isEmpty() || !program.contains("/")
                || !Files.isExecutable(launch.directory().resolve(program))) {
            return launch.argv();
        }
        List<String> wrapped = new ArrayList<>(launch.argv().size() + 1);
        wrapped.add(SETSID.get().toString());
        wrapped.addAll(launch.argv());
        return wrapped;
    }
}
