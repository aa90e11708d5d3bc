package distbuild.reapi;

import build.bazel.remote.execution.v2.Digest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations this server knows by name: those running, and the last ones that ended, so that a
 * client whose stream broke as its action ended still gets the answer. Two clients executing the
 * same cacheable action at once share one operation, as two builds share a job.
 */
final class Operations {
    static final int ENDED_KEPT = 10_000;

    private final Map<String, RunningAction> running = new ConcurrentHashMap<>();
    private final Map<Digest, RunningAction> byAction = new ConcurrentHashMap<>();
    private final Map<String, RunningAction> ended = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunningAction> eldest) {
            return size() > ENDED_KEPT;
        }
    });

    /** The running operation of this action if it can be shared, else a new one (second of the pair: whether it is new). */
    synchronized Started start(Digest action, boolean shareable) {
        if (shareable) {
            RunningAction already = byAction.get(action);
            if (already != null && !already.isDone()) {
                return new Started(already, false);
            }
        }
        RunningAction operation = new RunningAction("operations/" + UUID.randomUUID(), action);
        running.put(operation.name(), operation);
        if (shareable) {
            byAction.put(action, operation);
        }
        return new Started(operation, true);
    }

    record Started(RunningAction operation, boolean isNew) {}

    /** Moves a finished operation to the ended ones. */
    synchronized void ended(RunningAction operation) {
        running.remove(operation.name());
        byAction.remove(operation.actionDigest(), operation);
        ended.put(operation.name(), operation);
    }

    Optional<RunningAction> find(String name) {
        RunningAction operation = running.get(name);
        return Optional.ofNullable(operation != null ? operation : ended.get(name));
    }

    int runningCount() {
        return running.size();
    }
}
