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

    /** Why this machine cannot map trees, for good: bwrap missing or failing. */
    private record Unavailable(String why) {}

    private static volatile Object found;

    /**
     * The mapping, once bubblewrap is known to work here; otherwise why not, for the job's failure.
     * Looked for once per process.
     */
    public static TreeMapping find() throws IOException {
        Object result = found;
        if (result == null) {
            synchronized (TreeMapping.class) {
                result = found;
                if (result == null) {
                    result = look();
                    found = result;
                }
            }
        }
        if (result instanceof TreeMapping mapping) {
            return mapping;
        }
        if (result instanceof Unavailable unavailable) {
            throw new IOException(unavailable.why());
        }
        found = null; // a try that was cut short: the next job tries again
        throw new IOException((String) result);
    }

    private static Object look() {
        Optional<String> bwrap = Sandbox.onPath("bwrap");
        if (bwrap.isEmpty()) {
            return new Unavailable("this worker cannot show the job's tree where its commands look for it: that needs"
                    + " bubblewrap (the bwrap command; Debian: apt-get install bubblewrap)");
        }
        try {
            Sandbox.ProcessResult trial = Sandbox.ProcessResult.run(List.of(bwrap.get(), "--dev-bind", "/", "/", "true"));
            if (trial.exitCode() != 0) {
                return new Unavailable("this worker cannot show the job's tree where its commands look for it: bwrap fails"
                        + " here (exit " + trial.exitCode() + "): " + trial.output() + " (it needs user namespaces, or root)");
            }
            return new TreeMapping(bwrap.get(), Sandbox.ProcessResult.run(List.of(bwrap.get(), "--help")).output().contains("--perms"));
        } catch (IOException e) {
            return "this worker cannot run bwrap: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while trying bwrap";
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
