package distbuild.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Scenario 14: memory that fits a host. A coordinator started by the launcher as users start it
 * takes a burst of 10,000 hostile requests (uploads whose bodies do not match their IDs, garbage
 * builds, heartbeats of workers that do not exist announcing artifacts, status pages), 16 at a
 * time; then it is left idle. The figure is its resident memory a minute after the burst, next to
 * its peak during it: a server that kept every page it ever touched would stay at its peak.
 */
final class CoordinatorMemoryAfterBurst implements Scenario {
    private static final int CONCURRENT = 16;
    private static final int UPLOAD_BYTES = 256 * 1024;

    @Override
    public String id() {
        return "14";
    }

    @Override
    public String title() {
        return "a coordinator's memory a minute after a burst of 10,000 hostile requests";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int requests = bench.smoke() ? 400 : 10_000;
        int idleSeconds = bench.smoke() ? 3 : 60;
        List<Double> after = new ArrayList<>();
        List<Double> peaks = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            try (Cluster cluster = Cluster.startCoordinator(bench, "memory-" + round, Map.of())) {
                long pid = cluster.coordinator().pid();
                long startMillis = System.currentTimeMillis();
                burst(cluster.url(), requests, new Random(round));
                double burstSeconds = (System.currentTimeMillis() - startMillis) / 1000.0;
                long peak = ProcStatus.peakRss(pid);
                long rss = ProcStatus.rss(pid);
                for (int second = 0; second < idleSeconds; second++) {
                    Thread.sleep(1000); // the figure is the state after this much idle time, by definition
                    rss = ProcStatus.rss(pid);
                }
                after.add(rss / 1048576.0);
                peaks.add(peak / 1048576.0);
                bench.log("round %d: %d requests in %.1f s; peak RSS %.0f MiB, %d s later %.0f MiB", round + 1, requests,
                        burstSeconds, peaks.getLast(), idleSeconds, after.getLast());
            }
        }
        return List.of(Result.of(id(), title(),
                new Result.Measure(Stats.median(after), "MiB", "resident memory " + idleSeconds + " s after the burst"),
                new Result.Measure(Stats.median(peaks), "MiB", "peak resident memory during the burst"),
                Result.Target.figureAtMost(400, "MiB"),
                String.format(Locale.ROOT, "`distbuild coordinator` as the launcher starts it (its server JVM options:"
                        + " G1, heap at most a quarter of the machine's memory, at most 30 %% free after a collection, a"
                        + " collection every 30 s when idle), on a fresh data directory. %d requests, %d at a time: a"
                        + " quarter each of uploads of %d KiB whose bodies do not match their IDs, builds with a garbage"
                        + " body, heartbeats of made-up workers announcing 200 artifacts each, and status pages. RSS from"
                        + " /proc (VmRSS, and VmHWM for the peak). Per round — peak: %s MiB; after: %s MiB.",
                        requests, CONCURRENT, UPLOAD_BYTES / 1024, Stats.list(peaks, 0), Stats.list(after, 0))));
    }

    private static void burst(String url, int requests, Random random) throws Exception {
        Semaphore inFlight = new Semaphore(CONCURRENT);
        try (HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                HttpRequest request = hostile(url, i, random);
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        // refused or cut off: what a hostile request may get
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
    }

    private static HttpRequest hostile(String url, int i, Random random) {
        return switch (i % 4) {
            case 0 -> {
                byte[] body = new byte[UPLOAD_BYTES];
                random.nextBytes(body);
                yield HttpRequest.newBuilder(URI.create(url + "/file?id=" + hex(random, 20)))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            }
            case 1 -> {
                byte[] garbage = new byte[64 * 1024];
                random.nextBytes(garbage);
                yield HttpRequest.newBuilder(URI.create(url + "/build")).POST(HttpRequest.BodyPublishers.ofByteArray(garbage)).build();
            }
            case 2 -> {
                StringBuilder json = new StringBuilder("{\"WorkerID\": \"http://10.9." + random.nextInt(256) + "."
                        + random.nextInt(256) + ":7001/\", \"RunningJobs\": [], \"FreeSlots\": 0, \"FinishedJob\": [],"
                        + " \"AddedArtifacts\": [");
                for (int a = 0; a < 200; a++) {
                    json.append(a == 0 ? "" : ", ").append('"').append(hex(random, 20)).append('"');
                }
                json.append("]}");
                yield HttpRequest.newBuilder(URI.create(url + "/heartbeat"))
                        .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build();
            }
            default -> HttpRequest.newBuilder(URI.create(url + "/status")).GET().build();
        };
    }

    private static String hex(Random random, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
