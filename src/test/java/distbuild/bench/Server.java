package distbuild.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process that runs in the background (a coordinator, a worker, a client left running): its
 * output goes to a log file, which is polled for the lines it prints. Closing it stops it and
 * everything it started.
 */
final class Server implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;

    private Server(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static Server start(String name, List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        return new Server(name, builder.start(), log);
    }

    /** Waits for a line matching {@code pattern} and returns its match; fails if the process exits first or time runs out. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean alive = process.isAlive(); // before reading, so a line printed just before exiting is seen
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!alive || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " printed no line matching /" + pattern + "/"
                        + (alive ? " within " + timeout : " before it exited with " + process.exitValue())
                        + ":\n" + Proc.tail(output()));
            }
            process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + timeout + ":\n" + Proc.tail(output()));
        }
        return process.exitValue();
    }

    /** Stops it (SIGTERM, SIGKILL if it takes too long) and whatever it started. */
    @Override
    public void close() throws InterruptedException {
        stopAll(List.of(this));
    }

    /** Stops several at once: SIGTERM to each, then waits for all (SIGKILL for any that take too long) and whatever they started. */
    static void stopAll(List<Server> servers) throws InterruptedException {
        List<ProcessHandle> children = servers.stream().flatMap(server -> server.process.descendants()).toList();
        servers.forEach(server -> server.process.destroy());
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Server server : servers) {
            long left = deadline - System.nanoTime();
            if (!server.process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                server.process.destroyForcibly().waitFor();
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills a process and everything it started at once. */
    static void killTree(ProcessHandle handle) {
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
