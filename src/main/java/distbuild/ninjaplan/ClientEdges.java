package distbuild.ninjaplan;

import distbuild.ninja.NinjaEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an edge on the client, in the build directory, as ninja would: its response file written
 * first and removed after a success, its command through {@code /bin/sh -c}, talking to the
 * person's terminal (console-pool edges are there for that).
 */
public final class ClientEdges {
    private final Path buildDir;

    public ClientEdges(Path buildDir) {
        this.buildDir = buildDir;
    }

    /** Runs the edge; returns its exit code. */
    public int run(NinjaEdge edge) throws IOException, InterruptedException {
        Path rspfile = edge.rspfile().isEmpty() ? null : buildDir.resolve(edge.rspfile());
        if (rspfile != null) {
            Files.createDirectories(rspfile.getParent());
            Files.writeString(rspfile, edge.rspfileContent());
        }
        for (String output : edge.allOutputs()) {
            Path parent = buildDir.resolve(output).normalize().getParent();
            if (parent != null) {
                Files.createDirectories(parent); // ninja makes its outputs' directories first
            }
        }
        Process process = new ProcessBuilder(List.of("/bin/sh", "-c", edge.command())).directory(buildDir.toFile())
                .inheritIO().start();
        try {
            int exitCode = process.waitFor();
            if (exitCode == 0 && rspfile != null) {
                Files.deleteIfExists(rspfile);
            }
            return exitCode;
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw e;
        }
    }
}
