package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.soak.FaultKind;
import distbuild.soak.FaultMix;
import distbuild.soak.SoakPlan;
import distbuild.soak.SoakReport;
import distbuild.soak.SoakRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short soak (about a minute): two clients build generated trees in a loop while workers are
 * killed and restarted, paused, and the coordinator killed and restarted, one fault every 4–8 s.
 * No build fails, no output is wrong, and jobs run again only as far as a lost worker forces. {@code -Dsoak.seed}, {@code -Dsoak.seconds} and
 * {@code -Dsoak.mix} replay or stretch it; bench/soak.sh runs the long one.
 */
class ChaosSoakTest {
    @TempDir
    Path temp;

    @Test
    void buildsNeverFailForTheClustersFaults() throws Exception {
        long seed = Long.getLong("soak.seed", System.nanoTime() % 100_000);
        SoakPlan plan = SoakPlan.of(Duration.ofSeconds(Long.getLong("soak.seconds", 50)),
                FaultMix.parse(System.getProperty("soak.mix", FaultMix.DEFAULT.toString())), seed, Duration.ofHours(1));

        SoakReport report = SoakRun.run(plan, temp, System.out);
        System.out.println(report.text());

        assertThat(report.failures()).as("builds that failed (seed %d):%n%s", seed, report.text()).isEmpty();
        assertThat(report.wrongOutputs()).as("builds with wrong outputs (seed %d):%n%s", seed, report.text()).isEmpty();
        assertThat(report.unreadableLines()).as("what clients printed is in words (seed %d)", seed).isEmpty();
        assertThat(report.buildCount()).as("builds done (seed %d)", seed).isGreaterThanOrEqualTo(6);
        for (FaultKind kind : FaultKind.values()) {
            assertThat(report.faultCount(kind)).as("%s (seed %d)", kind.description(), seed).isPositive();
        }
        assertThat(report.jobsReplayedOrShared()).as("repeated trees replay or share their jobs (seed %d)", seed).isPositive();
        // A coordinator restart costs no run; a worker lost costs at most what the cluster was running, and the deps it
        // alone held while it was down. Running every job of every build again would cost far more.
        int workerFaults = report.faultCount(FaultKind.WORKER_KILL) + report.faultCount(FaultKind.WORKER_PAUSE);
        assertThat(report.reruns()).as("runs beyond one per job, for %d worker faults (seed %d):%n%s", workerFaults, seed,
                report.text()).isLessThanOrEqualTo(6 * workerFaults + 6);
    }
}
