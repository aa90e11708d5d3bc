package distbuild.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import distbuild.model.Provenance;
import distbuild.model.WorkerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a build as Chrome trace-event JSON, which Perfetto and chrome://tracing open: one
 * process per worker with one lane per job slot in use, a span per phase of each job that ran
 * there (fetching inputs, running, storing the artifact), a marker for each cache hit, and a
 * "queue" process whose spans show how long ready jobs waited for a worker.
 *
 * <p>Times are the client's: a job's phases, as its worker measured them, are laid out from the
 * moment the client heard it started. Lanes are assigned here, by packing each worker's jobs.
 */
public final class TraceFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE_PID = 1;

    private TraceFile() {}

    public static void write(BuildTimeline timeline, WorkerNames names, Path file) throws IOException {
        ArrayNode events = JSON.createArrayNode();
        process(events, QUEUE_PID, "queue (ready, waiting for a worker)", 0);
        Map<WorkerId, Integer> pids = new LinkedHashMap<>();
        Map<Integer, List<Long>> lanes = new LinkedHashMap<>(); // per process: when each lane is free again
        List<BuildTimeline.Track> tracks = new ArrayList<>(timeline.tracks());
        tracks.sort(Comparator.comparingLong(track -> track.startedAt() >= 0 ? track.startedAt() : track.finishedAt()));
        for (BuildTimeline.Track track : tracks) {
            if (!track.isFinished()) {
                continue;
            }
            String name = JobOutput.label(track.job());
            if (track.startedAt() >= 0 && track.readyAt() >= 0 && track.startedAt() > track.readyAt()) {
                int lane = lane(events, lanes, QUEUE_PID, track.readyAt(), track.startedAt());
                span(events, QUEUE_PID, lane, "wait " + name, "queue", track.readyAt(), track.startedAt() - track.readyAt());
            }
            WorkerId worker = track.where();
            int pid = worker == null ? QUEUE_PID : pids.computeIfAbsent(worker, w -> {
                int next = QUEUE_PID + 1 + pids.size();
                process(events, next, "worker " + names.of(w), next);
                return next;
            });
            if (track.origin() == Provenance.Origin.CACHED || track.origin() == Provenance.Origin.CUT_OFF) {
                String how = track.origin() == Provenance.Origin.CACHED ? "cached " : "cut off ";
                ObjectNode hit = event(events, pid, lane(events, lanes, pid, track.finishedAt(), track.finishedAt()), how + name,
                        "cache-hit", track.finishedAt());
                hit.put("ph", "i").put("s", "t");
                continue;
            }
            long start = track.startedAt() >= 0 ? track.startedAt() : track.finishedAt();
            Provenance.Timing timing = track.result().provenance().timing();
            long end = timing.isKnown() ? start + timing.total().toNanos() : track.finishedAt();
            int lane = lane(events, lanes, pid, start, Math.max(end, track.finishedAt()));
            if (timing.isKnown()) {
                long at = start;
                at = phase(events, pid, lane, "fetch " + name, "fetch", at, timing.fetch().toNanos());
                at = phase(events, pid, lane, "run " + name, "run", at, timing.run().toNanos());
                phase(events, pid, lane, "store " + name, "store", at, timing.store().toNanos());
            } else {
                span(events, pid, lane, "run " + name, "run", start, track.finishedAt() - start);
            }
        }
        ObjectNode trace = JSON.createObjectNode();
        trace.set("traceEvents", events);
        trace.put("displayTimeUnit", "ms");
        // What the cluster's own work cost, beside the jobs': for `local`, the client, coordinator and
        // workers share this process; the jobs' processes are not counted. The trace viewer shows it as metadata.
        ProcessHandle.current().info().totalCpuDuration().ifPresent(cpu -> trace.putObject("otherData")
                .put("processCpuMillis", cpu.toMillis())
                .put("processCpuCounts", "the CPU time of the distbuild process that wrote this trace, up to then,"
                        + " not of the jobs' processes"));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), trace);
    }

    /** The first lane of {@code pid} free at {@code from}, now taken until {@code until}; lanes count from 1. */
    private static int lane(ArrayNode events, Map<Integer, List<Long>> lanes, int pid, long from, long until) {
        List<Long> freeAt = lanes.computeIfAbsent(pid, p -> new ArrayList<>());
        for (int i = 0; i < freeAt.size(); i++) {
            if (freeAt.get(i) <= from) {
                freeAt.set(i, until);
                return i + 1;
            }
        }
        freeAt.add(until);
        int lane = freeAt.size();
        events.addObject().put("name", "thread_name").put("ph", "M").put("pid", pid).put("tid", lane)
                .putObject("args").put("name", (pid == QUEUE_PID ? "waiting " : "slot ") + lane);
        return lane;
    }

    private static long phase(ArrayNode events, int pid, int lane, String name, String category, long start, long duration) {
        // The run span is always written, even when it took no measurable time, so every job that ran has one.
        if (duration > 0 || category.equals("run")) {
            span(events, pid, lane, name, category, start, duration);
        }
        return start + duration;
    }

    private static void span(ArrayNode events, int pid, int lane, String name, String category, long start, long duration) {
        event(events, pid, lane, name, category, start).put("ph", "X").put("dur", micros(duration));
    }

    private static ObjectNode event(ArrayNode events, int pid, int lane, String name, String category, long at) {
        ObjectNode event = events.addObject();
        event.put("name", name).put("cat", category).put("ts", micros(at)).put("pid", pid).put("tid", lane);
        return event;
    }

    private static void process(ArrayNode events, int pid, String name, int order) {
        events.addObject().put("name", "process_name").put("ph", "M").put("pid", pid)
                .putObject("args").put("name", name);
        events.addObject().put("name", "process_sort_index").put("ph", "M").put("pid", pid)
                .putObject("args").put("sort_index", order);
    }

    private static double micros(long nanos) {
        return Math.max(0, nanos) / 1000.0;
    }
}
