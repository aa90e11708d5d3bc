package distbuild.bench;

import distbuild.launch.Launch;
import distbuild.launch.Launched;
import distbuild.launch.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Scenario 15: the part of a job's cost that is starting its process. The worker's launcher starts
 * thousands of {@code true} processes, 4 at a time on virtual threads as a worker's slots would,
 * against {@code xargs -P4} running the same commands; the JDK's own launch is measured beside it.
 */
final class ProcessStart implements Scenario {
    private static final int AT_ONCE = 4;

    @Override
    public String id() {
        return "15";
    }

    @Override
    public String title() {
        return "the worker's process launch: `true` started 4 at a time on virtual threads, vs `xargs -P4`";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int processes = bench.sizes().trueJobs();
        Path dir = bench.freshDir("process-start");
        Path arguments = dir.resolve("arguments");
        Files.write(arguments, IntStream.range(0, processes).mapToObj(Integer::toString).toList());
        Launcher best = Launcher.best();
        List<Double> ours = new ArrayList<>();
        List<Double> jdk = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Bench.alternate(round, () -> {
                ours.add(startAll(best, processes, dir));
                jdk.add(startAll(Launcher.jdk(), processes, dir));
            }, () -> baselines.add(bench.run(List.of("xargs", "-a", arguments.toString(), "-P4", "-n1", "true"), dir)
                    .check().seconds()));
            bench.log("round %d: our launch %.2f s, the JDK's %.2f s, xargs -P4 %.2f s", round + 1, ours.getLast(),
                    jdk.getLast(), baselines.getLast());
        }
        bench.delete(dir);
        String launcher = best.describe();
        return List.of(Result.of(id(), String.format(Locale.ROOT, "%,d `true` processes through the worker's launcher (%s),"
                        + " 4 at a time", processes, launcher),
                new Result.Measure(Stats.median(ours), "s", "time to start and wait for every process"),
                new Result.Measure(Stats.median(baselines), "s", "`xargs -P4`"),
                Result.Target.ratioAtMost(1.3),
                "The launcher a worker uses here: " + launcher + " (posix_spawn through the Foreign Function API when the"
                        + " JVM allows native access, else the JDK's ProcessBuilder). Each process is `/usr/bin/true N` with"
                        + " its output appended to files, in a session of its own, as a job's command. Per round — ours: "
                        + Stats.list(ours, 2) + " s; the JDK's ProcessBuilder (jspawnhelper, then setsid): "
                        + Stats.list(jdk, 2) + " s; xargs: " + Stats.list(baselines, 2) + " s."));
    }

    private static double startAll(Launcher launcher, int processes, Path dir) throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Semaphore slots = new Semaphore(AT_ONCE);
        List<Thread> threads = new ArrayList<>(processes);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        for (int i = 0; i < processes; i++) {
            slots.acquire();
            Launch launch = new Launch(List.of("/usr/bin/true", Integer.toString(i)), dir, null, Path.of("/dev/null"), out,
                    err, true);
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Launched process = launcher.start(launch);
                    if (process.waitFor() != 0) {
                        failures.add(new IllegalStateException("true failed"));
                    }
                } catch (Exception e) {
                    failures.add(e);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " launches failed", failures.getFirst());
        }
        return seconds;
    }
}
