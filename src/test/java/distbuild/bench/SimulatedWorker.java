package distbuild.bench;

import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import java.io.IOException;
import java.util.List;

/**
 * A worker that runs nothing, speaking the real heartbeat protocol over HTTP: it keeps one
 * heartbeat in flight offering all its slots, and reports every job it was given as finished
 * (successfully) in the very next heartbeat, saying {@code ReportsAtOnce} as our workers do. It
 * lets the coordinator's dispatching be measured without any job's cost.
 */
final class SimulatedWorker implements Runnable {
    /** When jobs were handed out, across all simulated workers. */
    static final class Dispatches {
        private long count;
        private long first = -1;
        private long last = -1;
        private String failure;

        synchronized void record(int jobs) {
            if (jobs == 0) {
                return;
            }
            long now = System.nanoTime();
            if (first < 0) {
                first = now;
            }
            last = now;
            count += jobs;
        }

        synchronized void failed(String why) {
            if (failure == null) {
                failure = why;
            }
        }

        synchronized long count() {
            return count;
        }

        /** Nanoseconds from the first job handed out to the last. */
        synchronized long span() {
            return last - first;
        }

        synchronized String failure() {
            return failure;
        }
    }

    private final HeartbeatClient coordinator;
    private final WorkerId id;
    private final int slots;
    private final Dispatches dispatches;

    SimulatedWorker(HeartbeatClient coordinator, WorkerId id, int slots, Dispatches dispatches) {
        this.coordinator = coordinator;
        this.id = id;
        this.slots = slots;
        this.dispatches = dispatches;
    }

    @Override
    public void run() {
        List<JobResult> finished = List.of();
        while (!Thread.currentThread().isInterrupted()) {
            List<Id> added = finished.stream().map(JobResult::jobId).toList();
            HeartbeatResponse response;
            try {
                response = coordinator.heartbeat(new HeartbeatRequest(id, List.of(), slots, finished, added, List.of(), true));
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    dispatches.failed(id + ": " + e);
                }
                return;
            }
            dispatches.record(response.jobsToRun().size());
            finished = response.jobsToRun().keySet().stream().map(job -> JobResult.success(job, null, null)).toList();
        }
    }
}
