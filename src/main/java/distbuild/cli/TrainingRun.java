package distbuild.cli;

import distbuild.files.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * What the launcher runs once after each build of the jar to train the JVM's class archive (the
 * JDK 25 AOT cache, or a CDS archive before it): the commands users run most, on a build file of
 * the examples, so that their classes load from the archive from then on. A {@code local} build,
 * then a cold and a cached {@code build} against a cluster in this process.
 *
 * <pre>java -XX:AOTCacheOutput=… -cp distbuild.jar distbuild.cli.TrainingRun BUILD_FILE</pre>
 */
public final class TrainingRun {
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
        } finally {
            System.setOut(out);
            delete(scratch);
        }
        System.exit(failures == 0 ? 0 : Main.ERROR);
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
