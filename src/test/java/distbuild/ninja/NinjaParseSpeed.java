package distbuild.ninja;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How fast a large build directory is read: generates Chromium-shaped ninja files (a toolchain
 * file of rules, one subninja per target with its own flags, compile edges with per-edge
 * variables and order-only stamps, a static library per target and a link) and times reading
 * them and evaluating every command. Not a test: timings belong in reports, not assertions.
 *
 * <pre>
 * tools/with-jdk mvn -q test-compile
 * tools/with-jdk java -cp target/classes:target/test-classes distbuild.ninja.NinjaParseSpeed [edges] [rounds]
 * </pre>
 */
public final class NinjaParseSpeed {
    private static final int SOURCES_PER_TARGET = 100;

    public static void main(String[] args) throws IOException {
        int edges = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("ninja-parse-speed");
        try {
            measure(dir, edges, rounds);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void measure(Path dir, int edges, int rounds) throws IOException {
        long bytes = generate(dir, edges / (SOURCES_PER_TARGET + 1));
        System.out.printf("%d files, %.1f MB in %s%n", countFiles(dir), bytes / 1e6, dir);
        for (int round = 1; round <= rounds; round++) {
            long start = System.nanoTime();
            NinjaGraph graph = NinjaGraph.load(dir);
            long read = System.nanoTime();
            long commandBytes = 0;
            for (NinjaEdge edge : graph.edges()) {
                commandBytes += edge.command().length();
            }
            long evaluated = System.nanoTime();
            List<NinjaEdge> needed = graph.edgesFor(graph.targets(List.of()));
            long ordered = System.nanoTime();
            System.out.printf("round %d: read %d edges, %d nodes in %d ms (%.0f MB/s); every command (%.0f MB) in %d ms;"
                            + " %d edges for the default targets in %d ms; heap used with the graph %d MB%n",
                    round, graph.edges().size(), graph.nodes().size(), (read - start) / 1_000_000,
                    bytes / 1e6 / ((read - start) / 1e9), commandBytes / 1e6, (evaluated - read) / 1_000_000,
                    needed.size(), (ordered - evaluated) / 1_000_000, usedHeapMegabytes());
            // Keeps the graph alive until the heap was measured.
            if (graph.edges().isEmpty()) {
                throw new IllegalStateException("no edges read");
            }
        }
    }

    private static long usedHeapMegabytes() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    private static long countFiles(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** Writes the files; returns how many bytes they hold. */
    private static long generate(Path dir, int targets) throws IOException {
        Files.writeString(dir.resolve("toolchain.ninja"), """
                rule cxx
                  command = ../../third_party/llvm-build/Release+Asserts/bin/clang++ -MMD -MF $out.d $defines $include_dirs $cflags $cflags_cc -c $in -o $out
                  description = CXX $out
                  depfile = $out.d
                  deps = gcc
                rule alink
                  command = rm -f $out && ../../third_party/llvm-build/Release+Asserts/bin/llvm-ar -T -r -c -s -D $out @$rspfile
                  description = AR $out
                  rspfile = $out.rsp
                  rspfile_content = $in_newline
                rule link
                  command = ../../third_party/llvm-build/Release+Asserts/bin/clang++ $ldflags -o $out -Wl,--start-group @$out.rsp -Wl,--end-group $libs
                  description = LINK $out
                  rspfile = $out.rsp
                  rspfile_content = $in
                  pool = link_pool
                rule stamp
                  command = touch $out
                  description = STAMP $out
                """);
        try (BufferedWriter top = Files.newBufferedWriter(dir.resolve("build.ninja"), StandardCharsets.UTF_8)) {
            top.write("ninja_required_version = 1.7.2\n\npool link_pool\n  depth = 4\n\ninclude toolchain.ninja\n");
            for (int target = 0; target < targets; target++) {
                top.write("subninja obj/t" + target + ".ninja\n");
                writeTarget(dir, target);
            }
            top.write("build app: link");
            for (int target = 0; target < targets; target++) {
                top.write(" obj/t" + target + "/libt" + target + ".a");
            }
            top.write("\n  ldflags = -fuse-ld=lld -Wl,--icf=all\n  libs = -ldl -lpthread\nbuild all: phony app\ndefault all\n");
        }
        long bytes = 0;
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    private static void writeTarget(Path dir, int target) throws IOException {
        Path file = dir.resolve("obj/t" + target + ".ninja");
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("defines = -DUSE_UDEV -DUSE_AURA=1 -DUSE_GLIB=1 -DUSE_NSS_CERTS=1 -DUSE_OZONE=1 -D_FILE_OFFSET_BITS=64"
                    + " -D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_GNU_SOURCE -DCR_CLANG_REVISION=\\\"llvmorg-17\\\""
                    + " -DCOMPONENT_BUILD -D__STDC_CONSTANT_MACROS -DTARGET_" + target + "\n");
            out.write("include_dirs = -I../.. -Igen -I../../buildtools/third_party/libc++ -I../../third_party/abseil-cpp"
                    + " -I../../third_party/boringssl/src/include -I../../third_party/protobuf/src -Igen/t" + target + "\n");
            out.write("cflags = -fno-delete-null-pointer-checks -fno-ident -fno-strict-aliasing -fstack-protector"
                    + " -funwind-tables -fPIC -pthread -fcolor-diagnostics -fmerge-all-constants -m64 -O2 -g2 -Wall -Werror\n");
            out.write("cflags_cc = -std=c++20 -fno-exceptions -fno-rtti -nostdinc++ -fvisibility-inlines-hidden\n");
            out.write("target_out_dir = obj/t" + target + "\ntarget_output_name = t" + target + "\n\n");
            out.write("build obj/t" + target + "/inputs.stamp: stamp ../../t" + target + "/BUILD.gn\n");
            StringBuilder objects = new StringBuilder();
            for (int source = 0; source < SOURCES_PER_TARGET; source++) {
                String object = "obj/t" + target + "/src_" + source + ".o";
                out.write("build " + object + ": cxx ../../t" + target + "/src_" + source + ".cc || obj/t" + target
                        + "/inputs.stamp\n  source_file_part = src_" + source + ".cc\n  source_name_part = src_" + source
                        + "\n");
                objects.append(' ').append(object);
            }
            out.write("\nbuild obj/t" + target + "/libt" + target + ".a: alink" + objects + " || obj/t" + target
                    + "/inputs.stamp\n  arflags = -T\n  output_extension = .a\n  output_dir = obj/t" + target + "\n");
        }
    }
}
