package distbuild.protocol;

import distbuild.model.Graph;
import java.util.Objects;

/**
 * {@code POST /build}: the graph to build.
 *
 * @param reportJobStarts whether the client wants a {@code JobStarted} update each time one of
 *     its jobs is handed to a worker (our extension; a client of the reference design never asks,
 *     so its stream holds only the updates it knows)
 */
public record BuildRequest(Graph graph, boolean reportJobStarts) {
    public BuildRequest {
        Objects.requireNonNull(graph, "graph");
    }

    public BuildRequest(Graph graph) {
        this(graph, false);
    }
}
