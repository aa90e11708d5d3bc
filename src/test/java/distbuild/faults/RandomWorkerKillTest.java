package distbuild.faults;

import static org.assertj.core.api.Assertions.assertThat;

import distbuild.testing.JavaProcess;
import distbuild.testing.ProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 50-job graph with deps and sleeps, and a worker SIGKILLed at a random moment, for ten seeds:
 * every build succeeds and every output is what the jobs compute. Each job's output is the set of
 * job names it depends on, directly or not, so a wrong or missing dep output shows in the leaves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RandomWorkerKillTest {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);
    private static final int JOBS = 50;
    private static final int SLOTS = 2;

    @TempDir
    static Path temp;

    private ProcessCluster cluster;
    private Path lastProject;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = ProcessCluster.start(temp.resolve("cluster"), 3, SLOTS);
    }

    @AfterAll
    void stopCluster() {
        cluster.close();
    }

    @Order(1)
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void everyBuildSucceedsWithRightOutputsWhateverWorkerDiesWhenever(int seed) throws Exception {
        Random random = new Random(seed);
        Graph graph = Graph.random(random);
        Path project = Files.createDirectories(temp.resolve("project-" + seed));
        Files.writeString(project.resolve("distbuild.yaml"), graph.yaml());
        Path out = temp.resolve("out-" + seed);

        JavaProcess client = cluster.client(project, "--progress", "plain", "--output", out.toString());
        int killAfter = 1 + random.nextInt(25);
        String victim = client.awaitLine(Pattern.compile("\\] start  j\\d+ on (\\S+)"), killAfter, BUILD_TIMEOUT).group(1);
        int index = cluster.indexOf(victim);
        cluster.worker(index).kill();
        try {
            assertThat(client.awaitExit(BUILD_TIMEOUT)).as("seed %d, worker %s killed after start %d:%n%s", seed, victim,
                    killAfter, client.output()).isZero();
            for (int leaf : graph.leaves()) {
                assertThat(out.resolve("out/j" + leaf + ".txt")).as("seed %d, leaf j%d", seed, leaf)
                        .hasContent(String.join("\n", graph.closure(leaf)) + "\n");
            }
            lastProject = project;
        } finally {
            client.close();
            cluster.restartWorker(index, SLOTS); // the next seed starts with three workers again
        }
    }

    @Order(2)
    @Test
    void aWorkerRestartedOnItsDataDirectoryKeepsServingCacheHits() throws Exception {
        JavaProcess again = cluster.client(lastProject, "--progress", "plain");

        assertThat(again.awaitExit(BUILD_TIMEOUT)).as(again.output()).isZero();
        assertThat(again.stdout()).anyMatch(line -> line.startsWith("build succeeded") && line.contains("— 0 ran, " + JOBS + " cached"));
    }

    /** Jobs j0…j49, each with up to two deps among the eight jobs before it. */
    private record Graph(List<List<Integer>> deps, List<Integer> sleepsMs) {
        static Graph random(Random random) {
            List<List<Integer>> deps = new ArrayList<>();
            List<Integer> sleeps = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                TreeSet<Integer> chosen = new TreeSet<>();
                int count = i == 0 ? 0 : random.nextInt(3);
                for (int d = 0; d < count; d++) {
                    chosen.add(Math.max(0, i - 1 - random.nextInt(8)));
                }
                deps.add(List.copyOf(chosen));
                sleeps.add(100 + random.nextInt(300));
            }
            return new Graph(deps, sleeps);
        }

        String yaml() {
            StringBuilder yaml = new StringBuilder("jobs:\n");
            for (int i = 0; i < JOBS; i++) {
                StringBuilder cats = new StringBuilder();
                deps.get(i).forEach(dep -> cats.append(" out/j").append(dep).append(".txt"));
                yaml.append("  - name: j").append(i).append('\n');
                if (!deps.get(i).isEmpty()) {
                    yaml.append("    deps: [").append(String.join(", ", deps.get(i).stream().map(d -> "j" + d).toList())).append("]\n");
                }
                yaml.append("    run: sleep ").append(sleepsMs.get(i) / 1000.0).append(" && mkdir -p out && { echo j").append(i)
                        .append(cats.isEmpty() ? "" : "; cat" + cats).append("; } | sort -u > out/j").append(i).append(".txt\n");
                yaml.append("    outputs: out/j").append(i).append(".txt\n");
            }
            return yaml.toString();
        }

        List<Integer> leaves() {
            TreeSet<Integer> needed = new TreeSet<>();
            deps.forEach(needed::addAll);
            List<Integer> leaves = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                if (!needed.contains(i)) {
                    leaves.add(i);
                }
            }
            return leaves;
        }

        /** The names of the job and of every job it depends on, sorted as sort(1) in the C locale sorts them. */
        TreeSet<String> closure(int job) {
            TreeSet<String> names = new TreeSet<>();
            names.add("j" + job);
            deps.get(job).forEach(dep -> names.addAll(closure(dep)));
            return names;
        }
    }
}
