package distbuild.cli;

import distbuild.files.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the launcher runs once after each build of the jar to train the JVM's class archive (the
 * JDK 25 AOT cache, or a CDS archive before it): the commands users run most, on a build file of
 * the examples, so that their classes load from the archive from then on. A {@code local} build,
 * then a cold and a cached {@code build} against a cluster in this process; then, where there is a
 * C compiler, a small ninja build through {@code local -C}, cold and again with nothing to do (the
 * edit-and-rebuild loop, whose every run pays for reading {@code build.ninja} and scanning includes
 * before its first job).
 *
 * <pre>java -XX:AOTCacheOutput=… -cp distbuild.jar distbuild.cli.TrainingRun BUILD_FILE</pre>
 */
public final class TrainingRun {
    /** What {@link #trainNinja} returns on a machine without a C compiler. */
    static final int NO_COMPILER = -1;

    private TrainingRun() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TrainingRun BUILD_FILE");
            System.exit(Main.ERROR);
        }
        String buildFile = args[0];
        Path scratch = Files.createTempDirectory("distbuild-training-");
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        int failures = 0;
        try {
            failures += exitCode(Main.run("local", "-f", buildFile, "--progress", "plain", "--data",
                    scratch.resolve("local").toString()));
            try (LocalCluster cluster = LocalCluster.start(LoggerFactory.getLogger("distbuild.training"),
                    scratch.resolve("cluster"), 1, 2)) {
                cluster.awaitWorkers(Duration.ofSeconds(30));
                for (int i = 0; i < 2; i++) { // the first build runs its jobs, the second finds them cached
                    failures += exitCode(Main.run("build", "--coordinator", cluster.coordinatorUri().toString(), "-f",
                            buildFile, "--progress", "plain"));
                }
            }
            int ninja = trainNinja(scratch.resolve("ninja"));
            if (ninja != 0 && ninja != NO_COMPILER) {
                System.err.println("training: the ninja build exited " + ninja);
            }
        } finally {
            System.setOut(out);
            delete(scratch);
        }
        System.exit(failures == 0 ? 0 : Main.ERROR);
    }

    /**
     * A ninja project of two compiles with headers and a link, built twice. Without {@code cc} on
     * the PATH it is left out; a failure is reported but keeps the archive (the build-file runs
     * above are what every user needs). Returns the last build's exit code, or {@link #NO_COMPILER}.
     */
    static int trainNinja(Path project) throws IOException {
        if (distbuild.launch.ProgramPath.find("cc").isEmpty()) {
            return NO_COMPILER;
        }
        Files.createDirectories(project.resolve("include"));
        Files.writeString(project.resolve("include/greet.h"), "#pragma once\n#include <stdio.h>\nvoid greet(const char *who);\n");
        Files.writeString(project.resolve("greet.c"), "#include \"greet.h\"\nvoid greet(const char *who) { printf(\"hello, %s\\n\", who); }\n");
        Files.writeString(project.resolve("main.c"), "#include <string.h>\n#include \"greet.h\"\n"
                + "int main(int argc, char **argv) { greet(argc > 1 ? argv[1] : \"world\"); return 0; }\n");
        Files.writeString(project.resolve("build.ninja"), """
                rule cc
                  command = cc -Iinclude -O0 -MD -MF $out.d -c $in -o $out
                  deps = gcc
                  depfile = $out.d
                  description = CC $out
                rule link
                  command = cc $in -o $out
                  description = LINK $out
                build greet.o: cc greet.c
                build main.o: cc main.c
                build hello: link main.o greet.o
                """);
        // Written a while ago, as a user's sources are: the second build then answers its scans from the first's.
        java.nio.file.attribute.FileTime earlier = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600));
        for (String file : List.of("include/greet.h", "greet.c", "main.c", "build.ninja")) {
            Files.setLastModifiedTime(project.resolve(file), earlier);
        }
        int code = 0;
        for (int i = 0; i < 2 && code == 0; i++) { // cold, then with nothing to do
            code = Main.run("local", "-C", project.toString(), "--progress", "plain", "--data",
                    project.resolveSibling("ninja-data").toString());
        }
        return code;
    }

    private static int exitCode(int code) {
        return code == 0 ? 0 : 1;
    }

    private static void delete(Path scratch) {
        try {
            FileTrees.deleteRecursively(scratch);
        } catch (IOException e) {
            System.err.println("could not delete " + scratch + ": " + e.getMessage());
        }
    }
}
