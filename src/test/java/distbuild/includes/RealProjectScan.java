package distbuild.includes;

import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scanner on a real project's {@code build.ninja} (from CMake, Meson or by hand): every
 * compile edge scanned cold (a new scanner: the compiler asked, every file parsed) and warm (a
 * new session over the same caches, as a second build would be), then the real {@code gcc -M}
 * run for the same command, timed, and the scan checked to be a superset of what gcc lists.
 * Not a test, since it needs a project fetched from the network; timings belong in reports.
 *
 * <pre>
 * tools/with-jdk mvn -q test-compile
 * tools/with-jdk java -cp target/classes:target/test-classes distbuild.includes.RealProjectScan \
 *     SOURCE_DIR BUILD_DIR [SOURCE_DIR BUILD_DIR ...]
 * </pre>
 */
public final class RealProjectScan {
    private static final int WARM_ROUNDS = 5;

    public static void main(String[] args) {
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: RealProjectScan SOURCE_DIR BUILD_DIR [SOURCE_DIR BUILD_DIR ...]");
            System.exit(2);
        }
        int misses = 0;
        for (int i = 0; i < args.length; i += 2) {
            misses += measure(Path.of(args[i]).toAbsolutePath().normalize(), Path.of(args[i + 1]).toAbsolutePath().normalize());
        }
        System.exit(misses == 0 ? 0 : 1);
    }

    private static int measure(Path source, Path build) {
        NinjaGraph graph = NinjaGraph.load(build);
        Set<Path> generated = new HashSet<>();
        for (NinjaEdge edge : graph.edges()) {
            edge.allOutputs().forEach(output -> generated.add(build.resolve(output).normalize()));
        }
        ScanScope scope = new ScanScope(List.of(source, build), generated);
        List<CompileCommand> compiles = new ArrayList<>();
        Map<String, Integer> others = new LinkedHashMap<>();
        for (NinjaEdge edge : graph.edges()) {
            if (edge.isPhony()) {
                continue;
            }
            Map<Path, String> responseFiles = edge.rspfile().isEmpty() ? Map.of()
                    : Map.of(build.resolve(edge.rspfile()).normalize(), edge.rspfileContent());
            switch (CompileCommand.parse(edge.command(), build, responseFiles)) {
                case ParsedCommand.Compile compile -> compiles.add(compile.command());
                case ParsedCommand.NotACompile other -> others.merge("not a compile: " + other.why(), 1, Integer::sum);
                case ParsedCommand.Unsupported refused -> others.merge("UNSUPPORTED: " + refused.why(), 1, Integer::sum);
            }
        }
        System.out.printf("%n== %s (%s): %d edges, %d compiles%n", source, build, graph.edges().size(), compiles.size());
        others.forEach((why, count) -> System.out.printf("   %3d × %s%n", count, why));

        IncludeScanner scanner = new IncludeScanner();
        long coldStart = System.nanoTime();
        ScanSession cold = scanner.session(scope);
        List<ScanResult> results = new ArrayList<>();
        for (CompileCommand compile : compiles) {
            results.add(cold.scan(compile));
        }
        long coldNanos = System.nanoTime() - coldStart;
        long queries = scanner.compilers().queries();
        long parses = scanner.cache().parses();

        long warmNanos = Long.MAX_VALUE;
        for (int round = 0; round < WARM_ROUNDS; round++) {
            long start = System.nanoTime();
            ScanSession warm = scanner.session(scope);
            for (CompileCommand compile : compiles) {
                warm.scan(compile);
            }
            warmNanos = Math.min(warmNanos, System.nanoTime() - start);
        }
        long reparsed = scanner.cache().parses() - parses;

        int missed = 0;
        int gccFailed = 0;
        long gccNanos = 0;
        long shipped = 0;
        long system = 0;
        long gccFiles = 0;
        int overApproximated = 0;
        int incomplete = 0;
        Set<Path> probedMissing = new HashSet<>();
        for (int i = 0; i < compiles.size(); i++) {
            CompileCommand compile = compiles.get(i);
            ScanResult result = results.get(i);
            shipped += result.shippedFiles().size();
            system += result.systemFiles().size();
            probedMissing.addAll(result.missingUnderRoots());
            overApproximated += result.isOverApproximated() ? 1 : 0;
            incomplete += result.isComplete() ? 0 : 1;
            long start = System.nanoTime();
            Set<Path> gcc;
            try {
                gcc = RealGcc.dependencies(compile);
            } catch (AssertionError e) {
                gccFailed++;
                System.out.println("   gcc -M failed (" + e.getMessage().lines().findFirst().orElse("") + ")");
                continue;
            }
            gccNanos += System.nanoTime() - start;
            gccFiles += gcc.size();
            Set<Path> missedHere = RealGcc.missedBy(result, compile);
            if (!missedHere.isEmpty()) {
                missed++;
                System.out.println("   MISSED by the scan of " + compile.sources() + ": " + missedHere);
            }
        }
        int n = Math.max(1, compiles.size());
        int checked = Math.max(1, compiles.size() - gccFailed);
        System.out.printf("   per compile: %.1f files shipped, %.1f system files (gcc -M lists %.1f in all);"
                        + " %d distinct missing paths probed under the roots%n",
                (double) shipped / n, (double) system / n, (double) gccFiles / checked, probedMissing.size());
        System.out.printf("   cold scan: %.1f ms in all, %.2f ms per compile (%d compiler queries, %d files parsed)%n",
                coldNanos / 1e6, coldNanos / 1e6 / n, queries, parses);
        System.out.printf("   warm scan (best of %d sessions): %.1f ms in all, %.3f ms per compile (%d files parsed again)%n",
                WARM_ROUNDS, warmNanos / 1e6, warmNanos / 1e6 / n, reparsed);
        System.out.printf("   gcc -M: %.1f ms in all, %.2f ms per compile%n", gccNanos / 1e6, gccNanos / 1e6 / checked);
        System.out.printf("   never missed: %d of %d compiles checked against gcc -M had a file missed"
                        + " (%d gcc failures, %d over-approximated, %d waiting on generated headers)%n",
                missed, compiles.size() - gccFailed, gccFailed, overApproximated, incomplete);
        return missed;
    }
}
