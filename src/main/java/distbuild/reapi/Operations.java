package distbuild.reapi;

import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 *
 * <p>Each operation's name and action are also written to a journal, so that after a restart a
 * client waiting on a name is not told it is unknown: the action is executed again under that name
 * (answered from the action cache, or replayed from a worker's cache, when it had run).
 */
final class Operations {
    static final int ENDED_KEPT = 10_000;
    /** Names kept in the journal, the newest; it is rewritten with these when it grows to twice as many. */
    static final int JOURNAL_KEPT = 100_000;

    private final Path journal;
    private final Map<String, Digest> named = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Digest> eldest) {
            return size() > JOURNAL_KEPT;
        }
    };
    private long journalLines;

    /** The operations of before a restart, read from {@code journal} (a line cut short by a crash is skipped). */
    Operations(Path journal) throws IOException {
        this.journal = journal;
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                String[] words = line.split(" ");
                if (words.length == 3 && words[2].matches("\\d{1,18}")) {
                    Digest digest = Digests.of(words[1], Long.parseLong(words[2]));
                    if (Digests.isWellFormed(digest)) {
                        named.put(words[0], digest);
                    }
                }
            }
            journalLines = named.size();
            rewriteJournal();
        }
    }

    private final Map<String, RunningAction> running = new ConcurrentHashMap<>();
    private final Map<Digest, RunningAction> byAction = new ConcurrentHashMap<>();
    private final Map<String, RunningAction> ended = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RunningAction> eldest) {
            return size() > ENDED_KEPT;
        }
    });

    /**
     * The running operation of this action if it can be shared, else a new one, named {@code name}
     * when one is given (the name a client waits on from before a restart).
     */
    synchronized Started start(Digest action, boolean shareable, Optional<String> name) throws IOException {
        if (name.isPresent() && running.containsKey(name.get())) {
            return new Started(running.get(name.get()), false); // two clients waiting on it after a restart
        }
        if (shareable && name.isEmpty()) {
            RunningAction already = byAction.get(action);
            if (already != null && !already.isDone()) {
                return new Started(already, false);
            }
        }
        RunningAction operation = new RunningAction(name.orElseGet(() -> "operations/" + UUID.randomUUID()), action);
        running.put(operation.name(), operation);
        if (shareable) {
            byAction.putIfAbsent(action, operation);
        }
        if (name.isEmpty()) {
            remember(operation);
        }
        return new Started(operation, true);
    }

    private void remember(RunningAction operation) throws IOException {
        named.put(operation.name(), operation.actionDigest());
        Files.writeString(journal, operation.name() + " " + operation.actionDigest().getHash() + " "
                + operation.actionDigest().getSizeBytes() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (++journalLines > 2L * JOURNAL_KEPT) {
            rewriteJournal();
        }
    }

    private void rewriteJournal() throws IOException {
        StringBuilder text = new StringBuilder();
        named.forEach((name, digest) -> text.append(name).append(' ').append(digest.getHash()).append(' ')
                .append(digest.getSizeBytes()).append('\n'));
        distbuild.files.FileTrees.replaceAtomically(journal, text.toString().getBytes(StandardCharsets.UTF_8));
        journalLines = named.size();
    }

    /** The action of an operation this server started, before a restart too. */
    synchronized Optional<Digest> actionOf(String name) {
        return Optional.ofNullable(named.get(name));
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
}
