package distbuild.protocol;

import distbuild.model.Graph;
import java.util.Objects;

/** {@code POST /build}: the graph to build. */
public record BuildRequest(Graph graph) {
    public BuildRequest {
        Objects.requireNonNull(graph, "graph");
    }
}
