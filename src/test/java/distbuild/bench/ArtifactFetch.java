package distbuild.bench;

import distbuild.model.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Scenario 6: one big artifact fetched by a second worker, against a plain loopback copy of a
 * file of the same size.
 *
 * <p>Each round starts a coordinator and worker A (1 slot). A job on A writes the artifact; a
 * build whose job sleeps then keeps A's slot busy; only then worker B joins, so the job that needs
 * the artifact can only run on B, which fetches it from A. The figure is the artifact's size ÷
 * the fetch phase of that job as B measured it (in the client's {@code --trace}).
 */
final class ArtifactFetch implements Scenario {
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final List<Double> fetches = new ArrayList<>();
    private final List<Double> baselines = new ArrayList<>();
    /** Seconds for {@code curl} of worker A's {@code /artifact}, measured once for context. */
    private final List<Double> direct = new ArrayList<>();

    @Override
    public String id() {
        return "6";
    }

    @Override
    public String title() {
        return "one big artifact fetched by a second worker";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        long size = bench.sizes().artifactBytes();
        Path served = bench.freshDir("fetch-served");
        String baselineName;
        try (LoopbackCopy loopback = LoopbackCopy.serve(bench, served)) {
            baselineName = loopback.describe();
            for (int round = 0; round < bench.rounds(); round++) {
                RandomTree.writeFile(served.resolve("blob"), size);
                Path dir = bench.freshDir("fetch");
                round(bench, round, size, loopback, dir);
                bench.log("round %d: fetch by worker B %.2f s, loopback copy %.2f s", round + 1, fetches.getLast(),
                        baselines.getLast());
                bench.deleteNow(dir);
            }
        } finally {
            bench.deleteNow(served);
        }
        double megabytes = Stats.megabytes(size);
        List<Double> directRates = direct.stream().map(seconds -> megabytes / seconds).toList();
        String sizeText = size >= 1_000_000_000L ? String.format(Locale.ROOT, "%.1f GB", size / 1e9)
                : String.format(Locale.ROOT, "%.0f MB", megabytes);
        return List.of(Result.of(id(), "one " + sizeText + " artifact fetched by a second worker",
                new Result.Measure(megabytes / Stats.median(fetches), "MB/s", "artifact size ÷ the fetch phase of the job"
                        + " on worker B that needs it, as B timed it"),
                new Result.Measure(megabytes / Stats.median(baselines), "MB/s", "loopback copy"),
                Result.Target.ratioAtLeast(0.5),
                "A new random artifact (`head -c N /dev/urandom`) and a new cluster every round; worker B fetches it from"
                        + " worker A into its artifact cache (`GET /artifact` tar stream, unpacked and committed). Baseline: "
                        + baselineName + ", a random file of the same size, saved to disk. Per round — fetch phase: "
                        + Stats.list(fetches, 2) + " s; loopback copy: " + Stats.list(baselines, 2) + " s. For context,"
                        + " in the first round, `curl` of worker A's `/artifact` endpoint (the tar stream B reads) to a file: "
                        + Stats.list(directRates, 0) + " MB/s."));
    }

    private void round(Bench bench, int round, long size, LoopbackCopy loopback, Path dir) throws Exception {
        String tag = "fetch-" + bench.nonce() + "-" + round;
        try (Cluster cluster = Cluster.start(bench, "fetch", 1, 1)) {
            Job producer = Graphs.job("produce", List.of("sh", "-c", "head -c " + size + " /dev/urandom > \"$1\"/blob; : " + tag,
                    "sh", "{{.OutputDir}}"), List.of());
            cluster.build(Graphs.write(Graphs.graph(List.of(producer)), dir.resolve("produce.json")));

            Job blocker = Graphs.job("block", List.of("sh", "-c", "sleep 300; : " + tag), List.of());
            Path block = Graphs.write(Graphs.graph(List.of(blocker)), dir.resolve("block.json"));
            try (Server blocking = cluster.buildInBackground("blocker", block)) {
                blocking.awaitLine(Pattern.compile(" start +block on "), WAIT);
                cluster.addWorkers(1, 1);
                Job consumer = Graphs.job("consume", List.of("sh", "-c", "test -s \"$1\"/blob; : " + tag, "sh",
                        "{{index .Deps \"" + producer.id().hex() + "\"}}"), List.of(producer));
                Path consume = Graphs.write(Graphs.graph(List.of(producer, consumer)), dir.resolve("consume.json"));
                Path trace = dir.resolve("trace.json");
                String workerB = cluster.workerUrl(1).replaceFirst("^http://", "");
                Bench.alternate(round, () -> {
                    Proc.Run run = cluster.build(consume, "--trace", trace.toString());
                    if (!run.output().contains("start  consume on " + workerB)) {
                        throw new IllegalStateException("the consumer did not run on worker B (" + workerB + "):\n"
                                + Proc.tail(run.output()));
                    }
                    fetches.add(Stats.seconds(Trace.fetchNanos(trace, "consume")));
                    if (direct.isEmpty()) {
                        direct.add(Stats.seconds(LoopbackCopy.download(bench,
                                cluster.workerUrl(0) + "/artifact?id=" + producer.id().hex(), dir.resolve("artifact.tar"))));
                    }
                }, () -> baselines.add(Stats.seconds(LoopbackCopy.download(bench, loopback.url("blob"), dir.resolve("copy")))));
            }
        }
    }
}
