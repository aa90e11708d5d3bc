package distbuild.coordinator;

import distbuild.model.Id;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The journals of the builds that ended most recently, for the status pages, within a bound on
 * how many builds and how many of their jobs are kept: a journal costs memory per job, and one
 * 100,000-job build must not keep the coordinator's heap from shrinking for long. Thread-safe.
 */
final class BuildHistory {
    static final int MOST_BUILDS = 100;
    static final int MOST_JOBS = 200_000;

    private final int mostBuilds;
    private final int mostJobs;
    /** Newest first. */
    private final Deque<BuildJournal> ended = new ArrayDeque<>();
    private long jobs;

    BuildHistory() {
        this(MOST_BUILDS, MOST_JOBS);
    }

    BuildHistory(int mostBuilds, int mostJobs) {
        this.mostBuilds = mostBuilds;
        this.mostJobs = mostJobs;
    }

    synchronized void ended(BuildJournal journal) {
        ended.addFirst(journal);
        jobs += journal.jobCount();
        // The newest one stays even when it alone is over the bound: its failure is what people come to see.
        while (ended.size() > 1 && (ended.size() > mostBuilds || jobs > mostJobs)) {
            jobs -= ended.removeLast().jobCount();
        }
    }

    synchronized Optional<BuildJournal> find(Id build) {
        return ended.stream().filter(journal -> journal.id().equals(build)).findFirst();
    }

    /** At most {@code most} of them, newest first. */
    synchronized List<BuildJournal> recent(int most) {
        return ended.stream().limit(most).toList();
    }
}
