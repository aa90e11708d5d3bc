package distbuild.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a client's {@code --trace} file (Chrome trace events, times in microseconds): each job
 * that ran has spans "fetch NAME", "run NAME" and "store NAME" on its worker's process, laid out
 * from when the client heard it started; process 1 is the queue of ready jobs.
 */
final class Trace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUEUE_PROCESS = 1;

    private Trace() {}

    /** The fetch phase of job {@code name}, as its worker timed it, in nanoseconds. */
    static long fetchNanos(Path trace, String name) throws IOException {
        for (JsonNode event : events(trace)) {
            if (event.path("name").asText().equals("fetch " + name)) {
                return Math.round(event.path("dur").asDouble() * 1000);
            }
        }
        throw new IllegalStateException("the trace " + trace + " has no fetch phase for job " + name);
    }

    /** From the first job started on a worker to the last one finished, in nanoseconds. */
    static long workSpanNanos(Path trace) throws IOException {
        double first = Double.MAX_VALUE;
        double last = 0;
        for (JsonNode event : events(trace)) {
            if (event.path("ph").asText().equals("X") && event.path("pid").asInt() != QUEUE_PROCESS) {
                double start = event.path("ts").asDouble();
                first = Math.min(first, start);
                last = Math.max(last, start + event.path("dur").asDouble());
            }
        }
        if (first > last) {
            throw new IllegalStateException("the trace " + trace + " shows no job that ran");
        }
        return Math.round((last - first) * 1000);
    }

    /** The CPU time of the process that wrote the trace (for {@code local}, the whole cluster's but not its jobs'), in seconds. */
    static double processCpuSeconds(Path trace) throws IOException {
        JsonNode millis = JSON.readTree(trace.toFile()).path("otherData").path("processCpuMillis");
        if (!millis.isNumber()) {
            throw new IllegalStateException("the trace " + trace + " does not say what its process's CPU time was");
        }
        return millis.asDouble() / 1000;
    }

    private static JsonNode events(Path trace) throws IOException {
        return JSON.readTree(trace.toFile()).path("traceEvents");
    }
}
