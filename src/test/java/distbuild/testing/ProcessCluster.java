package distbuild.testing;

import distbuild.cli.Main;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A coordinator and workers, each its own OS process started through the command line, for tests
 * that kill and restart them. Closing it stops every process still running.
 */
public final class ProcessCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern WORKER_READY = Pattern.compile("worker (\\S+) ready");

    private final Path dataDir;
    // Clients may be started while another thread kills and restarts servers.
    private final List<JavaProcess> processes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<JavaProcess> workers = new ArrayList<>();
    private final List<String> workerUrls = new ArrayList<>();
    private final List<String> coordinatorArgs;
    private final List<String> workerArgs;
    private JavaProcess coordinator;
    private String coordinatorUrl;

    private ProcessCluster(Path dataDir, List<String> coordinatorArgs, List<String> workerArgs) throws java.io.IOException {
        this.dataDir = java.nio.file.Files.createDirectories(dataDir);
        this.coordinatorArgs = coordinatorArgs;
        this.workerArgs = workerArgs;
    }

    /** Starts a coordinator on a free port and {@code workers} workers of {@code slots} slots each. */
    public static ProcessCluster start(Path dataDir, int workers, int slots, String... coordinatorArgs) throws Exception {
        return start(dataDir, workers, slots, List.of(coordinatorArgs), List.of());
    }

    /** The same, with these options for the coordinator and for every worker. */
    public static ProcessCluster start(Path dataDir, int workers, int slots, List<String> coordinatorArgs,
            List<String> workerArgs) throws Exception {
        return start(dataDir, "127.0.0.1:0", java.util.Collections.nCopies(workers, "127.0.0.1:0"), slots, coordinatorArgs,
                workerArgs);
    }

    /**
     * The same, with the coordinator and each worker listening where told ({@code host:port}): a
     * cluster whose processes restart on their ports many times wants ports outside the kernel's
     * ephemeral range, one of which an outgoing connection could take while its process is down.
     */
    public static ProcessCluster start(Path dataDir, String coordinatorListen, List<String> workerListens, int slots,
            List<String> coordinatorArgs, List<String> workerArgs) throws Exception {
        ProcessCluster cluster = new ProcessCluster(dataDir, coordinatorArgs, workerArgs);
        try {
            cluster.startCoordinator(coordinatorListen);
            for (int i = 0; i < workerListens.size(); i++) {
                cluster.startWorker(i, slots, workerListens.get(i));
            }
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startCoordinator(String listen) throws Exception {
        List<String> args = new ArrayList<>(List.of("coordinator", "--listen", listen,
                "--data", dataDir.resolve("coordinator").toString()));
        args.addAll(coordinatorArgs);
        coordinator = start("coordinator", args);
        coordinatorUrl = coordinator.awaitLine(Pattern.compile("coordinator ready at (\\S+)"), START_TIMEOUT).group(1);
    }

    private void startWorker(int index, int slots, String listen, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("worker", "--coordinator", coordinatorUrl,
                "--listen", listen, "--data", dataDir.resolve("worker-" + index).toString(),
                "--slots", Integer.toString(slots)));
        args.addAll(workerArgs);
        args.addAll(List.of(extraArgs));
        JavaProcess worker = start("worker " + index, args);
        String url = worker.awaitLine(WORKER_READY, START_TIMEOUT).group(1);
        if (index < workers.size()) {
            workers.set(index, worker);
            workerUrls.set(index, url);
        } else {
            workers.add(worker);
            workerUrls.add(url);
        }
    }

    public String coordinatorUrl() {
        return coordinatorUrl;
    }

    public JavaProcess worker(int index) {
        return workers.get(index);
    }

    /** How a client's progress names worker {@code index}: its host and port. */
    public String workerName(int index) {
        return workerUrls.get(index).replaceFirst("^https?://", "");
    }

    /** The index of the worker a client's progress calls {@code name}. */
    public int indexOf(String name) {
        for (int i = 0; i < workerUrls.size(); i++) {
            if (workerName(i).equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no worker is called " + name + "; the workers are " + workerUrls);
    }

    /** Every worker's URL, as it announced itself. */
    public List<String> workerUrls() {
        return List.copyOf(workerUrls);
    }

    public int workerCount() {
        return workers.size();
    }

    /** Starts one more worker; returns its index. */
    public int addWorker(int slots, String... args) throws Exception {
        int index = workers.size();
        startWorker(index, slots, "127.0.0.1:0", args);
        return index;
    }

    /** Starts worker {@code index} again, on the same data directory, after it was killed. */
    public void restartWorker(int index, int slots) throws Exception {
        startWorker(index, slots, "127.0.0.1:0");
    }

    /** Starts worker {@code index} again on its data directory and its port, as a machine that rebooted: the same URL. */
    public void restartWorkerOnItsPort(int index, int slots) throws Exception {
        startWorker(index, slots, workerUrls.get(index).replaceFirst("^https?://", "").replaceFirst("/.*$", ""));
    }

    /** Kills the coordinator (SIGKILL) and starts it again on the same port and data directory. */
    public void restartCoordinator() throws Exception {
        coordinator.kill();
        startCoordinatorAgain();
    }

    /** Starts the coordinator again, on the same port and data directory, after it was killed. */
    public void startCoordinatorAgain() throws Exception {
        startCoordinator(coordinatorUrl.replaceFirst("^https?://", "").replaceFirst("/.*$", ""));
    }

    public JavaProcess coordinator() {
        return coordinator;
    }

    /** {@code distbuild build --coordinator <url> args…} in its own process, from {@code workDir}. */
    public JavaProcess client(Path workDir, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("build", "--coordinator", coordinatorUrl));
        all.addAll(List.of(args));
        JavaProcess client = JavaProcess.start("client", List.of("-Xmx128m"), Main.class, all, workDir);
        processes.add(client);
        return client;
    }

    private JavaProcess start(String name, List<String> args) throws Exception {
        JavaProcess process = JavaProcess.start(name, List.of("-Xmx256m"), Main.class, args, dataDir);
        processes.add(process);
        return process;
    }

    @Override
    public void close() {
        for (JavaProcess process : processes.reversed()) {
            process.close();
        }
    }
}
