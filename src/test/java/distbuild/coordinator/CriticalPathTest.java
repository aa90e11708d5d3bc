package distbuild.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.scheduler.Priority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CriticalPathTest {
    @TempDir
    Path temp;

    private final List<Job> jobs = new ArrayList<>();

    @Test
    void withoutHistoryTheLongestChainAndThenTheMostDependantsComeFirst() {
        Job a = job("a");
        Job b = job("b", a);
        job("c", b);
        Job d = job("d");
        job("e", d);
        job("f", d);

        Map<Id, Priority> priorities = CriticalPath.of(new Graph(Map.of(), jobs), history());

        assertThat(priorities.get(a.id()).remainingWorkNanos()).isGreaterThan(priorities.get(d.id()).remainingWorkNanos());
        assertThat(priorities.get(d.id()).dependants()).isEqualTo(2);
        assertThat(priorities.get(a.id()).dependants()).isEqualTo(2);
    }

    @Test
    void rememberedDurationsWeighTheirJobsAndAnEditedJobKeepsItsWeight() {
        Job shortChainHead = job("short head");
        job("short tail", shortChainHead);
        Job slow = job("slow");
        DurationHistory history = history();
        history.remember(shortChainHead, ran(shortChainHead, Duration.ofMillis(100)));
        history.remember(jobs.get(1), ran(jobs.get(1), Duration.ofMillis(100)));
        Job slowBefore = new Job(Id.ofContent("an older version".getBytes(StandardCharsets.UTF_8)), "slow", List.of(),
                List.of(), List.of(new Cmd.Exec(List.of("sleep", "2"))));
        history.remember(slowBefore, ran(slowBefore, Duration.ofSeconds(2)));

        Map<Id, Priority> priorities = CriticalPath.of(new Graph(Map.of(), jobs), history);

        assertThat(priorities.get(slow.id()).remainingWorkNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(priorities.get(shortChainHead.id()).remainingWorkNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void durationsSurviveARestartOfTheCoordinator() {
        Job job = job("remembered");
        DurationHistory before = history();
        before.remember(job, ran(job, Duration.ofMillis(750)));
        before.save();

        assertThat(history().lastNanos(job)).hasValue(Duration.ofMillis(750).toNanos());
    }

    @Test
    void withoutHistoryABiggerCompileComesFirstAndKnownDurationsStillTakeOver() {
        Job small = job("compile small.c");
        Job big = job("compile big.c");
        job("link", small, big);
        Map<String, Long> bytes = Map.of("compile small.c", 2_000L, "compile big.c", 200_000L);

        Map<Id, Priority> priorities = CriticalPath.of(new Graph(Map.of(), jobs), history(),
                job -> bytes.getOrDefault(job.name(), 0L));

        assertThat(priorities.get(big.id()).remainingWorkNanos()).as("what it reads makes it weigh more")
                .isGreaterThan(priorities.get(small.id()).remainingWorkNanos());
        assertThat(priorities.get(big.id()).remainingWorkNanos() - priorities.get(small.id()).remainingWorkNanos())
                .isEqualTo(198_000L * CriticalPath.NANOS_PER_INPUT_BYTE);

        DurationHistory history = history();
        history.remember(small, ran(small, Duration.ofSeconds(5)));
        Map<Id, Priority> known = CriticalPath.of(new Graph(Map.of(), jobs), history,
                job -> bytes.getOrDefault(job.name(), 0L));
        assertThat(known.get(small.id()).remainingWorkNanos()).as("once known, its duration counts")
                .isGreaterThan(known.get(big.id()).remainingWorkNanos() - 1);
    }

    private DurationHistory history() {
        return new DurationHistory(LoggerFactory.getLogger("test"), temp);
    }

    private static JobResult ran(Job job, Duration took) {
        return JobResult.success(job.id(), null, null)
                .withProvenance(Provenance.ran(null, new Provenance.Timing(Duration.ZERO, took, Duration.ZERO)));
    }

    private Job job(String name, Job... deps) {
        Job job = new Job(Id.ofContent(name.getBytes(StandardCharsets.UTF_8)), name, List.of(),
                List.of(deps).stream().map(Job::id).toList(), List.of(new Cmd.Exec(List.of("true", name))));
        jobs.add(job);
        return job;
    }
}
