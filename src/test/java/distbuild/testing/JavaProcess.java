package distbuild.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A separate JVM running a main class from this test classpath, with its output collected so a
 * test can wait for a line and show everything when something goes wrong.
 */
public final class JavaProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** When each line arrived, by {@link System#nanoTime()}. */
    private final List<Long> arrivals = new ArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private JavaProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdoutReader = Thread.ofVirtual().start(() -> collect(process.inputReader(StandardCharsets.UTF_8), "out"));
        this.stderrReader = Thread.ofVirtual().start(() -> collect(process.errorReader(StandardCharsets.UTF_8), "err"));
    }

    /** Starts {@code java -cp <test classpath> [jvmOptions] mainClass args}. */
    public static JavaProcess start(String name, List<String> jvmOptions, Class<?> mainClass, List<String> args, Path workDir)
            throws IOException {
        return new JavaProcess(name, builder(List.of(), System.getProperty("java.class.path"), jvmOptions, mainClass, args,
                workDir).start());
    }

    /**
     * The same, started through {@code prefix} (a command that ends by running the rest, such as
     * {@code unshare -m sh -c '…; exec "$@"' sh}), with the classpath as it is.
     */
    public static JavaProcess startThrough(List<String> prefix, String name, List<String> jvmOptions, Class<?> mainClass,
            List<String> args, Path workDir) throws IOException {
        return new JavaProcess(name, builder(prefix, System.getProperty("java.class.path"), jvmOptions, mainClass, args,
                workDir).start());
    }

    /**
     * A distbuild launcher ({@code bin/distbuild} of a release archive) rather than a class of
     * this classpath, with {@code environment} added to this process's, started through {@code prefix}.
     */
    public static JavaProcess startLauncher(List<String> prefix, String name, Path launcher, java.util.Map<String, String> environment,
            List<String> args, Path workDir) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(launcher.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        return new JavaProcess(name, builder.start());
    }

    /**
     * The same, run as the host user {@code uid} (with its group of the same number and no other),
     * through {@code setpriv}; needs root. The classpath is copied where that user can read it.
     */
    public static JavaProcess startAs(int uid, String name, List<String> jvmOptions, Class<?> mainClass, List<String> args,
            Path workDir) throws IOException {
        ProcessBuilder builder = builder(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"),
                ReadableClasspath.get(), jvmOptions, mainClass, args, workDir);
        builder.environment().put("HOME", workDir.toString());
        return new JavaProcess(name, builder.start());
    }

    private static ProcessBuilder builder(List<String> prefix, String classpath, List<String> jvmOptions, Class<?> mainClass,
            List<String> args, Path workDir) {
        List<String> command = new ArrayList<>(prefix);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile());
    }

    /** Waits for an output line (stdout or stderr) matching {@code pattern}, failing with all output so far. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        return awaitLine(pattern, 1, timeout);
    }

    /** Waits for the {@code nth} output line matching {@code pattern} (counting from 1). */
    public Matcher awaitLine(Pattern pattern, int nth, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            int matched = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher matcher = pattern.matcher(lines.get(seen));
                    if (matcher.find() && ++matched == nth) {
                        return matcher;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !stdoutReader.isAlive() && !stderrReader.isAlive())) {
                    throw new AssertionError(name + " printed no line matching /" + pattern + "/"
                            + (process.isAlive() ? " within " + timeout : " before it exited") + ":\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    /** When (by {@link System#nanoTime()}) the first line matching {@code pattern} arrived; -1 if none did. */
    public long arrivalOf(Pattern pattern) {
        synchronized (lines) {
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    return arrivals.get(i);
                }
            }
            return -1;
        }
    }

    /** Kills the process and what it started at once (SIGKILL): nothing gets to clean up, as when a machine dies. */
    public void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly().waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Asks the process to stop (SIGTERM), as an operator or a service manager does. */
    public void terminate() {
        process.destroy();
    }

    /** Freezes the process (SIGSTOP): it holds its connections and answers nothing, as a host that vanished. */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    public void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
        }
        stdoutReader.join();
        stderrReader.join();
        return process.exitValue();
    }

    /** Everything printed so far, each line marked out/err. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Only what went to stdout, without the markers. */
    public List<String> stdout() {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith("out| ")).map(line -> line.substring(5)).toList();
        }
    }

    public List<String> stderr() {
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith("err| ")).map(line -> line.substring(5)).toList();
        }
    }

    private void collect(BufferedReader reader, String stream) {
        try (reader) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(stream + "| " + line);
                    arrivals.add(System.nanoTime());
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
