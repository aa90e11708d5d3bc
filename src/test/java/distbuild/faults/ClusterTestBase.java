package distbuild.faults;

import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh cluster of OS processes for each test, stopped after it, and projects to build on it. */
abstract class ClusterTestBase {
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path temp;

    ProcessCluster cluster;

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.coordinator().thaw(); // harmless unless a test froze it
            cluster.close();
        }
    }

    /** A project directory holding {@code distbuild.yaml}. */
    Path project(String name, CharSequence yaml) throws Exception {
        Path project = Files.createDirectories(temp.resolve(name));
        Files.writeString(project.resolve("distbuild.yaml"), yaml);
        return project;
    }
}
