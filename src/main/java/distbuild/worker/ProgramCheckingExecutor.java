package distbuild.worker;

import distbuild.model.JobResult;
import distbuild.model.Retry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Runs a job only where the programs it needs ({@link distbuild.model.Needs#programs()}) are the
 * very ones it was planned with: a result made by another compiler would be stored under an ID
 * that says otherwise. A worker that lacks one says so ({@link Retry#workerUnable}), and the job
 * goes to another. Digests are remembered while the file stays the same ({@link
 * distbuild.files.FileDigests#programSha256}), so a compiler is read once, not for every compile.
 * Nor does a worker run a job whose tree, seen where its commands look for it, would hide the
 * worker's own directories for the run (its data kept inside the client's project).
 */
final class ProgramCheckingExecutor implements JobExecutor {
    private final Logger log;
    private final JobExecutor next;
    ProgramCheckingExecutor(Logger log, JobExecutor next) {
        this.log = log;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
        var hidden = run.treeHidesOwnDirectories();
        if (hidden.isPresent()) {
            log.info("job {} cannot run here: {}", run.spec().job().describe(), hidden.get());
            return JobResult.retry(run.jobId(), Retry.workerUnable(hidden.get()));
        }
        for (Map.Entry<String, String> program : run.spec().job().needs().programs().entrySet()) {
            String problem = problem(Path.of(program.getKey()), program.getValue());
            if (problem != null) {
                log.info("job {} cannot run here: {}", run.spec().job().describe(), problem);
                return JobResult.retry(run.jobId(), Retry.workerUnable(problem));
            }
        }
        return next.execute(run);
    }

    /** Null if {@code program} here is the one wanted; else what is wrong, in words. */
    private String problem(Path program, String wanted) {
        String actual;
        try {
            actual = sha256(program);
        } catch (java.nio.file.NoSuchFileException e) {
            return "this worker has no " + program;
        } catch (IOException e) {
            return "this worker cannot read " + program + ": " + e.getMessage();
        }
        if (!actual.equals(wanted)) {
            return "this worker's " + program + " is another program than the job was planned with (SHA-256 "
                    + actual.substring(0, 12) + "… here, " + wanted.substring(0, 12) + "… wanted)";
        }
        return null;
    }

    private static String sha256(Path program) throws IOException {
        if (!Files.isRegularFile(program)) {
            throw Files.exists(program) ? new IOException("it is not a file") : new java.nio.file.NoSuchFileException(program.toString());
        }
        return distbuild.files.FileDigests.programSha256(program);
    }
}
