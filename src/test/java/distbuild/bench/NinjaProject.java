package distbuild.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Scenario 12: a real CMake project's {@code build.ninja} (zstd 1.5.4, Debian's source package:
 * 102 jobs, static and shared libraries, the program) through {@code distbuild local -C BUILD
 * --workers 2 --slots 1}, against {@code ninja -j2} of the same configure, both cold; then the
 * build directory made anew and distbuild again on its warm caches. The source comes from
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
        for (int round = 0; round < bench.rounds(); round++) {
            Path data = bench.freshDir("ninja-project-data");
            Path ours = configure(bench, project, "ninja-project-ours");
            Path theirs = configure(bench, project, "ninja-project-ninja");
            Bench.alternate(round,
                    () -> cold.add(bench.run(bench.distbuild("local", "-C", ours.toString(), "--workers", "2", "--slots", "1",
                            "--data", data.toString()), ours).check().seconds()),
                    () -> ninja.add(bench.run(List.of("ninja", "-j2", "-C", theirs.toString()), theirs).check().seconds()));
            // Made anew at the same path: a job's identity holds the paths its commands name.
            bench.delete(ours);
            Path again = configure(bench, project, Files.createDirectories(ours));
            cached.add(bench.run(bench.distbuild("local", "-C", again.toString(), "--workers", "2", "--slots", "1",
                    "--data", data.toString()), again).check().seconds());
            bench.log("round %d: distbuild cold %.2f s, cached %.2f s; ninja -j2 %.2f s", round + 1, cold.getLast(),
                    cached.getLast(), ninja.getLast());
            bench.delete(again);
            bench.delete(theirs);
            bench.delete(data);
        }
        String what = bench.smoke() ? "the test suite's CMake demo" : "zstd 1.5.4 (Debian's source, CMake, Release)";
        return List.of(
                Result.of(id(), title(), new Result.Measure(Stats.median(cold), "s", "`distbuild local -C` cold, whole process"),
                        new Result.Measure(Stats.median(ninja), "s", "`ninja -j2` cold"), Result.Target.ratioAtMost(1.15),
                        what + ", configured afresh each round; distbuild on a fresh `--data`, 2 workers × 1 slot. Per round —"
                                + " distbuild: " + Stats.list(cold, 2) + " s; ninja: " + Stats.list(ninja, 2) + " s."),
                Result.of(id() + "b", "the same build directory made anew, distbuild on its warm caches",
                        new Result.Measure(Stats.median(cached), "s", "`distbuild local -C` with every job cached"),
                        new Result.Measure(Stats.median(ninja), "s", "`ninja -j2` cold"), Result.Target.ratioAtMost(0.10),
                        "The target: under 10 % of ninja's cold build. Per round: " + Stats.list(cached, 2) + " s."));
    }

    private static Path configure(Bench bench, Path project, String name) throws Exception {
        return configure(bench, project, bench.freshDir(name));
    }

    private static Path configure(Bench bench, Path project, Path build) throws Exception {
        bench.run(List.of("cmake", "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release", "-S", project.toString(), "-B", build.toString()),
                build).check();
        return build;
    }

    /** The CMake project: zstd's {@code build/cmake}, or in a smoke run the test suite's demo. */
    private static Optional<Path> source(Bench bench) throws Exception {
        if (bench.smoke()) {
            return Optional.of(bench.root().resolve("src/test/resources/ninja/cmake-demo"));
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
