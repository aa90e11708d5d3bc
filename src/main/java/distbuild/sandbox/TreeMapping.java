package distbuild.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For a worker without {@code --sandbox}: runs a job's command with parts of its tree seen at the
 * absolute paths the command names ({@link distbuild.model.Needs#treeAt()}), in a mount namespace
 * of bubblewrap's, and nothing else changed: the machine as it is, the job's user, its network.
 */
public final class TreeMapping {
    private final String bwrap;
    private final boolean openParents;

    private TreeMapping(String bwrap, boolean openParents) {
        this.bwrap = bwrap;
        this.openParents = openParents;
    }

    /** What this process learnt of bubblewrap here: a mapping, or why there can be none (bwrap missing or failing). */
    private static volatile TreeMapping found;
    private static volatile String unavailable;

    /**
     * The mapping, once bubblewrap is known to work here; otherwise why not, for the job's failure.
     * Looked for once per process; a look cut short (an interrupt, a failure to start bwrap at all)
     * is not remembered, and the next job looks again.
     */
    public static TreeMapping find() throws IOException {
        if (found == null && unavailable == null) {
            synchronized (TreeMapping.class) {
                if (found == null && unavailable == null) {
                    look();
                }
            }
        }
        if (found != null) {
            return found;
        }
        throw new IOException(unavailable);
    }

    private static void look() throws IOException {
        Optional<String> bwrap = Sandbox.onPath("bwrap");
        if (bwrap.isEmpty()) {
            unavailable = "this worker cannot show the job's tree where its commands look for it: that needs"
                    + " bubblewrap (the bwrap command; Debian: apt-get install bubblewrap)";
            return;
        }
        try {
            Sandbox.ProcessResult trial = Sandbox.ProcessResult.run(List.of(bwrap.get(), "--dev-bind", "/", "/", "true"));
            if (trial.exitCode() != 0) {
                unavailable = "this worker cannot show the job's tree where its commands look for it: bwrap fails"
                        + " here (exit " + trial.exitCode() + "): " + trial.output() + " (it needs user namespaces, or root)";
                return;
            }
            found = new TreeMapping(bwrap.get(), Sandbox.ProcessResult.run(List.of(bwrap.get(), "--help")).output().contains("--perms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while trying bwrap");
        }
    }

    /** The command line that runs {@code argv} in {@code workDir} with each tree directory seen at its path. */
    public List<String> wrap(List<String> argv, Path workDir, Map<Path, Path> treeAt) throws IOException {
        List<String> command = new ArrayList<>(List.of(bwrap, "--die-with-parent"));
        JobTree tree = new JobTree(Path.of("/"), null, Path.of("/"), List.of(), true, treeAt);
        MountPlan mounts = new MountPlan(MountPlan.HostView.AS_IT_IS, List.of(), false, openParents, false);
        command.addAll(mounts.args(tree.seenAt(), List.of(), List.of()));
        command.addAll(List.of("--chdir", workDir.toAbsolutePath().toString(), "--"));
        command.addAll(argv);
        return command;
    }
}
