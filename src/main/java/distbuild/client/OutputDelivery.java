package distbuild.client;

import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Gets a finished build's target outputs into a directory whatever the cluster does meanwhile.
 * The coordinator passes each artifact on from a live worker holding it, trying every holder;
 * when none holds it any more, its job is built again (replayed from a cache where one has it,
 * run otherwise); when the coordinator or the holders cannot answer just now (a coordinator
 * restarting, workers dead but not yet noticed, a transfer cut off), it is asked again for up
 * to {@link CoordinatorWaits#midBuild}. Only what can never work — an unsafe archive, a full
 * disk, a coordinator that does not pass artifacts on — fails at once.
 */
public final class OutputDelivery {
    /** How often targets lost with their workers are built again before delivery gives up on them. */
    private static final int MAX_REBUILDS = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private final Client client;
    private final Graph graph;
    private final Path sourceDir;
    private final Map<Id, List<String>> replacedWhole;
    private final Consumer<String> notes;

    /**
     * @param graph the build's graph, from which a lost target is built again
     * @param replacedWhole for each target, its directory outputs that replace the old ones whole
     * @param notes told, in a line for a person, when delivery waits or builds something again
     */
    public OutputDelivery(Client client, Graph graph, Path sourceDir, Map<Id, List<String>> replacedWhole,
            Consumer<String> notes) {
        this.client = client;
        this.graph = graph;
        this.sourceDir = sourceDir;
        this.replacedWhole = replacedWhole;
        this.notes = notes;
    }

    /**
     * Fetches every target's artifact into {@code directory}.
     *
     * @return how many files arrived
     * @throws IOException naming the targets it could not deliver and why, in words for a person
     */
    public int deliver(List<Id> targets, Path directory) throws IOException, InterruptedException {
        Map<Id, Job> jobs = graph.jobsById();
        List<Id> pending = targets;
        int files = 0;
        int rebuilds = 0;
        long delayedSince = -1;
        Duration pause = FIRST_PAUSE;
        while (true) {
            Round round = fetch(pending, directory);
            files += round.files();
            if (!round.failed().isEmpty()) {
                throw new IOException("could not fetch the outputs of " + describe(round.failed(), jobs));
            }
            if (round.unavailable().isEmpty() && round.delayed().isEmpty()) {
                return files;
            }
            if (!round.delayed().isEmpty()) {
                long now = System.nanoTime();
                String why = describe(round.delayed(), jobs);
                if (delayedSince < 0) {
                    delayedSince = now;
                    notes.accept("could not fetch the outputs of " + why + "; trying again for up to "
                            + client.waits().midBuild().toSeconds() + "s");
                } else if (now - delayedSince > client.waits().midBuild().toNanos()) {
                    throw new IOException("could not fetch the outputs of " + why + "; gave up after "
                            + client.waits().midBuild().toSeconds() + "s of trying");
                }
            } else {
                delayedSince = -1;
                pause = FIRST_PAUSE;
            }
            if (!round.unavailable().isEmpty()) {
                List<Id> lost = List.copyOf(round.unavailable().keySet());
                if (++rebuilds > MAX_REBUILDS) {
                    throw new IOException("the outputs of " + names(lost, jobs) + " went with their workers "
                            + MAX_REBUILDS + " times after being built again; is the cluster losing workers all the time?");
                }
                notes.accept("every worker holding the outputs of " + names(lost, jobs) + " is gone; building "
                        + (lost.size() == 1 ? "it" : "them") + " again");
                BuildOutcome again = client.build(graph.restrictTo(lost), sourceDir, BuildListener.NONE);
                if (!again.succeeded()) {
                    throw new IOException("could not fetch the outputs of " + names(lost, jobs)
                            + ": every worker holding them is gone, and building them again failed: " + again.failure());
                }
            }
            if (!round.delayed().isEmpty()) {
                Thread.sleep(pause); // a backoff while the coordinator restarts or notices dead workers
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) <= 0 ? pause.multipliedBy(2) : LONGEST_PAUSE;
            }
            List<Id> next = new ArrayList<>(round.unavailable().keySet());
            next.addAll(round.delayed().keySet());
            pending = next;
        }
    }

    /**
     * What one attempt at each target came to.
     *
     * @param unavailable no live worker holds these: build them again
     * @param delayed these could not be had just now: ask again
     * @param failed these never will be
     */
    private record Round(int files, Map<Id, String> unavailable, Map<Id, String> delayed, Map<Id, String> failed) {}

    /** Fetches the targets at once, sorting each outcome into the round's maps with its reason. */
    private Round fetch(List<Id> targets, Path directory) throws InterruptedException {
        Map<Id, Future<Integer>> fetches = new LinkedHashMap<>();
        int files = 0;
        Map<Id, String> unavailable = new LinkedHashMap<>();
        Map<Id, String> delayed = new LinkedHashMap<>();
        Map<Id, String> failed = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Id target : targets) {
                fetches.put(target, threads.submit(() ->
                        client.fetchArtifact(target, directory, replacedWhole.getOrDefault(target, List.of()))));
            }
            for (Map.Entry<Id, Future<Integer>> fetch : fetches.entrySet()) {
                try {
                    files += fetch.getValue().get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    String reason = cause.getMessage() != null ? cause.getMessage() : "the transfer failed without saying why";
                    switch (cause) {
                        case ArtifactUnavailableException lost -> unavailable.put(fetch.getKey(), reason);
                        case ArtifactDelayedException later -> delayed.put(fetch.getKey(), reason);
                        default -> failed.put(fetch.getKey(), reason);
                    }
                }
            }
        }
        return new Round(files, unavailable, delayed, failed);
    }

    /** "'a': why; 'b': why", or "'a', 'b': why" when they failed alike. */
    private static String describe(Map<Id, String> reasons, Map<Id, Job> jobs) {
        if (reasons.values().stream().distinct().count() == 1) {
            return names(reasons.keySet(), jobs) + ": " + reasons.values().iterator().next();
        }
        List<String> each = new ArrayList<>();
        reasons.forEach((id, reason) -> each.add(name(id, jobs) + ": " + reason));
        return String.join("; ", each);
    }

    private static String names(java.util.Collection<Id> ids, Map<Id, Job> jobs) {
        List<String> names = ids.stream().map(id -> name(id, jobs)).toList();
        return names.size() <= 4 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    private static String name(Id id, Map<Id, Job> jobs) {
        Job job = jobs.get(id);
        return job == null || job.name().isEmpty() ? "job " + id.shortHex() : "'" + job.name() + "'";
    }
}
