package distbuild.testing;

import distbuild.http.HttpClients;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.HeartbeatClient;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.HeartbeatResponse;
import distbuild.protocol.JobSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * A worker that behaves exactly as one written to the reference design: one heartbeat in flight
 * at a time, 20 ms of sleep between heartbeats, one slot, and a finished job reported only in the
 * next heartbeat. It speaks the real protocol over HTTP and runs its jobs' exec commands for real
 * (jobs without inputs or deps: it serves no artifacts).
 */
public final class ReferenceStyleWorker implements AutoCloseable {
    private final WorkerId id;
    private final HttpClient http = HttpClients.create();
    private final HeartbeatClient coordinator;
    private final Path scratch;
    private final Thread loop;
    private final List<JobResult> finished = new ArrayList<>();
    private Id running;
    private int ran;

    public ReferenceStyleWorker(Logger log, URI coordinator, WorkerId id, Path scratch) {
        this.id = id;
        this.coordinator = new HeartbeatClient(log, http, coordinator);
        this.scratch = scratch;
        this.loop = Thread.ofVirtual().name("reference-worker").start(this::heartbeat);
    }

    /** How many jobs it ran. */
    public synchronized int ran() {
        return ran;
    }

    private void heartbeat() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                HeartbeatRequest request;
                synchronized (this) {
                    request = new HeartbeatRequest(id, running == null ? List.of() : List.of(running),
                            running == null ? 1 : 0, List.copyOf(finished), List.of());
                    finished.clear();
                }
                HeartbeatResponse response;
                try {
                    response = coordinator.heartbeat(request);
                } catch (IOException e) {
                    synchronized (this) {
                        finished.addAll(0, request.finishedJobs());
                    }
                    Thread.sleep(100);
                    continue;
                }
                for (JobSpec spec : response.jobsToRun().values()) {
                    synchronized (this) {
                        running = spec.id();
                    }
                    Thread.ofVirtual().start(() -> run(spec));
                }
                Thread.sleep(20); // the reference worker's pause between heartbeats
            }
        } catch (InterruptedException stopped) {
            // closing
        }
    }

    private void run(JobSpec spec) {
        JobResult result;
        try {
            Path dir = Files.createTempDirectory(scratch, "job");
            for (Cmd cmd : spec.job().cmds()) {
                if (cmd instanceof Cmd.Exec exec) {
                    int exit = new ProcessBuilder(exec.argv()).directory(dir.toFile()).start().waitFor();
                    if (exit != 0) {
                        throw new IOException("exit code " + exit);
                    }
                }
            }
            result = JobResult.success(spec.id(), null, null);
        } catch (IOException | InterruptedException e) {
            result = JobResult.error(spec.id(), e.toString());
        }
        synchronized (this) {
            finished.add(result); // reported in the next heartbeat, not before
            running = null;
            ran++;
        }
    }

    @Override
    public void close() throws InterruptedException {
        loop.interrupt();
        loop.join();
        http.close();
    }
}
