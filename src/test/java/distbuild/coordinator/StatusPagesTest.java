package distbuild.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.WorkerId;
import distbuild.protocol.ClusterStatus;
import distbuild.protocol.HeartbeatRequest;
import distbuild.scheduler.Clock;
import distbuild.scheduler.Scheduler;
import distbuild.scheduler.SchedulerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What {@code /status} says of workers: what they told of themselves, and not every one lost long ago. */
class StatusPagesTest {
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(20);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Clock clock = now::get;
    private final Scheduler scheduler = new Scheduler(LoggerFactory.getLogger("test.status"),
            new SchedulerConfig(Duration.ofMillis(10), Duration.ofMillis(100), WORKER_TIMEOUT), clock);
    private final ClusterTotals totals = new ClusterTotals();
    private final StatusPages pages = new StatusPages(scheduler, Map.of(), totals,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());

    @Test
    void everyLiveWorkerIsListedButOnlyTheLostOnesHeardFromLast() {
        List<WorkerId> gone = IntStream.range(0, StatusPages.LOST_WORKERS_LISTED + 10)
                .mapToObj(i -> new WorkerId("http://10.0.0.1:" + (7000 + i))).toList();
        for (WorkerId worker : gone) {
            scheduler.heartbeat(worker, List.of(), List.of(), List.of());
            advance(Duration.ofMillis(10));
        }
        advance(WORKER_TIMEOUT.plusSeconds(1));
        WorkerId live = new WorkerId("http://10.0.0.2:7000");
        scheduler.heartbeat(live, List.of(), List.of(), List.of());
        scheduler.takeNow(live, 1); // a poll notices who stopped polling

        ClusterStatus status = pages.status(0);

        assertThat(status.workers().getFirst()).extracting(ClusterStatus.Worker::id, ClusterStatus.Worker::state)
                .containsExactly(live.url(), "alive");
        assertThat(status.workers().subList(1, status.workers().size())).extracting(ClusterStatus.Worker::id)
                .containsExactlyElementsOf(gone.reversed().subList(0, StatusPages.LOST_WORKERS_LISTED).stream()
                        .map(WorkerId::url).toList());
        assertThat(status.workers().subList(1, status.workers().size())).extracting(ClusterStatus.Worker::state)
                .containsOnly("lost");
        assertThat(status.lostWorkersNotListed()).isEqualTo(10);
    }

    @Test
    void whatAWorkerSaysOfItselfShowsAndItsDownloadsAreCountedOnceWhateverTheOrderOrARestart() {
        WorkerId worker = new WorkerId("http://10.0.0.3:7000");
        WorkerId reference = new WorkerId("http://10.0.0.4:7000"); // a Go worker says nothing
        scheduler.heartbeat(worker, List.of(), List.of(), List.of());
        scheduler.heartbeat(reference, List.of(), List.of(), List.of());

        pages.heard(worker, new HeartbeatRequest.Stats(5_000, 100, false));
        pages.heard(worker, new HeartbeatRequest.Stats(6_000, 250, true));
        pages.heard(worker, new HeartbeatRequest.Stats(5_500, 200, false)); // a held poll, overtaken: older news
        assertThat(pages.status(0).totals().bytesMoved()).isEqualTo(250);
        pages.heard(worker, new HeartbeatRequest.Stats(6_000, 40, false)); // started again: counting from zero

        ClusterStatus status = pages.status(0);
        assertThat(status.workers()).filteredOn(w -> w.id().equals(worker.url())).singleElement()
                .extracting(ClusterStatus.Worker::state, ClusterStatus.Worker::cacheBytes, ClusterStatus.Worker::receivedBytes)
                .containsExactly("alive", 6_000L, 40L);
        assertThat(status.workers()).filteredOn(w -> w.id().equals(reference.url())).singleElement()
                .extracting(ClusterStatus.Worker::cacheBytes, ClusterStatus.Worker::receivedBytes)
                .containsExactly(-1L, -1L);
        assertThat(status.totals().bytesMoved()).as("added once it passes what it said before").isEqualTo(250);
        pages.heard(worker, new HeartbeatRequest.Stats(6_000, 300, false));
        assertThat(pages.status(0).totals().bytesMoved()).isEqualTo(300);

        pages.heard(worker, new HeartbeatRequest.Stats(6_000, 300, true));
        assertThat(pages.status(0).workers()).filteredOn(w -> w.id().equals(worker.url())).singleElement()
                .extracting(ClusterStatus.Worker::state).isEqualTo("draining");
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
