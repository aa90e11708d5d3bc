package distbuild.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenario 12: a real CMake project's {@code build.ninja} (zstd 1.5.4, Debian's source package:
 * 102 jobs, static and shared libraries, the program) through {@code distbuild local -C BUILD
 * --workers 2 --slots 1}, against {@code ninja -j2} of the same configure, both cold; then a
 * comment added to one source and both again (jobs run, early cutoff, wall time); then the build
 * directory made anew and distbuild again on its warm caches. The source comes from
 * {@code $DISTBUILD_BENCH_ZSTD}, else {@code apt-get source libzstd} (which needs a {@code deb-src}
 * line); the smoke run uses the test suite's small CMake project instead, offline.
 */
final class NinjaProject implements Scenario {
    @Override
    public String id() {
        return "12";
    }

    @Override
    public String title() {
        return "a real CMake project (zstd) through `local -C`, cold and cached, against `ninja -j2`";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        Optional<Path> cmakeProject = source(bench);
        if (cmakeProject.isEmpty()) {
            return List.of(Result.failed(id(), title(), Result.Target.ratioAtMost(1.15),
                    "no zstd source: set DISTBUILD_BENCH_ZSTD to an unpacked libzstd source, or add a deb-src line so that"
                            + " `apt-get source libzstd` works"));
        }
        Path project = cmakeProject.get();
        List<Double> cold = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<Double> ninja = new ArrayList<>();
        List<Double> coldOwnCpu = new ArrayList<>();
        List<Double> edited = new ArrayList<>();
        List<Double> ninjaEdited = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        List<Integer> cutOff = new ArrayList<>();
        List<Integer> ninjaRan = new ArrayList<>();
        List<Integer> ninjaCompiles = new ArrayList<>();
        List<Double> withHistory = new ArrayList<>();
        List<Double> ninjaFlagged = new ArrayList<>();
        Path edit = project.resolve(bench.smoke() ? "main.c" : "../../lib/compress/zstd_lazy.c").normalize();
        for (int round = 0; round < bench.rounds(); round++) {
            Path data = bench.freshDir("ninja-project-data");
            Path ours = configure(bench, project, "ninja-project-ours");
            Path theirs = configure(bench, project, "ninja-project-ninja");
            Path trace = bench.freshDir("ninja-project-trace").resolve("trace.json");
            Bench.alternate(round,
                    () -> {
                        cold.add(bench.run(bench.distbuild("local", "-C", ours.toString(), "--workers", "2", "--slots", "1",
                                "--data", data.toString(), "--trace", trace.toString()), ours).check().seconds());
                        coldOwnCpu.add(Trace.processCpuSeconds(trace));
                    },
                    () -> ninja.add(bench.run(List.of("ninja", "-j2", "-C", theirs.toString()), theirs).check().seconds()));
            // One comment added at the end of one source: its compiles run again; what links them need not.
            byte[] original = Files.readAllBytes(edit);
            try {
                Files.writeString(edit, "/* a comment, round " + (round + 1) + " */\n", java.nio.file.StandardOpenOption.APPEND);
                List<String> args = List.of("local", "-C", ours.toString(), "--workers", "2", "--slots", "1", "--data",
                        data.toString(), "--progress", "plain");
                Proc.Run distbuildRun = bench.run(bench.distbuild(args.toArray(String[]::new)), ours).check();
                Proc.Run ninjaRun = bench.run(List.of("ninja", "-j2", "-C", theirs.toString()), theirs).check();
                edited.add(distbuildRun.seconds());
                ninjaEdited.add(ninjaRun.seconds());
                ran.add(count(distbuildRun.output(), "(?m)^\\[ *\\d+/\\d+\\] done "));
                cutOff.add(count(distbuildRun.output(), "(?m)^\\[ *\\d+/\\d+\\] cut off "));
                ninjaRan.add(count(ninjaRun.output(), "(?m)^\\[\\d+/\\d+\\] "));
                ninjaCompiles.add(count(ninjaRun.output(), "(?m)^\\[\\d+/\\d+\\] Building C"));
            } finally {
                Files.write(edit, original);
            }
            bench.log("round %d: after one comment, distbuild %.2f s (%d ran, %d cut off); ninja -j2 %.2f s (%d ran)",
                    round + 1, edited.getLast(), ran.getLast(), cutOff.getLast(), ninjaEdited.getLast(), ninjaRan.getLast());
            // Made anew at the same path: a job's identity holds the paths its commands name.
            bench.delete(ours);
            Path again = configure(bench, project, Files.createDirectories(ours));
            cached.add(bench.run(bench.distbuild("local", "-C", again.toString(), "--workers", "2", "--slots", "1",
                    "--data", data.toString()), again).check().seconds());
            bench.log("round %d: distbuild cold %.2f s (its own process %.2f CPU-s), cached %.2f s; ninja -j2 %.2f s",
                    round + 1, cold.getLast(), coldOwnCpu.getLast(), cached.getLast(), ninja.getLast());
            bench.delete(again);
            // Every compile's flags changed: every job runs again, and the cluster knows how long each took last time.
            String flags = "-DCMAKE_C_FLAGS=-DDISTBUILD_BENCH_ROUND=" + (round + 1);
            Path flaggedOurs = configure(bench, project, bench.freshDir("ninja-project-flagged-ours"), flags);
            Path flaggedTheirs = configure(bench, project, bench.freshDir("ninja-project-flagged-ninja"), flags);
            Bench.alternate(round,
                    () -> withHistory.add(bench.run(bench.distbuild("local", "-C", flaggedOurs.toString(), "--workers", "2",
                            "--slots", "1", "--data", data.toString()), flaggedOurs).check().seconds()),
                    () -> ninjaFlagged.add(bench.run(List.of("ninja", "-j2", "-C", flaggedTheirs.toString()), flaggedTheirs)
                            .check().seconds()));
            bench.log("round %d: every compile's flags changed, with history: distbuild %.2f s; ninja -j2 %.2f s", round + 1,
                    withHistory.getLast(), ninjaFlagged.getLast());
            bench.delete(flaggedOurs);
            bench.delete(flaggedTheirs);
            bench.delete(theirs);
            bench.delete(data);
        }
        String what = bench.smoke() ? "the test suite's CMake demo" : "zstd 1.5.4 (Debian's source, CMake, Release)";
        return List.of(
                Result.of(id(), title(), new Result.Measure(Stats.median(cold), "s", "`distbuild local -C` cold, whole process"),
                        new Result.Measure(Stats.median(ninja), "s", "`ninja -j2` cold"), Result.Target.ratioAtMost(1.15),
                        what + ", configured afresh each round; distbuild on a fresh `--data`, 2 workers × 1 slot. Per round —"
                                + " distbuild: " + Stats.list(cold, 2) + " s; ninja: " + Stats.list(ninja, 2) + " s. The CPU"
                                + " time of the distbuild process itself (client, coordinator and workers; not the compilers),"
                                + " from its trace: " + Stats.list(coldOwnCpu, 2) + " s."),
                Result.of(id() + "b", "the same build directory made anew, distbuild on its warm caches",
                        new Result.Measure(Stats.median(cached), "s", "`distbuild local -C` with every job cached"),
                        new Result.Measure(Stats.median(ninja), "s", "`ninja -j2` cold"), Result.Target.ratioAtMost(0.10),
                        "The target: under 10 % of ninja's cold build. Per round: " + Stats.list(cached, 2) + " s."),
                Result.of(id() + "c", "after a comment is added to one `.c` file: jobs run (early cutoff)",
                        new Result.Measure(Stats.median(ran.stream().map(Integer::doubleValue).toList()), "jobs",
                                "jobs distbuild ran again"),
                        new Result.Measure(Stats.median(ninjaCompiles.stream().map(Integer::doubleValue).toList()), "jobs",
                                "the compiles of that file, which must run"), Result.Target.ratioAtMost(1.0),
                        "`" + project.relativize(edit) + "` gets a comment at its end after the cold builds of the same round;"
                                + " `distbuild local -C` runs again on its warm cluster data, `ninja -j2` on its own tree. Per round —"
                                + " distbuild ran " + ran + " jobs and cut off " + cutOff + "; ninja ran " + ninjaRan
                                + " jobs, of which compiles of that file " + ninjaCompiles + "."),
                Result.of(id() + "d", "after a comment is added to one `.c` file: wall time",
                        new Result.Measure(Stats.median(edited), "s", "`distbuild local -C`, whole process"),
                        new Result.Measure(Stats.median(ninjaEdited), "s", "`ninja -j2`"), Result.Target.ratioAtMost(1.15),
                        "The same runs as 12c. Per round — distbuild: " + Stats.list(edited, 2) + " s; ninja: "
                                + Stats.list(ninjaEdited, 2) + " s."),
                Result.of(id() + "e", "every compile's flags changed, the cluster knowing the durations",
                        new Result.Measure(Stats.median(withHistory), "s", "`distbuild local -C`, whole process"),
                        new Result.Measure(Stats.median(ninjaFlagged), "s", "`ninja -j2` of the same configure"),
                        Result.Target.ratioAtMost(1.05),
                        "After the runs above, both configured afresh with `-DCMAKE_C_FLAGS=-DDISTBUILD_BENCH_ROUND=N`: every"
                                + " job is new and runs, and distbuild's coordinator (same `--data`) remembers each job's last"
                                + " duration by its name, so the longest start first. Per round — distbuild: "
                                + Stats.list(withHistory, 2) + " s; ninja: " + Stats.list(ninjaFlagged, 2) + " s."));
    }

    private static int count(String output, String pattern) {
        return (int) java.util.regex.Pattern.compile(pattern).matcher(output).results().count();
    }

    private static Path configure(Bench bench, Path project, String name) throws Exception {
        return configure(bench, project, bench.freshDir(name));
    }

    private static Path configure(Bench bench, Path project, Path build, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of("cmake", "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-S", project.toString(), "-B", build.toString()));
        bench.run(command, build).check();
        return build;
    }

    /** The CMake project: zstd's {@code build/cmake}, or in a smoke run the test suite's demo. */
    private static Optional<Path> source(Bench bench) throws Exception {
        if (bench.smoke()) {
            // A copy: a source is edited and put back, which must never touch the checkout.
            return Optional.of(distbuild.testing.Trees.copy(bench.root().resolve("src/test/resources/ninja/cmake-demo"),
                    bench.freshDir("cmake-demo").resolve("src")));
        }
        String given = System.getenv("DISTBUILD_BENCH_ZSTD");
        Path unpacked = given != null ? Path.of(given) : null;
        if (unpacked == null) {
            Path sources = Files.createDirectories(bench.root().resolve("target/bench-sources"));
            try (var existing = Files.list(sources)) {
                unpacked = existing.filter(path -> path.getFileName().toString().startsWith("libzstd-") && Files.isDirectory(path))
                        .findFirst().orElse(null);
            }
            if (unpacked == null && bench.run(List.of("apt-get", "source", "-qq", "libzstd"), sources).exit() == 0) {
                try (var fetched = Files.list(sources)) {
                    unpacked = fetched.filter(path -> path.getFileName().toString().startsWith("libzstd-") && Files.isDirectory(path))
                            .findFirst().orElse(null);
                }
            }
        }
        return Optional.ofNullable(unpacked).map(dir -> dir.resolve("build/cmake")).filter(Files::isDirectory);
    }
}
