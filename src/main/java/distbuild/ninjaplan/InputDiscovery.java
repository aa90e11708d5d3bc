package distbuild.ninjaplan;

import distbuild.ninja.NinjaEdge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The files an edge's command may read beyond the inputs the edge declares — a compile's headers,
 * which ninja itself learns only from depfiles after a first build — found before it runs, since
 * a remote command can read only what was sent.
 */
public interface InputDiscovery {
    /** What is known of an edge's reads. */
    sealed interface Reads {
        /**
         * The files it may read (absolute; generated ones included, which need not exist yet).
         *
         * @param machineDirectories the directories outside the build's own where it may read
         *     the machine's files (its compiler's); empty when unknown
         */
        record Known(Set<Path> files, List<Path> machineDirectories) implements Reads {}

        /** Not known until these generated files exist: what they include is unknown. */
        record AfterGenerated(Set<Path> generated) implements Reads {}

        /** Cannot be known before it runs: it must run where its files are, on the client. */
        record Unknowable(String why) implements Reads {}
    }

    /** Over-approximate rather than miss. */
    Reads readsOf(NinjaEdge edge) throws IOException;

    /**
     * A new look at the files: called before each plan, when generated files may have appeared.
     *
     * @param generated the outputs of the build's edges (absolute): files that exist or will
     */
    default void lookAgain(Set<Path> generated) {}

    /** Called after each plan: what was learnt of the files may be kept for the next build. */
    default void planned() {}
}
