package distbuild.ninja;

import java.util.List;
import java.util.Optional;

/**
 * A path the graph mentions, with the edge that produces it (none for a source file) and the
 * edges that read it (as an explicit, implicit or order-only input; validations not counted),
 * in file order. As in ninja, an edge listing the path twice is among its consumers twice.
 */
public record NinjaNode(String path, Optional<NinjaEdge> producer, List<NinjaEdge> consumers) {
    public NinjaNode {
        consumers = List.copyOf(consumers);
    }

    /**
     * Whether the path may be a file no edge writes: it has no producer, or only a phony edge
     * without inputs, which ninja takes for up to date when the file exists (CMake declares its
     * own input files this way, so that a deleted one does not stop the build).
     */
    public boolean maybeSourceFile() {
        return producer.map(edge -> edge.isPhony() && edge.allInputs().isEmpty()).orElse(true);
    }
}
