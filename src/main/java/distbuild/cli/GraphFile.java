package distbuild.cli;

import distbuild.model.Graph;
import distbuild.model.InvalidGraphException;
import distbuild.protocol.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a GRAPH.json (a Graph in the wire format) and checks it before anything is started. */
final class GraphFile {
    private GraphFile() {}

    static Graph read(Path file) throws IOException {
        Graph graph;
        try (InputStream in = Files.newInputStream(file)) {
            graph = WireFormat.decodeGraph(in);
        } catch (NoSuchFileException e) {
            throw new IOException("graph file " + file + " does not exist");
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        try {
            return graph.validate();
        } catch (InvalidGraphException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
