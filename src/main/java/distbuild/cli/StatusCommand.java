package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.client.Client;
import distbuild.client.CoordinatorWaits;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.StatusHandler;
import distbuild.protocol.WireFormat;
import distbuild.security.Role;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Show the cluster at a glance: its workers, running builds, waiting jobs with why each waits, and totals.",
            "Exits 0 when the coordinator answered, 2 when it could not be asked."
        })
final class StatusCommand implements Callable<Integer> {
    /** How many of the builds that ended last the terminal shows. */
    private static final int RECENT_BUILDS_SHOWN = 5;

    @Mixin
    CoordinatorOption coordinatorOption;

    @Option(names = "--json", description = "Print the status as JSON (the coordinator's /status answer), for scripts.")
    boolean json;

    @Option(names = "--waiting", defaultValue = "20", paramLabel = "N",
            description = "List at most N waiting jobs (default: ${DEFAULT-VALUE}; at most 10000).")
    int waiting;

    @Mixin
    CredentialsOptions credentials;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        URI coordinator = coordinatorOption.url;
        logging.apply(Level.WARN);
        if (waiting < 0) {
            throw new IllegalArgumentException("--waiting must be 0 or more, got " + waiting);
        }
        try (Client client = new Client(LoggerFactory.getLogger("distbuild.client"), coordinator,
                CoordinatorWaits.NONE, credentials.load(Role.CLIENT))) {
            byte[] answer = client.statusJson(Math.min(waiting, StatusHandler.MOST_WAITING));
            ClusterStatus status = WireFormat.decodeClusterStatus(new ByteArrayInputStream(answer)); // checked either way
            if (json) {
                System.out.println(new String(answer, StandardCharsets.UTF_8));
            } else {
                print(status, System.out);
            }
        }
        return 0;
    }

    /** The status as a person reads it in a terminal. */
    static void print(ClusterStatus status, PrintStream out) {
        long alive = status.workers().stream().filter(worker -> !worker.state().equals("lost")).count();
        List<ClusterStatus.Build> running = status.builds().stream().filter(ClusterStatus.Build::stillRunning).toList();
        List<ClusterStatus.Build> ended = status.builds().stream().filter(build -> !build.stillRunning())
                .limit(RECENT_BUILDS_SHOWN).toList();
        out.println(alive + " of " + count(status.workers().size() + status.lostWorkersNotListed(), "worker") + " up · "
                + count(running.size(), "build") + " running · " + count(status.waitingTotal(), "job") + " waiting"
                + (status.coordinatorVersion() == null ? "" : " · coordinator " + status.coordinatorVersion()));
        if (!status.workers().isEmpty()) {
            out.println("workers:");
            table(out, status.workers().stream().map(worker -> List.of(worker.id(), worker.state(),
                    worker.runningJobs() + " running", worker.freeSlots() + " free",
                    worker.cachedArtifacts() + " cached", bytes(worker.cacheBytes()),
                    seconds(worker.lastSeenMillisAgo()) + " ago", runningNames(worker))).toList());
            // What differs between workers: their versions (during an upgrade) and machines, one line each.
            for (ClusterStatus.Worker worker : status.workers()) {
                if (worker.version() != null || worker.machine() != null) {
                    out.println("  " + worker.id() + ": " + String.join(" · ", java.util.stream.Stream.of(worker.version(),
                            worker.machine()).filter(Objects::nonNull).toList()));
                }
            }
            if (status.lostWorkersNotListed() > 0) {
                out.println("  … and " + count(status.lostWorkersNotListed(), "lost worker") + " heard from longer ago");
            }
        }
        if (!running.isEmpty()) {
            out.println("builds:");
            table(out, running.stream().map(build -> List.of(build.id().substring(0, 8),
                    build.finished() + "/" + build.jobs() + " done", build.running() + " queued or running",
                    build.waitingOnDeps() + " waiting on deps", seconds(build.elapsedMillis()),
                    Objects.requireNonNullElse(build.submitter(), ""))).toList());
        }
        if (!ended.isEmpty()) {
            out.println("ended:");
            table(out, ended.stream().map(build -> List.of(build.id().substring(0, 8), build.state(),
                    build.finished() + "/" + build.jobs() + " done", seconds(build.elapsedMillis()),
                    Objects.requireNonNullElse(build.failure(), ""))).toList());
        }
        if (!status.waiting().isEmpty()) {
            out.println("waiting:");
            table(out, status.waiting().stream().map(job -> List.of(
                    (job.name().isEmpty() ? "job " + job.job().substring(0, 8) : job.name())
                            + (job.build() == null ? "" : " (build " + job.build().substring(0, 8) + ")"),
                    seconds(job.waitingMillis()), job.reason())).toList());
            if (status.waitingTotal() > status.waiting().size()) {
                out.println("  … and " + (status.waitingTotal() - status.waiting().size()) + " more");
            }
        }
        ClusterStatus.Totals totals = status.totals();
        out.printf(Locale.ROOT, "since start: %s (%d succeeded, %d failed); %s ran, %d cache hits (%.0f %%),"
                        + " %d shared between builds; %s moved%n", count(totals.builds(), "build"), totals.buildsSucceeded(),
                totals.buildsFailed(), count(totals.jobsRan(), "job"), totals.cacheHits(), totals.hitRate() * 100,
                totals.jobsShared(), bytes(totals.bytesMoved()));
        if (!status.sharedCaches().isEmpty()) {
            out.println("shared caches since start:");
            table(out, status.sharedCaches().stream().map(use -> List.of(use.tool(),
                    String.format(Locale.ROOT, "%d hits, %d misses (%.0f %%)", use.hits(), use.misses(), use.hitRate() * 100),
                    use.stored() + " stored" + (use.refused() == 0 ? "" : ", " + use.refused() + " refused"),
                    bytes(use.bytesIn()) + " in, " + bytes(use.bytesOut()) + " out")).toList());
        }
    }

    /** Rows with their columns padded to line up, two spaces in. */
    private static void table(PrintStream out, List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                if (widths.size() <= i) {
                    widths.add(0);
                }
                widths.set(i, Math.max(widths.get(i), row.get(i).length()));
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.size(); i++) {
                line.append(' ').append(i < row.size() - 1 ? pad(row.get(i), widths.get(i)) : row.get(i)).append(' ');
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String count(long n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    /** The jobs a worker runs, by name, as far as the coordinator lists them. */
    private static String runningNames(ClusterStatus.Worker worker) {
        if (worker.running().isEmpty()) {
            return "";
        }
        return "running " + String.join(", ", worker.running())
                + (worker.runningJobs() > worker.running().size() ? ", …" : "");
    }

    /** A byte count as people read it (1024-based), or "size unknown" for a negative count. */
    static String bytes(long count) {
        if (count < 0) {
            return "size unknown";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
