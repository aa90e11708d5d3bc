package distbuild.worker;

import distbuild.model.JobResult;
import distbuild.sandbox.Confinement;
import distbuild.sandbox.JobTree;
import distbuild.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * With {@code --sandbox}, holds the job in its sandbox from its first command to its last: a user
 * of its own that owns its tree while it runs, its control group, and a watch on what it writes
 * that stops it at its disk limit. A failure caused by a limit is told as that limit; the job's
 * output is handed back to the worker before it is stored.
 */
final class ConfinedExecutor implements JobExecutor {
    private final Logger log;
    private final Sandbox sandbox;
    private final int outputLimit;
    private final JobExecutor next;

    ConfinedExecutor(Logger log, Sandbox sandbox, int outputLimit, JobExecutor next) {
        this.log = log;
        this.sandbox = sandbox;
        this.outputLimit = outputLimit;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        Path tmp = run.scratchDir().resolve("tmp");
        JobTree tree = new JobTree(run.sourceDir(), run.outputDir(), tmp, List.copyOf(run.deps().values()),
                run.spec().job().network(), run.treeAt());
        Confinement confinement = sandbox.confine(tree);
        try {
            Optional<JobResult> finished = StoppableCommands.start(next, run.withConfinement(confinement))
                    .await(confinement.overDiskLimit(), Long.MAX_VALUE);
            JobResult result;
            if (finished.isPresent()) {
                result = confinement.explain(finished.get());
            } else {
                String why = confinement.overDiskLimit().getNow("stopped");
                log.info("job {} stopped: {}", run.spec().job().describe(), why);
                result = CommandExecutor.stoppedWithOutput(run, outputLimit, why);
            }
            confinement.handBackOutput();
            return result;
        } finally {
            try {
                confinement.close();
            } catch (IOException e) {
                // The job's result stands: what is left (a busy control group) is removed at the next start.
                log.warn("job {}: could not release its sandbox: {}", run.spec().job().describe(), e.getMessage());
            }
        }
    }
}
