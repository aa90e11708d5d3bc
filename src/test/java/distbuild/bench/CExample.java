package distbuild.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scenario 9: {@code examples/c} built cold by {@code distbuild local --workers 2 --slots 1}, against
 * {@code make -j2} of a fresh copy of the same tree with a Makefile that runs the same commands.
 */
final class CExample implements Scenario {
    /** The build file's jobs as make rules: the same commands, flags and dependencies. */
    static final String MAKEFILE = """
            CFLAGS = -O2 -Wall -Werror
            HEADERS = $(wildcard include/*.h)
            LIB_OBJECTS = $(patsubst lib/%.c,build/lib/%.o,$(wildcard lib/*.c))

            all: bin/wordstats test

            build/lib/%.o: lib/%.c $(HEADERS)
            \t@mkdir -p build/lib
            \tcc $(CFLAGS) -Iinclude -c $< -o $@

            build/libwordstats.a: $(LIB_OBJECTS)
            \tar rcs $@ build/lib/*.o

            build/main.o: app/main.c $(HEADERS)
            \t@mkdir -p build
            \tcc $(CFLAGS) -Iinclude -c app/main.c -o $@

            bin/wordstats: build/main.o build/libwordstats.a
            \t@mkdir -p bin
            \tcc build/main.o build/libwordstats.a -o $@

            bin/test_words: $(wildcard tests/*.c tests/*.h) $(HEADERS) build/libwordstats.a
            \t@mkdir -p bin
            \tcc $(CFLAGS) -Itests -Iinclude tests/test_words.c build/libwordstats.a -o $@

            test: bin/test_words
            \t./bin/test_words

            .PHONY: all test
            """;

    @Override
    public String id() {
        return "9";
    }

    @Override
    public String title() {
        return "`examples/c`, cold, 2 workers × 1 slot, against `make -j2`";
    }

    @Override
    public List<Result> run(Bench bench) throws Exception {
        Path example = bench.root().resolve("examples").resolve("c");
        Path buildFile = example.resolve("distbuild.yaml");
        Path dir = bench.freshDir("c-example");
        List<Double> walls = new ArrayList<>();
        List<Double> builds = new ArrayList<>();
        List<Double> makes = new ArrayList<>();
        for (int round = 0; round < bench.rounds(); round++) {
            Path copy = bench.freshDir("c-example-make");
            copySources(example, copy);
            Files.writeString(copy.resolve("Makefile"), MAKEFILE);
            Bench.alternate(round, () -> {
                Path data = bench.freshDir("c-example-data");
                Proc.Run run = bench.run(bench.distbuild("local", "-f", buildFile.toString(), "--workers", "2", "--slots", "1",
                        "--data", data.toString()), dir).check();
                walls.add(run.seconds());
                builds.add(run.requireBuildSeconds());
                bench.delete(data);
            }, () -> makes.add(bench.run(List.of("make", "-j2", "-s"), copy).check().seconds()));
            bench.log("round %d: distbuild %.2f s, make -j2 %.2f s", round + 1, walls.getLast(), makes.getLast());
            bench.delete(copy);
        }
        bench.delete(dir);
        return List.of(Result.of(id(), title(),
                new Result.Measure(Stats.median(walls), "s", "wall time of the `distbuild local` process, from start to exit"),
                new Result.Measure(Stats.median(makes), "s", "`make -j2`"),
                Result.Target.ratioAtMost(1.2),
                "`distbuild local -f examples/c/distbuild.yaml --workers 2 --slots 1` on a fresh `--data` directory each round"
                        + " (7 jobs: 2 library compiles, archive, compile main, link, link tests, run the tests); make runs a"
                        + " Makefile with the same commands in a fresh copy of the sources. Per round — distbuild: "
                        + Stats.list(walls, 2) + " s (the build itself, by its summary: " + Stats.list(builds, 2)
                        + " s); make: " + Stats.list(makes, 2) + " s."));
    }

    /** Copies the example's sources (not anything an earlier build left, such as {@code out/} or {@code build/}). */
    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (!relative.toString().isEmpty()
                        && (relative.startsWith("out") || relative.startsWith("build") || relative.startsWith("bin"))) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
