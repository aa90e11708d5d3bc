package distbuild.protocol;

import distbuild.model.Graph;
import java.util.Objects;

/**
 * {@code POST /build}: the graph to build.
 *
 * @param reportJobStarts whether the client wants a {@code JobStarted} update each time one of
 *     its jobs is handed to a worker (our extension; a client of the reference design never asks,
 *     so its stream holds only the updates it knows)
 * @param submitter who sent it, as the client says (our extension, {@code Submitter}: such as
 *     {@code alice@laptop}) and the coordinator completes with the address it came from; shown on
 *     the status page, never trusted for anything else. Null when unknown.
 */
public record BuildRequest(Graph graph, boolean reportJobStarts, String submitter) {
    /** The most characters of a submitter's name that are kept. */
    public static final int SUBMITTER_LIMIT = 200;

    public BuildRequest {
        Objects.requireNonNull(graph, "graph");
        if (submitter != null) {
            // Told by the client and shown to people: one short line.
            submitter = submitter.codePoints().limit(SUBMITTER_LIMIT)
                    .map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }
    }

    public BuildRequest(Graph graph, boolean reportJobStarts) {
        this(graph, reportJobStarts, null);
    }

    public BuildRequest(Graph graph) {
        this(graph, false);
    }

    /** The same request, said to come from {@code submitter}. */
    public BuildRequest withSubmitter(String submitter) {
        return new BuildRequest(graph, reportJobStarts, submitter);
    }
}
