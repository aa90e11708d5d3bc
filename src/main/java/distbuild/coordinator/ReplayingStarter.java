package distbuild.coordinator;

import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import distbuild.scheduler.JobTicket;
import distbuild.scheduler.Priority;
import distbuild.scheduler.Scheduler;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Starts a build's job through the scheduler, unless its result is known and a live worker
 * still has its artifact: then the job is done already, and the result is replayed at once. A job
 * that would make what an earlier one made, held by a live worker, is noted for {@link EarlyCutoff}.
 */
final class ReplayingStarter implements JobStarter {
    private final Logger log;
    private final KnownResults known;
    private final Scheduler scheduler;
    private final EarlyCutoff cutoff;

    ReplayingStarter(Logger log, KnownResults known, Scheduler scheduler, EarlyCutoff cutoff) {
        this.log = log;
        this.known = known;
        this.scheduler = scheduler;
        this.cutoff = cutoff;
    }

    @Override
    public void batch(Runnable starts) {
        scheduler.batch(starts);
    }

    @Override
    public JobTicket start(Job job, Map<Id, String> sourceFiles, Priority priority) {
        Optional<JobResult> result = known.get(job.id());
        Optional<WorkerId> holder = result.isPresent() ? scheduler.locate(job.id()) : Optional.empty();
        if (holder.isPresent()) {
            log.debug("job {} replayed from a known result", job.describe());
            return new ReplayedJob(result.get().withProvenance(Provenance.cached(holder.get())));
        }
        try {
            cutoff.earlierFor(job, sourceFiles, earlier -> scheduler.locate(earlier).isPresent()).ifPresent(earlier ->
                    log.debug("job {} makes what {} made: its worker may take that instead of running it", job.describe(),
                            earlier.shortHex()));
        } catch (RuntimeException e) {
            log.warn("job {}: no early cutoff ({})", job.describe(), e.toString()); // it runs, as it would have
        }
        return scheduler.submit(job, sourceFiles, priority);
    }
}
