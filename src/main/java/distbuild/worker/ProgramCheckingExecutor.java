package distbuild.worker;

import distbuild.model.JobResult;
import distbuild.model.Retry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Runs a job only where the programs it needs ({@link distbuild.model.Needs#programs()}) are the
 * very ones it was planned with: a result made by another compiler would be stored under an ID
 * that says otherwise. A worker that lacks one says so ({@link Retry#workerUnable}), and the job
 * goes to another. Digests are remembered by the file's identity, size and time, so a compiler is
 * read once, not for every compile.
 */
final class ProgramCheckingExecutor implements JobExecutor {
    private final Logger log;
    private final JobExecutor next;
    private final Map<Path, Digest> digests = new ConcurrentHashMap<>();

    private record Digest(Object fileKey, long size, long modified, String sha256) {}

    ProgramCheckingExecutor(Logger log, JobExecutor next) {
        this.log = log;
        this.next = next;
    }

    @Override
    public JobResult execute(JobRun run) throws Exception {
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

    private String sha256(Path program) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(program, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("it is not a file");
        }
        Digest known = digests.get(program);
        if (known != null && known.size() == attributes.size() && known.modified() == attributes.lastModifiedTime().toMillis()
                && java.util.Objects.equals(known.fileKey(), attributes.fileKey())) {
            return known.sha256();
        }
        String sha = distbuild.files.FileDigests.sha256(program);
        digests.put(program, new Digest(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis(), sha));
        return sha;
    }
}
