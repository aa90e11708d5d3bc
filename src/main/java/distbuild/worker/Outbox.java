package distbuild.worker;

import distbuild.model.Id;
import distbuild.model.JobResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;


/**
 * News for the coordinator that has not been delivered yet: finished jobs and artifacts that
 * entered the cache. A heartbeat takes it all; a heartbeat that fails puts it back, and the
 * next one then announces the whole cache, because a coordinator that was unreachable may have
 * restarted or declared this worker dead and forgotten what it holds.
 */
final class Outbox {
    /** What one heartbeat carries. */
    record News(List<JobResult> finished, List<Id> added, List<Id> removed) {
        boolean isEmpty() {
            return finished.isEmpty() && added.isEmpty() && removed.isEmpty();
        }
    }

    /** Lists every artifact in the cache. */
    @FunctionalInterface
    interface CacheContents {
        List<Id> list() throws IOException;
    }

    private final List<JobResult> finished = new ArrayList<>();
    private final Set<Id> added = new LinkedHashSet<>();
    private final Set<Id> removed = new LinkedHashSet<>();
    private boolean announceWholeCache = true;

    synchronized void jobFinished(JobResult result) {
        finished.add(result);
    }

    synchronized void artifactAdded(Id artifact) {
        removed.remove(artifact);
        added.add(artifact);
    }

    /** The cache evicted {@code artifact}: the coordinator must stop sending peers here for it. */
    synchronized void artifactRemoved(Id artifact) {
        added.remove(artifact);
        removed.add(artifact);
    }

    synchronized boolean hasNews() {
        return !finished.isEmpty() || !added.isEmpty() || !removed.isEmpty();
    }

    /** Everything to send now; the whole cache (from {@code wholeCache}) when it must be announced again. */
    synchronized News take(CacheContents wholeCache) throws IOException {
        if (announceWholeCache) {
            added.addAll(wholeCache.list());
            announceWholeCache = false;
        }
        News news = new News(List.copyOf(finished), List.copyOf(added), List.copyOf(removed));
        finished.clear();
        added.clear();
        removed.clear();
        return news;
    }

    /** A heartbeat carrying {@code news} failed: keep it for the next one, and re-announce everything. */
    synchronized void undeliverable(News news) {
        finished.addAll(0, news.finished());
        added.addAll(news.added());
        news.removed().stream().filter(id -> !added.contains(id)).forEach(removed::add);
        announceWholeCache = true;
    }
}
