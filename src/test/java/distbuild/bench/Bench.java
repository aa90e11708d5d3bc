package distbuild.bench;

import distbuild.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every scenario shares: the options, the sizes, the distbuild command, a scratch
 * directory with a log file per process, and the warm cluster that scenarios 2–5 build on.
 */
final class Bench implements AutoCloseable {
    /** Rounds of warm-up builds (200 independent jobs, then a 30-job chain) before the warm cluster is used. */
    static final int WARM_UP_BUILDS = 4;

    private final BenchMain.Options options;
    private final Sizes sizes;
    private final Path work;
    /** Goes into the graphs of this run, so no job of it can be cached from anything before it. */
    private final String nonce = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final long startedAt = System.nanoTime();
    private int directories;
    private Cluster warmCluster;

    Bench(BenchMain.Options options) throws IOException {
        this.options = options;
        this.sizes = options.smoke() ? Sizes.smoke() : Sizes.full();
        this.work = options.work() != null ? Files.createDirectories(options.work())
                : Files.createTempDirectory("distbuild-bench-");
        Files.createDirectories(work.resolve("logs"));
    }

    Sizes sizes() {
        return sizes;
    }

    int rounds() {
        return options.rounds();
    }

    boolean smoke() {
        return options.smoke();
    }

    /** The project's root, where {@code examples/} is. */
    Path root() {
        return options.root();
    }

    String nonce() {
        return nonce;
    }

    /** One measured step of a round. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * Runs a round's distbuild step and its baseline one after the other: in even rounds distbuild
     * first, in odd ones the baseline, so neither always runs on a warmer (or more tired) machine.
     */
    static void alternate(int round, Step distbuild, Step baseline) throws Exception {
        if (round % 2 == 0) {
            distbuild.run();
            baseline.run();
        } else {
            baseline.run();
            distbuild.run();
        }
    }

    /** The distbuild command line with these arguments, such as {@code ./distbuild build …}. */
    List<String> distbuild(String... args) {
        List<String> command = new ArrayList<>(options.distbuild());
        command.addAll(List.of(args));
        return command;
    }

    /** The java binary of the JDK this runs on, which is also the one {@code ./distbuild} finds. */
    Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A new empty directory under the scratch directory. */
    synchronized Path freshDir(String name) throws IOException {
        return Files.createDirectories(work.resolve(name + "-" + ++directories));
    }

    /** A new log file for one process. */
    synchronized Path logFile(String name) {
        return work.resolve("logs").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + ++directories + ".log");
    }

    /** Runs a command from {@code dir}, timed, with its output in a log file of its own. */
    Proc.Run run(List<String> command, Path dir) throws IOException, InterruptedException {
        return Proc.run(command, dir, logFile(logName(command)));
    }

    /** "distbuild-build", "xargs--a", "make--j2": the program and its first argument. */
    private String logName(List<String> command) {
        List<String> prefix = options.distbuild();
        boolean distbuild = command.size() > prefix.size() && command.subList(0, prefix.size()).equals(prefix);
        String program = distbuild ? "distbuild" : Path.of(command.getFirst()).getFileName().toString();
        String first = command.size() > (distbuild ? prefix.size() : 1) ? command.get(distbuild ? prefix.size() : 1) : "";
        return program + "-" + (first.length() > 30 ? first.substring(0, 30) : first);
    }

    /**
     * Puts aside a tree that a round no longer needs, to be deleted when the run ends. Deleting it
     * now would make the next measured run slower than it is: on ext4 without a journal (as on
     * this machine's disk) every new file or directory is placed by scanning past the inodes freed
     * in the last half minute, so thousands of files deleted between rounds cost the next round's
     * distbuild, which creates a few files per job, up to a third of its CPU time, while its
     * baseline (xargs, make) creates few or none. A rename frees nothing.
     */
    synchronized void delete(Path tree) throws IOException {
        if (!Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path trash = work.resolve("trash");
        Files.createDirectories(trash);
        Files.move(tree, trash.resolve(tree.getFileName() + "-" + ++directories), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a tree of big files at once (hundreds of MB a round would fill the disk); few inodes, so little cost later. */
    void deleteNow(Path tree) throws IOException {
        FileTrees.deleteRecursively(tree);
    }

    /**
     * The shared warm cluster: a coordinator and 2 workers of 2 slots, each a process, warmed up by a
     * few builds before it is first handed out (not in a smoke run, which only checks that things work).
     */
    Cluster warmCluster() throws Exception {
        if (warmCluster == null) {
            log("starting the warm cluster (coordinator and 2 workers, 2 slots each)");
            Cluster cluster = Cluster.start(this, "warm", 2, 2);
            try {
                Path dir = freshDir("warm-up");
                for (int i = 0; i < WARM_UP_BUILDS && !smoke(); i++) {
                    String tag = "warm-up-" + nonce + "-" + i;
                    cluster.build(Graphs.write(Graphs.trueJobs(tag, 200), dir.resolve("true-" + i + ".json")));
                    cluster.build(Graphs.write(Graphs.chain(tag, 30), dir.resolve("chain-" + i + ".json")));
                }
            } catch (Exception | Error e) {
                cluster.close();
                throw e;
            }
            warmCluster = cluster;
        }
        return warmCluster;
    }

    void closeWarmCluster() throws InterruptedException {
        if (warmCluster != null) {
            warmCluster.close();
            warmCluster = null;
        }
    }

    /** The command line for a log line, with very long words (a classpath) cut short. */
    static String shortened(List<String> command) {
        return String.join(" ", command.stream().map(word -> word.length() > 120 ? word.substring(0, 60) + "…" : word).toList());
    }

    /** A progress line on stderr, with the time since the run began. */
    void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", Stats.seconds(System.nanoTime() - startedAt),
                String.format(Locale.ROOT, format, args));
    }

    double elapsedSeconds() {
        return Stats.seconds(System.nanoTime() - startedAt);
    }

    @Override
    public void close() throws Exception {
        closeWarmCluster();
        if (!options.keepWork()) {
            deleteNow(work);
        } else {
            log("scratch files and logs kept in %s", work);
        }
    }
}
