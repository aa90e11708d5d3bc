package distbuild.testing;

import distbuild.client.BuildListener;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers everything a build reported, by job name. */
public final class RecordingListener implements BuildListener {
    private final Map<String, ByteArrayOutputStream> stdout = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> stderr = new ConcurrentHashMap<>();
    public final List<String> started = new CopyOnWriteArrayList<>();
    public final List<String> finished = new CopyOnWriteArrayList<>();
    public final List<String> failed = new CopyOnWriteArrayList<>();
    public final Map<String, JobResult> results = new ConcurrentHashMap<>();

    @Override
    public void onJobStarted(Job job, WorkerId worker) {
        started.add(job.name());
    }

    @Override
    public void onJobFinished(Job job, JobResult result) {
        stdout.computeIfAbsent(job.name(), k -> new ByteArrayOutputStream()).writeBytes(result.stdout());
        stderr.computeIfAbsent(job.name(), k -> new ByteArrayOutputStream()).writeBytes(result.stderr());
        results.put(job.name(), result);
        if (result.succeeded()) {
            finished.add(job.name());
        } else {
            failed.add(job.name() + ": " + result.failure());
        }
    }

    public String stdout(String job) {
        ByteArrayOutputStream out = stdout.get(job);
        return out == null ? "" : out.toString(StandardCharsets.UTF_8);
    }

    public String stderr(String job) {
        ByteArrayOutputStream err = stderr.get(job);
        return err == null ? "" : err.toString(StandardCharsets.UTF_8);
    }
}
