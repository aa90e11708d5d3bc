package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Workers lost for real: separate OS processes, one of them SIGKILLed in the middle of a build. */
class WorkerLossTest extends ClusterTestBase {
    @Test
    void theJobsOfAKilledWorkerRunElsewhereWithinSeconds() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 3, 2);
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int i = 0; i < 12; i++) {
            yaml.append("  - name: sleep ").append(i).append('\n')
                    .append("    run: sleep 2 && mkdir -p out && echo ").append(i).append(" > out/").append(i).append(".txt\n")
                    .append("    outputs: out/").append(i).append(".txt\n");
        }
        Path project = project("project", yaml);
        long started = System.nanoTime();

        JavaProcess client = cluster.client(project, "--progress", "plain", "--output", temp.resolve("out").toString());
        Matcher first = client.awaitLine(Pattern.compile("\\] start  (sleep \\d+) on (\\S+)"), TIMEOUT);
        String job = first.group(1);
        String victim = first.group(2);
        int index = cluster.indexOf(victim);
        cluster.worker(index).kill();
        long killed = System.nanoTime();

        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        long finished = System.nanoTime();
        long elsewhere = client.arrivalOf(Pattern.compile("\\] start  " + Pattern.quote(job) + " on (?!" + Pattern.quote(victim) + ")"));
        assertThat(elsewhere).as("'%s' started again on another worker:\n%s", job, client.output()).isPositive();
        assertThat(client.stdout()).as("the build says which tries were lost, where and why")
                .anyMatch(line -> line.contains("] lost   " + job + " on " + victim
                        + ": the worker stopped answering while running it"))
                .anyMatch(line -> line.matches("  \\d+ tr(y|ies) lost: .*on " + Pattern.quote(victim)
                        + " \\(the worker stopped answering while running it\\).*"));
        for (int i = 0; i < 12; i++) {
            assertThat(temp.resolve("out/out/" + i + ".txt")).hasContent(i + "\n");
        }
        System.out.printf("worker killed: '%s' ran elsewhere %d ms later; 12 x 2 s on 3 workers x 2 slots took %d ms%n",
                job, TimeUnit.NANOSECONDS.toMillis(elsewhere - killed), TimeUnit.NANOSECONDS.toMillis(finished - started));
        assertThat(Duration.ofNanos(elsewhere - killed)).as("a lost worker is noticed within seconds")
                .isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void theOnlyHolderOfADepsArtifactKilledBeforeItsConsumerStartsCostsARerunNotTheBuild() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 3, 2);
        Path project = project("project", """
                jobs:
                  - name: make dep
                    run: echo made > dep.txt
                    outputs: dep.txt
                  - name: slow
                    run: sleep 3 && echo slow > slow.txt
                    outputs: slow.txt
                  - name: consumer
                    deps: [make dep, slow]
                    run: cat dep.txt slow.txt > both.txt
                    outputs: both.txt
                """);

        JavaProcess client = cluster.client(project, "--progress", "plain", "--output", temp.resolve("out").toString());
        String holder = client.awaitLine(Pattern.compile("\\] done   make dep \\S+ \\((\\S+)\\)"), TIMEOUT).group(1);
        cluster.worker(cluster.indexOf(holder)).kill();

        assertThat(client.awaitExit(TIMEOUT)).as(client.output()).isZero();
        assertThat(temp.resolve("out/both.txt")).hasContent("made\nslow\n");
        assertThat(client.stdout()).as("the lost dep ran again").filteredOn(line -> line.contains("] done   make dep ")).hasSize(2);
    }
}
