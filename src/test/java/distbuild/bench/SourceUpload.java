package distbuild.bench;

import static org.awaitility.Awaitility.await;

import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 5: the first build of a tree of fresh random source files on the warm cluster: how fast
 * the client's uploads reach the coordinator, against {@code cp -r} of the same tree.
 *
 * <p>The upload time runs from the client process's start until the last file is committed in the
 * coordinator's file cache ({@code coordinator/files/<id>}, which appears by atomic rename once the
 * upload was checked), polled every few milliseconds from here.
 */
final class SourceUpload implements Scenario {
    private static final int FILES_PER_JOB = 100;
    private static final Duration POLL = Duration.ofMillis(5);

    @Override
    public String id() {
        return "5";
    }

    @Override
    public String title() {
        return "first build uploading fresh source files";
    }

    @Override
    public boolean usesWarmCluster() {
        return true;
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        int fileCount = bench.sizes().uploadFiles();
        int fileSize = (int) (bench.sizes().uploadBytes() / fileCount);
        long bytes = (long) fileCount * fileSize;
        Cluster cluster = bench.warmCluster();

        List<Double> uploads = new ArrayList<>();
        List<Double> walls = new ArrayList<>();
        List<Double> copies = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Path tree = bench.freshDir("upload-tree");
            Map<String, Id> files = RandomTree.write(tree, "src", fileCount, fileSize);
            Path graph = Graphs.write(graph("upload-" + bench.nonce() + "-" + round, files), tree.resolve("graph.json"));
            Path copy = bench.freshDir("upload-copy").resolve("src");
            Bench.alternate(round, () -> {
                long[] times = buildAndWatchUploads(bench, cluster, graph, files);
                uploads.add(Stats.seconds(times[0]));
                walls.add(Stats.seconds(times[1]));
            }, () -> copies.add(bench.run(List.of("cp", "-r", tree.resolve("src").toString(), copy.toString()), tree)
                    .check().seconds()));
            bench.log("round %d: uploads done %.2f s after the client started (build %.2f s), cp -r %.2f s", round + 1,
                    uploads.getLast(), walls.getLast(), copies.getLast());
            bench.deleteNow(tree);
            bench.deleteNow(copy.getParent());
        }
        double megabytes = Stats.megabytes(bytes);
        double upload = Stats.median(uploads);
        double copy = Stats.median(copies);
        return List.of(Result.of(id(), String.format(Locale.ROOT, "first build uploading %,d source files, %.0f MB in all", fileCount, megabytes),
                new Result.Measure(megabytes / upload, "MB/s", "bytes ÷ time from the start of the `distbuild build`"
                        + " process until the last file was committed in the coordinator's file cache"),
                new Result.Measure(megabytes / copy, "MB/s", "`cp -r`"),
                Result.Target.ratioAtLeast(0.5),
                String.format(Locale.ROOT, "Every round writes a new tree of %,d files of %,d random bytes and a wire graph of %d jobs,"
                        + " each reading %d of them and running `true`; the graph carries the files' IDs, so the client"
                        + " hashes nothing. The time includes the client's start-up (compare scenario 2). The build goes"
                        + " on after the uploads (workers fetch the files for the jobs): whole builds took %s s. Per round"
                        + " — uploads done after %s s; `cp -r` of the tree (page cache warm for both): %s s.",
                        fileCount, fileSize, (fileCount + FILES_PER_JOB - 1) / FILES_PER_JOB, FILES_PER_JOB,
                        Stats.list(walls, 2), Stats.list(uploads, 2), Stats.list(copies, 2))));
    }

    /** Jobs of up to {@value #FILES_PER_JOB} files each, each running {@code true}. */
    private static Graph graph(String tag, Map<String, Id> files) {
        List<String> paths = new ArrayList<>(files.keySet());
        List<Job> jobs = new ArrayList<>();
        Map<Id, String> sources = new LinkedHashMap<>();
        files.forEach((path, id) -> sources.put(id, path));
        for (int from = 0; from < paths.size(); from += FILES_PER_JOB) {
            List<String> inputs = paths.subList(from, Math.min(paths.size(), from + FILES_PER_JOB));
            jobs.add(Graphs.job(tag + " read " + from, List.of("true", tag + "-" + from), Graphs.inputs(inputs, files), List.of()));
        }
        return new Graph(sources, jobs);
    }

    /** Runs the build; returns nanoseconds from its start until the last upload was committed, and until it exited. */
    private static long[] buildAndWatchUploads(Bench bench, Cluster cluster, Path graph, Map<String, Id> files) throws Exception {
        Path committed = cluster.coordinatorData().resolve("files");
        Deque<Id> pending = new ArrayDeque<>(files.values());
        long start = System.nanoTime();
        try (Server client = cluster.buildInBackground("upload-client", graph)) {
            // Only the first file still missing is looked at each time: cheap, and done once they all are.
            await("the uploads to reach the coordinator").atMost(Proc.DEFAULT_TIMEOUT).pollDelay(Duration.ZERO)
                    .pollInterval(POLL).until(() -> {
                while (!pending.isEmpty() && Files.exists(committed.resolve(pending.peek().hex()))) {
                    pending.pop();
                }
                if (!pending.isEmpty() && !client.isAlive()) {
                    throw new IllegalStateException("the build exited before its uploads were done:\n" + Proc.tail(client.output()));
                }
                return pending.isEmpty();
            });
            long uploaded = System.nanoTime() - start;
            int exit = client.awaitExit(Proc.DEFAULT_TIMEOUT);
            long finished = System.nanoTime() - start;
            if (exit != 0) {
                throw new IllegalStateException("the upload build exited " + exit + ":\n" + Proc.tail(client.output()));
            }
            return new long[] {uploaded, finished};
        }
    }
}
