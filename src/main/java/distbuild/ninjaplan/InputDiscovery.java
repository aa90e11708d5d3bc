package distbuild.ninjaplan;

import distbuild.ninja.NinjaEdge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The files an edge's command may read beyond the inputs the edge declares — a compile's headers,
 * which ninja itself learns only from depfiles after a first build — found before it runs, since
 * a remote command can read only what was sent.
 */
public interface InputDiscovery {
    /**
     * Absolute paths the command may read, generated ones (other edges' outputs, which need not
     * exist yet) included. Over-approximate rather than miss.
     *
     * @param generated the outputs of the build's edges, absolute: files that will exist
     */
    Set<Path> readsOf(NinjaEdge edge, Set<Path> generated) throws IOException;
}
