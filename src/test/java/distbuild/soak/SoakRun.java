package distbuild.soak;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak, as a new user would meet the cluster on a bad day: a coordinator and three workers (two
 * slots each) as processes, clients running {@code distbuild build --output} in a loop on
 * generated trees (a third of the builds repeat an earlier tree, so builds share and replay jobs),
 * and one fault at a time — a worker killed and restarted, a worker paused, the coordinator killed
 * and restarted. Every delivered output is checked against what the test computes. The servers'
 * descriptors, threads and heap after GC are sampled at the start, every {@link SoakPlan#sampleEvery}
 * and at the end, always between faults (a paused process cannot be asked).
 */
public final class SoakRun {
    static final int WORKERS = 3;
    static final int SLOTS = 2;
    /** A build that takes longer than this under faults has hung: it is killed and counted as failed. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    /** Jobs cut off early ran nothing either: they count with the cached ones. */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) ran, (\\d+) cached, (?:(\\d+) cut off, )?(\\d+) shared");
    /** Clients as the launcher starts them: the C1 compiler only and the serial collector. */
    private static final List<String> CLIENT_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final SoakPlan plan;
    private final Path dir;
    private final PrintStream log;
    private final Path runLog;
    private final long began = System.nanoTime();
    private final List<LayeredTree> trees = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger treeNumbers = new AtomicInteger();
    private final List<BuildRecord> builds = Collections.synchronizedList(new ArrayList<>());
    private final Map<FaultKind, Integer> faults = new EnumMap<>(FaultKind.class);
    private final List<String> faultLog = new ArrayList<>();
    private final List<ServerFigures> samples = new ArrayList<>();
    private double longestCoordinatorOutage;
    private ProcessCluster cluster;
    private String coordinatorUrl;

    private SoakRun(SoakPlan plan, Path dir, PrintStream log) {
        this.plan = plan;
        this.dir = dir;
        this.log = log;
        this.runLog = dir.resolve("runs.log");
    }

    /** Runs the soak in {@code dir} (which it fills with the cluster's data, trees and outputs), telling {@code log} as it goes. */
    public static SoakReport run(SoakPlan plan, Path dir, PrintStream log) throws Exception {
        return new SoakRun(plan, Files.createDirectories(dir), log).run();
    }

    private SoakReport run() throws Exception {
        log.println(plan.describe());
        Random master = new Random(plan.seed());
        List<String> listens = new ArrayList<>();
        while (listens.size() < 1 + WORKERS) {
            String listen = "127.0.0.1:" + portOutsideTheEphemeralRange(master);
            if (!listens.contains(listen)) {
                listens.add(listen);
            }
        }
        cluster = ProcessCluster.start(dir.resolve("cluster"), listens.getFirst(), listens.subList(1, listens.size()), SLOTS,
                List.of(), List.of());
        try {
            coordinatorUrl = cluster.coordinatorUrl();
            sampleServers();
            long deadline = System.nanoTime() + plan.duration().toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int client = 1; client <= plan.clients(); client++) {
                int number = client;
                Random random = new Random(master.nextLong());
                clients.add(Thread.ofPlatform().name("soak-client-" + client).start(() -> buildInALoop(number, random, deadline)));
            }
            injectFaults(new Random(master.nextLong()), deadline);
            for (Thread client : clients) {
                client.join();
            }
            sampleServers();
            Map<String, Integer> runs = countRuns();
            return new SoakReport(plan, seconds(), List.copyOf(builds), Map.copyOf(faults), List.copyOf(faultLog),
                    List.copyOf(samples), runs.values().stream().mapToInt(Integer::intValue).sum(), runs.size(),
                    longestCoordinatorOutage);
        } finally {
            cluster.close();
        }
    }

    // ---- the clients ----

    private void buildInALoop(int client, Random random, long deadline) {
        for (int number = 1; System.nanoTime() < deadline; number++) {
            try {
                LayeredTree tree = null;
                boolean repeat = false;
                synchronized (trees) {
                    if (!trees.isEmpty() && random.nextInt(3) == 0) {
                        tree = trees.get(random.nextInt(trees.size()));
                        repeat = true;
                    }
                }
                if (tree == null) {
                    int treeNumber = treeNumbers.incrementAndGet();
                    tree = LayeredTree.write("t" + treeNumber, dir.resolve("trees/t" + treeNumber), new Random(random.nextLong()), runLog);
                    trees.add(tree);
                }
                builds.add(build(client, number, tree, repeat));
            } catch (Exception e) {
                // The harness itself failed (a disk full, say): a build that cannot be counted as anything but failed.
                builds.add(new BuildRecord(client, number, "?", false, seconds(), 0, -2, List.of(), -1, -1, -1,
                        java.util.Set.of(), List.of(), List.of("the soak could not run this build: " + e)));
            }
        }
    }

    private BuildRecord build(int client, int number, LayeredTree tree, boolean repeat) throws Exception {
        Path out = dir.resolve("outs/c" + client + "-" + number);
        double startedAt = seconds();
        List<String> args = List.of("build", "--coordinator", coordinatorUrl, "--progress", "plain", "--output", out.toString());
        try (JavaProcess process = JavaProcess.start("client " + client + " build " + number, CLIENT_JVM, Main.class, args, tree.dir())) {
            int exit;
            try {
                exit = process.awaitExit(BUILD_TIMEOUT);
            } catch (AssertionError hung) {
                process.kill();
                exit = -1;
            }
            List<String> wrong = exit == 0 ? tree.problems(out) : List.of();
            int[] counts = {-1, -1, -1};
            for (String line : process.stdout()) {
                Matcher summary = SUMMARY.matcher(line);
                if (line.startsWith("build succeeded") && summary.find()) {
                    int cutOff = summary.group(3) == null ? 0 : Integer.parseInt(summary.group(3));
                    counts = new int[] {Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)) + cutOff,
                            Integer.parseInt(summary.group(4))};
                }
            }
            List<String> lines = exit == 0 && wrong.isEmpty() ? List.of() : tail(process.output(), 40);
            BuildRecord record = new BuildRecord(client, number, tree.salt(), repeat, startedAt, seconds() - startedAt, exit,
                    wrong, counts[0], counts[1], counts[2], BuildRecord.Episode.in(process.stdout()),
                    process.output().lines().filter(BuildRecord::unreadable).toList(), lines);
            if (record.failed() || !wrong.isEmpty() || !record.unreadable().isEmpty()) {
                log.println("soak: " + record.describe() + (wrong.isEmpty() ? "" : ", wrong outputs: " + wrong)
                        + (record.unreadable().isEmpty() ? "" : ", unreadable lines: " + record.unreadable()));
            }
            distbuild.files.FileTrees.deleteRecursively(out);
            return record;
        }
    }

    private static List<String> tail(String output, int count) {
        List<String> lines = List.of(output.split("\n"));
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    // ---- the faults ----

    private void injectFaults(Random random, long deadline) throws Exception {
        List<FaultKind> opening = plan.mix().opening(random);
        long nextSample = System.nanoTime() + plan.sampleEvery().toNanos();
        for (int index = 0; ; index++) {
            long gap = plan.shortestGap().toNanos()
                    + (long) (random.nextDouble() * (plan.longestGap().toNanos() - plan.shortestGap().toNanos()));
            long next = Math.min(deadline, System.nanoTime() + gap);
            sleepUntil(next); // the schedule of faults, not a wait for anything to happen
            if (System.nanoTime() >= deadline) {
                return;
            }
            if (System.nanoTime() >= nextSample) {
                sampleServers();
                nextSample = System.nanoTime() + plan.sampleEvery().toNanos();
            }
            FaultKind kind = plan.mix().pick(index, random, opening);
            int victim = random.nextInt(WORKERS);
            strike(kind, victim);
        }
    }

    private void strike(FaultKind kind, int victim) throws Exception {
        double at = seconds();
        long start = System.nanoTime();
        String what = switch (kind) {
            case WORKER_KILL -> {
                cluster.worker(victim).kill();
                Thread.sleep(plan.restartDelay()); // how long the machine stays down
                cluster.restartWorkerOnItsPort(victim, SLOTS);
                yield "worker " + victim + " killed, ready again";
            }
            case WORKER_PAUSE -> {
                cluster.worker(victim).freeze();
                Thread.sleep(plan.pause()); // how long it stays frozen
                cluster.worker(victim).thaw();
                yield "worker " + victim + " paused";
            }
            case COORDINATOR_RESTART -> {
                cluster.coordinator().kill();
                Thread.sleep(plan.restartDelay());
                cluster.startCoordinatorAgain();
                longestCoordinatorOutage = Math.max(longestCoordinatorOutage, (System.nanoTime() - start) / 1e9);
                yield "coordinator killed, ready again";
            }
        };
        faults.merge(kind, 1, Integer::sum);
        String line = String.format(java.util.Locale.ROOT, "%6.1f s  %s after %.1f s", at, what, (System.nanoTime() - start) / 1e9);
        faultLog.add(line);
        log.println("soak: " + line);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    // ---- what the servers hold ----

    private void sampleServers() throws IOException, InterruptedException {
        double at = seconds();
        samples.add(figures(at, "coordinator", cluster.coordinator()));
        for (int i = 0; i < cluster.workerCount(); i++) {
            samples.add(figures(at, "worker " + i, cluster.worker(i)));
        }
    }

    private static ServerFigures figures(double at, String role, JavaProcess process) throws IOException, InterruptedException {
        double uptime = ProcessHandle.of(process.pid()).flatMap(handle -> handle.info().startInstant())
                .map(start -> Duration.between(start, Instant.now()).toMillis() / 1000.0).orElse(-1.0);
        return ServerFigures.sample(at, role, process.pid(), uptime);
    }

    // ---- bookkeeping ----

    /** How many times each job (tree and name) ran, from the log every job writes to first. */
    private Map<String, Integer> countRuns() throws IOException {
        Map<String, Integer> runs = new HashMap<>();
        if (Files.exists(runLog)) {
            for (String line : Files.readAllLines(runLog)) {
                if (!line.isBlank()) {
                    runs.merge(line.strip(), 1, Integer::sum);
                }
            }
        }
        return runs;
    }

    private double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up here): every server
     * restarts on its port many times (a machine that reboots keeps its address), and while it is
     * down an outgoing connection could be given a port in that range.
     */
    private static int portOutsideTheEphemeralRange(Random random) throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            int port = 20_000 + random.nextInt(12_000);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IOException("no free port between 20000 and 32000 after 100 tries");
    }
}
