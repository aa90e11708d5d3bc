package distbuild.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildDetails.JobRow;
import distbuild.protocol.ClusterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status pages show of a build, job by job, as news of its jobs arrives in any order. */
class BuildJournalTest {
    private static final WorkerId WORKER = new WorkerId("http://127.0.0.1:1/a");
    private static final WorkerId OTHER = new WorkerId("http://127.0.0.1:1/b");

    private final Job first = job("first");
    private final Job second = job("second", first);
    private final BuildJournal journal = new BuildJournal(Id.ofContent(new byte[] {9}), "alice@laptop",
            new Graph(Map.of(), List.of(first, second)));

    @Test
    void aJobGoesFromPendingToWaitingToQueuedToStartedToRanAndTheSummaryCountsIt() {
        assertThat(row(first).state()).as("its sources are still being uploaded").isEqualTo("pending");
        assertThat(journal.summary()).extracting(ClusterStatus.Build::waitingOnDeps, ClusterStatus.Build::running)
                .containsExactly(0, 0);
        journal.jobsStarting();
        assertThat(row(first).state()).isEqualTo("waiting");
        assertThat(journal.summary()).extracting(ClusterStatus.Build::waitingOnDeps, ClusterStatus.Build::running)
                .containsExactly(2, 0);

        journal.queued(first);
        assertThat(row(first).state()).isEqualTo("queued");
        journal.started(first, WORKER);
        assertThat(row(first)).extracting(JobRow::state, JobRow::worker, JobRow::tries)
                .containsExactly("started", WORKER.url(), 1);
        assertThat(journal.summary()).extracting(ClusterStatus.Build::waitingOnDeps, ClusterStatus.Build::running)
                .containsExactly(1, 1);

        journal.finished(first, JobResult.success(first.id(), "out".getBytes(), new byte[0])
                .withProvenance(Provenance.ran(WORKER, new Provenance.Timing(Duration.ofMillis(3), Duration.ofMillis(40),
                        Duration.ofMillis(2)))));
        JobRow done = row(first);
        assertThat(done).extracting(JobRow::state, JobRow::exitCode, JobRow::fetchMillis, JobRow::runMillis,
                JobRow::storeMillis, JobRow::stdout).containsExactly("ran", 0, 3L, 40L, 2L, null);
        assertThat(done.finishedAtMillis()).isGreaterThanOrEqualTo(done.startedAtMillis());
        assertThat(journal.summary().finished()).isEqualTo(1);
        assertThat(journal.summary().state()).isEqualTo("running");
    }

    @Test
    void aLostTryQueuesTheJobAgainAndSaysWhyAndTheNextTryCounts() {
        journal.queued(first);
        journal.started(first, WORKER);
        journal.lost(first, WORKER, "the worker stopped answering");
        assertThat(row(first)).extracting(JobRow::state, JobRow::tries).containsExactly("queued", 1);
        assertThat(row(first).error()).contains(WORKER.url(), "the worker stopped answering");

        journal.started(first, OTHER);
        assertThat(row(first)).extracting(JobRow::state, JobRow::worker, JobRow::tries).containsExactly("started", OTHER.url(), 2);
    }

    @Test
    void aLostTryOfAJobRunningElsewhereChangesNothingAndARunAgainForgetsTheLastTry() {
        journal.queued(first);
        journal.started(first, WORKER);
        journal.started(first, OTHER); // handed out again: the first worker stopped listing it
        journal.lost(first, WORKER, "the worker stopped listing it");
        assertThat(row(first)).extracting(JobRow::state, JobRow::worker).containsExactly("started", OTHER.url());

        journal.finished(first, new JobResult(first.id(), "out".getBytes(), new byte[0], 1, null)
                .withProvenance(Provenance.ran(OTHER, new Provenance.Timing(Duration.ZERO, Duration.ofMillis(9), Duration.ZERO))));
        journal.queued(first); // its dependant lost its artifact: it runs again
        assertThat(row(first)).extracting(JobRow::state, JobRow::worker, JobRow::exitCode, JobRow::runMillis, JobRow::stdout,
                JobRow::finishedAtMillis).containsExactly("queued", null, null, 0L, null, -1L);
    }

    @Test
    void onlyTheFirstFewFailedJobsKeepTheirOutput() {
        List<Job> many = java.util.stream.IntStream.range(0, 10).mapToObj(i -> job("failing " + i)).toList();
        BuildJournal failing = new BuildJournal(Id.ofContent(new byte[] {8}), null, new Graph(Map.of(), many));
        for (Job job : many) {
            failing.queued(job);
            failing.finished(job, new JobResult(job.id(), new byte[0], "error\n".getBytes(), 1, null));
        }

        assertThat(failing.details(100).jobs()).extracting(JobRow::stderr).filteredOn(java.util.Objects::nonNull)
                .hasSize(BuildJournal.OUTPUTS_KEPT);
        assertThat(failing.details(100).jobs()).extracting(JobRow::exitCode).containsOnly(1);
    }

    @Test
    void lateNewsOfAStartNeverUndoesAFinish() {
        journal.queued(first);
        journal.finished(first, JobResult.success(first.id(), new byte[0], new byte[0])
                .withProvenance(Provenance.cached(WORKER)));
        journal.started(first, OTHER);
        journal.lost(first, OTHER, "gone");

        assertThat(row(first)).extracting(JobRow::state, JobRow::worker).containsExactly("cached", WORKER.url());
    }

    @Test
    void aFailedJobKeepsTheEndOfItsOutputAndTheBuildsEndCancelsTheRest() {
        byte[] longOutput = ("x".repeat(BuildJournal.OUTPUT_KEPT_BYTES) + "where it went wrong\n").getBytes(StandardCharsets.UTF_8);
        journal.queued(first);
        journal.started(first, WORKER);
        journal.finished(first, new JobResult(first.id(), longOutput, "error: no\n".getBytes(), 2, null));
        journal.ended(ClusterStatus.Build.FAILED, "job 'first' failed: exit code 2");
        journal.queued(second); // what cancelling its jobs brings after the end is no news
        journal.ended(ClusterStatus.Build.ABANDONED, null); // the first end stays

        JobRow failed = row(first);
        assertThat(failed.state()).isEqualTo("failed");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.stderr()).isEqualTo("error: no\n");
        assertThat(failed.stdout()).startsWith("… (20 bytes before)\n").endsWith("where it went wrong\n");
        assertThat(row(second).state()).isEqualTo("cancelled");
        ClusterStatus.Build summary = journal.summary();
        assertThat(summary).extracting(ClusterStatus.Build::state, ClusterStatus.Build::failure, ClusterStatus.Build::submitter,
                ClusterStatus.Build::finished, ClusterStatus.Build::running, ClusterStatus.Build::waitingOnDeps)
                .containsExactly("failed", "job 'first' failed: exit code 2", "alice@laptop", 1, 0, 0);
        assertThat(journal.summary().elapsedMillis()).as("stops counting at the end").isEqualTo(summary.elapsedMillis());
    }

    @Test
    void aJobThatCouldNotRunShowsWhyWithoutAnExitCode() {
        journal.queued(first);
        journal.couldNotRun(first, "no live worker for 60 s");

        assertThat(row(first)).extracting(JobRow::state, JobRow::exitCode, JobRow::error)
                .containsExactly("failed", null, "no live worker for 60 s");
    }

    @Test
    void aBigBuildListsItsFailedAndRunningJobsFirstThenOthersUpToTheLimit() {
        List<Job> many = java.util.stream.IntStream.range(0, 50).mapToObj(i -> job("job " + i)).toList();
        BuildJournal big = new BuildJournal(Id.ofContent(new byte[] {7}), null, new Graph(Map.of(), many));
        big.queued(many.get(40));
        big.started(many.get(40), WORKER);
        big.queued(many.get(45));
        big.finished(many.get(45), new JobResult(many.get(45).id(), new byte[0], new byte[0], 1, null));

        assertThat(big.details(5).jobs()).extracting(JobRow::name)
                .containsExactly("job 0", "job 1", "job 2", "job 40", "job 45");
        assertThat(big.details(0).jobs()).extracting(JobRow::name).containsExactly("job 40", "job 45");
        assertThat(big.details(1000).jobs()).hasSize(50);
        assertThat(big.details(5).build().jobs()).isEqualTo(50);
    }

    @Test
    void theHistoryKeepsTheNewestBuildsWithinItsBounds() {
        BuildHistory history = new BuildHistory(3, 5);
        List<BuildJournal> journals = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> new BuildJournal(Id.ofContent(new byte[] {(byte) i}), null, graphOf(i == 4 ? 7 : 1))).toList();

        journals.subList(0, 4).forEach(history::ended);
        assertThat(history.recent(10)).containsExactly(journals.get(3), journals.get(2), journals.get(1));
        assertThat(history.find(journals.get(0).id())).isEmpty();
        assertThat(history.recent(2)).hasSize(2);

        history.ended(journals.get(4)); // 7 jobs alone: over the bound, kept as the newest
        assertThat(history.recent(10)).containsExactly(journals.get(4));
        assertThat(history.find(journals.get(4).id())).contains(journals.get(4));
    }

    private JobRow row(Job job) {
        return journal.details(100).jobs().stream().filter(row -> row.id().equals(job.id().hex())).findFirst().orElseThrow();
    }

    private static Graph graphOf(int jobs) {
        return new Graph(Map.of(), java.util.stream.IntStream.range(0, jobs).mapToObj(i -> job("job " + i)).toList());
    }

    private static Job job(String name, Job... deps) {
        return new Job(Id.ofContent(name.getBytes(StandardCharsets.UTF_8)), name, List.of(),
                java.util.Arrays.stream(deps).map(Job::id).toList(), List.of(new Cmd.Exec(List.of("true", name))));
    }
}
