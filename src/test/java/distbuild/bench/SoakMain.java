package distbuild.bench;

import distbuild.files.FileTrees;
import distbuild.soak.FaultMix;
import distbuild.soak.SoakPlan;
import distbuild.soak.SoakReport;
import distbuild.soak.SoakRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/**
 * The long soak (issue 20): the suite's {@code ChaosSoakTest} for as long as asked, with the
 * servers' descriptors, threads and heap after GC sampled along the way, its report written as
 * Markdown. Exits 1 if any build failed or delivered a wrong output.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; distbuild.bench.SoakMain [--minutes 10] [--seed N] [--mix 60/25/15]
 *     [--sample-every 60s] [--report FILE] [--work DIR] [--keep]
 * </pre>
 *
 * bench/soak.sh builds the classes and runs it.
 */
public final class SoakMain {
    private SoakMain() {}

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        long seed = System.nanoTime() % 100_000;
        FaultMix mix = FaultMix.DEFAULT;
        Duration sampleEvery = Duration.ofSeconds(60);
        Path report = Path.of("bench/SOAK.md").toAbsolutePath();
        Path work = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--mix" -> mix = FaultMix.parse(args[++i]);
                case "--sample-every" -> sampleEvery = Duration.ofSeconds(Long.parseLong(args[++i].replaceFirst("s$", "")));
                case "--report" -> report = Path.of(args[++i]).toAbsolutePath();
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: SoakMain [--minutes 10]"
                        + " [--seed N] [--mix 60/25/15] [--sample-every 60s] [--report FILE] [--work DIR] [--keep]");
            }
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("distbuild-soak");
        SoakPlan plan = SoakPlan.of(Duration.ofMillis((long) (minutes * 60_000)), mix, seed, sampleEvery);
        SoakReport result;
        try {
            result = SoakRun.run(plan, dir, System.out);
        } finally {
            if (!keep) {
                FileTrees.deleteRecursively(dir);
            }
        }
        String text = result.text();
        System.out.println(text);
        Files.writeString(report, "# Soak under chaos: the last long run\n\n" + LocalDate.now() + ", `bench/soak.sh "
                + String.join(" ", args) + "` on this machine.\n\n```\n" + text.lines()
                .takeWhile(line -> !line.startsWith("|")).reduce((a, b) -> a + "\n" + b).orElse("") + "\n```\n\n"
                + "Every server process sampled (descriptors, OS threads, heap in use after a full GC):\n\n"
                + text.lines().filter(line -> line.startsWith("|")).reduce((a, b) -> a + "\n" + b).orElse("") + "\n");
        System.out.println("report written to " + report);
        System.exit(result.failures().isEmpty() && result.wrongOutputs().isEmpty() && result.unreadableLines().isEmpty() ? 0 : 1);
    }
}
