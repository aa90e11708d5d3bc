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
 *     the status page and to share slots fairly between people, never trusted for anything else. Null when unknown.
 * @param priority the level the build asks for among running builds (our extension, {@code Priority}):
 *     0 by default, lower to yield, higher (within the coordinator's limit) for about twice the
 *     slots per level
 */
public record BuildRequest(Graph graph, boolean reportJobStarts, String submitter, int priority) {
    /** The most characters of a submitter's name that are kept. */
    public static final int SUBMITTER_LIMIT = 200;

    public BuildRequest {
        Objects.requireNonNull(graph, "graph");
        if (priority < -3 || priority > 3) {
            throw new distbuild.model.InvalidInputException("a build's priority is from -3 to 3, got " + priority);
        }
        if (submitter != null) {
            // Told by the client and shown to people: one short line.
            submitter = submitter.codePoints().limit(SUBMITTER_LIMIT)
                    .map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }
    }

    public BuildRequest(Graph graph, boolean reportJobStarts, String submitter) {
        this(graph, reportJobStarts, submitter, 0);
    }

    public BuildRequest(Graph graph, boolean reportJobStarts) {
        this(graph, reportJobStarts, null);
    }

    public BuildRequest(Graph graph) {
        this(graph, false);
    }

    /** The same request, said to come from {@code submitter}. */
    public BuildRequest withSubmitter(String submitter) {
        return new BuildRequest(graph, reportJobStarts, submitter, priority);
    }

    /**
     * Who sent it, for sharing slots between people: the user name the client gave ({@code alice} of
     * {@code alice@laptop}), else the address it came from without its port; "" when unknown.
     */
    public String user() {
        if (submitter == null) {
            return "";
        }
        String first = submitter.split(" ", 2)[0];
        int at = first.indexOf('@');
        if (at >= 0) {
            return first.substring(0, at);
        }
        int colon = first.lastIndexOf(':');
        return colon > 0 && first.substring(colon + 1).matches("\\d{1,5}") ? first.substring(0, colon) : first;
    }
}
