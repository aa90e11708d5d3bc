package distbuild.cli;

import distbuild.client.BuildListener;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.ninjaplan.BuildDirectory;
import distbuild.ninjaplan.NinjaPlan;
import distbuild.ninjaplan.UnsentReadsException;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lands each job's outputs in the build directory as soon as the job has succeeded, on a thread
 * of its own, while the build goes on: the outputs of a long build are then in place when it ends
 * instead of being fetched one after another afterwards (as ninja leaves each edge's outputs as it
 * finishes, also when a later edge fails). A landing that fails does not stop the others: it is
 * tried again after the build, unless the build fails for what a job read ({@link #throwIfReadUnsentFiles}).
 */
final class LandingAsJobsFinish implements BuildListener {
    /** Put after the last job: no job's ID (a SHA-1) is all zeros. */
    private static final Id NO_MORE = Id.of(new byte[Id.BYTES]);

    private final BuildDirectory directory;
    private final NinjaPlan plan;
    private final BuildDirectory.ArtifactFetcher fetcher;
    private final LinkedBlockingQueue<Id> finished = new LinkedBlockingQueue<>();
    private final Thread lander;
    private volatile Exception failure;


    LandingAsJobsFinish(BuildDirectory directory, NinjaPlan plan, BuildDirectory.ArtifactFetcher fetcher) {
        this.directory = directory;
        this.plan = plan;
        this.fetcher = fetcher;
        this.lander = Thread.ofVirtual().name("landing").start(this::landAsTheyCome);
    }
    @Override
    public void onJobFinished(Job job, JobResult result) {
        if (result.succeeded() && plan.edges().containsKey(job.id())) {
            finished.add(job.id());
        }
    }

    private void landAsTheyCome() {
        try {
            for (Id job; !(job = finished.take()).equals(NO_MORE); ) {
                try {
                    directory.land(plan, job, fetcher);
                } catch (IOException | RuntimeException e) {
                    // The others still land: ninja leaves every finished edge's outputs. What did not
                    // land is landed again after the build; only a verdict on what a job read is final.
                    if (failure == null || e instanceof UnsentReadsException) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for every job announced so far to land, or for a landing to fail. */
    void awaitLanded() throws InterruptedException {
        finished.add(NO_MORE);
        lander.join();
    }

    /** Throws the verdict that a job read files it was not sent, if a landing found one. */
    void throwIfReadUnsentFiles() throws UnsentReadsException {
        if (failure instanceof UnsentReadsException e) {
            throw e;
        }
    }
}
