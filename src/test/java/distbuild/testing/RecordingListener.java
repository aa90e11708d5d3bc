package distbuild.testing;

import distbuild.client.BuildListener;
import distbuild.model.Job;
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
    public final List<String> finished = new CopyOnWriteArrayList<>();
    public final List<String> failed = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStdout(Job job, byte[] data) {
        stdout.computeIfAbsent(job.name(), k -> new ByteArrayOutputStream()).writeBytes(data);
    }

    @Override
    public void onJobStderr(Job job, byte[] data) {
        stderr.computeIfAbsent(job.name(), k -> new ByteArrayOutputStream()).writeBytes(data);
    }

    @Override
    public void onJobFinished(Job job) {
        finished.add(job.name());
    }

    @Override
    public void onJobFailed(Job job, int exitCode, String error) {
        failed.add(job.name() + ": " + (error != null ? error : "exit code " + exitCode));
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
