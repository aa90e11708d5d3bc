package distbuild.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes the results as Markdown: when and where they were measured, the table, and what each figure is. */
final class ResultsWriter {
    /** The hand-written account of the targets not met (profiles, counters), copied in after the figures. */
    static final String ANALYSIS = "where-the-time-goes.md";

    private ResultsWriter() {}

    static void write(BenchMain.Options options, double elapsedSeconds, String loadAtStart, List<Result> results)
            throws IOException {
        Files.createDirectories(options.results().toAbsolutePath().getParent());
        Files.writeString(options.results(), markdown(options, elapsedSeconds, loadAtStart, results));
    }

    static String markdown(BenchMain.Options options, double elapsedSeconds, String loadAtStart, List<Result> results)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# distbuild benchmark results\n\n");
        md.append("Written by the benchmark runner, `bench/run.sh").append(options.smoke() ? " --smoke" : "")
                .append("` (see bench/README.md).\n\n");
        md.append("- Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append('\n');
        md.append("- Machine: ").append(machine()).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
                .append(")\n");
        md.append("- Run: ").append(options.smoke() ? "smoke (tiny sizes)" : "full").append(", ").append(options.rounds())
                .append(options.rounds() == 1 ? " round" : " rounds, medians").append(", distbuild and its baseline alternating")
                .append(" within each round; the whole run took ")
                .append(String.format(Locale.ROOT, "%.0f s", elapsedSeconds)).append('\n');
        md.append("- Load average (1, 5, 15 min; other work on the machine shows here): ").append(loadAtStart)
                .append(" at the start, ").append(loadAverage()).append(" at the end\n");
        md.append("- distbuild command: `").append(Bench.shortened(options.distbuild())).append("`")
                .append(options.distbuild().size() == 1 ? " (the launcher: shaded jar, a class archive (an AOT cache on JDK 25+), C1 for short-lived commands)" : "")
                .append("\n\n");

        md.append("| # | scenario | figure | baseline | ratio | target | met |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Result result : results) {
            md.append("| ").append(result.id())
                    .append(" | ").append(result.scenario())
                    .append(" | ").append(result.hasFigure() ? result.figure().formatted() : "failed")
                    .append(" | ").append(result.baseline() == null ? "—"
                            : result.baseline().formatted() + " (" + result.baseline().what() + ")")
                    .append(" | ").append(result.ratio() == null ? "—" : Result.format(result.ratio(), ""))
                    .append(" | ").append(result.target() == null ? "—" : result.target().text())
                    .append(" | ").append(!result.hasFigure() ? "—" : result.met() ? "met" : "**not met**")
                    .append(" |\n");
        }
        md.append("\n## What was measured\n\n");
        for (Result result : results) {
            md.append("**").append(result.id()).append(". ").append(result.scenario()).append("** — ");
            if (!result.hasFigure()) {
                md.append("the scenario failed: ").append(result.failure().replace('\n', ' ')).append("\n\n");
                continue;
            }
            md.append("figure: ").append(result.figure().what()).append(". ")
                    .append(result.notes()).append("\n\n");
        }
        Path analysis = options.root().resolve("bench").resolve(ANALYSIS);
        if (!options.smoke() && results.stream().anyMatch(result -> result.hasFigure() && !result.met())
                && Files.isReadable(analysis)) {
            md.append(Files.readString(analysis));
        }
        return md.toString();
    }

    /** "2 CPUs (nproc), 23.4 GiB memory, AMD EPYC …". */
    private static String machine() throws IOException {
        String cpus = Integer.toString(Runtime.getRuntime().availableProcessors());
        try {
            Process nproc = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            cpus = new String(nproc.getInputStream().readAllBytes()).strip();
            nproc.waitFor();
        } catch (IOException | InterruptedException e) {
            // keep the JVM's count
        }
        String memory = procLine("/proc/meminfo", "MemTotal")
                .map(value -> String.format(Locale.ROOT, "%.1f GiB memory", Long.parseLong(value.split("\\s+")[0]) / 1024.0 / 1024.0))
                .orElse("unknown memory");
        String cpu = procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
        return cpus + " CPUs (nproc), " + memory + ", " + cpu + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }

    /** The first three fields of /proc/loadavg. */
    static String loadAverage() throws IOException {
        Path path = Path.of("/proc/loadavg");
        if (!Files.isReadable(path)) {
            return "unknown";
        }
        String[] fields = Files.readString(path).trim().split("\\s+");
        return String.join(" ", List.of(fields).subList(0, Math.min(3, fields.length)));
    }

    private static Optional<String> procLine(String file, String key) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            return Optional.empty();
        }
        return Files.readAllLines(path).stream()
                .filter(line -> line.startsWith(key))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }
}
