package distbuild.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import distbuild.testing.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster across real hosts: a coordinator, three workers and a client, each in a network
 * namespace of its own with its own address and data directory, nothing shared but the network,
 * TLS and tokens on. A build whose deps cross workers succeeds and its outputs reach the client;
 * then a worker's link is cut mid-job (packets dropped, no reset) and the build still ends
 * correctly, its cost printed; then the client's and a worker's links turn slow and lossy while
 * megabytes cross them; then the coordinator comes back after a crash on another address
 * under the same name, and workers and clients find it there. Every process is started from the
 * release archive (see {@link Launcher}), so this runs as an integration test after it is made.
 */
class ClusterAcrossHostsIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern STARTED_ON = Pattern.compile("start\\s+(\\S+) on (\\S+)");

    @TempDir
    Path temp;

    @Test
    void aBuildAcrossHostsSucceedsAndSurvivesAWorkersLinkCutMidJob() throws Exception {
        var why = Hosts.unavailable();
        assumeThat(why).as(why.orElse("")).isEmpty();
        Launcher launcher = Launcher.find(temp);
        try (Hosts hosts = Hosts.make(5)) {
            Hosts.Host coordinatorHost = hosts.host(0);
            Hosts.Host clientHost = hosts.host(4);
            // Workers and clients know the coordinator by name, as a team's machines would.
            String coordinatorName = "coordinator.cluster.test";
            hosts.name(coordinatorName, coordinatorHost.address());
            List<String> tlsHosts = new ArrayList<>(List.of("--tls-host", coordinatorName));
            for (int i = 1; i < 4; i++) {
                tlsHosts.add("--tls-host");
                tlsHosts.add(hosts.host(i).address());
            }
            Path secrets = temp.resolve("secrets");
            List<String> credentials = new ArrayList<>(List.of("credentials", secrets.toString()));
            credentials.addAll(tlsHosts);
            try (JavaProcess made = launcher.startHere("credentials", credentials, temp)) {
                assertThat(made.awaitExit(START)).as(made.output()).isZero();
            }
            String coordinatorUrl = "https://" + coordinatorName + ":7000/coordinator";
            List<JavaProcess> processes = new ArrayList<>();
            try {
                List<String> coordinatorArgs = List.of("coordinator", "--listen", "0.0.0.0:7000", "--data",
                        temp.resolve("c").toString(), "--credentials", secrets.resolve("coordinator").toString(),
                        "--worker-timeout", "3s");
                JavaProcess coordinator = launcher.start(coordinatorHost, "coordinator", "256m", coordinatorArgs, temp);
                processes.add(coordinator);
                coordinator.awaitLine(Pattern.compile("coordinator ready"), START);
                for (int i = 1; i <= 3; i++) {
                    Hosts.Host host = hosts.host(i);
                    JavaProcess worker = launcher.start(host, "worker " + i, "256m",
                            List.of("worker", "--coordinator", coordinatorUrl, "--listen", "0.0.0.0:7001",
                                    "--advertise", "https://" + host.address() + ":7001", "--slots", "1",
                                    "--data", temp.resolve("w" + i).toString(),
                                    "--credentials", secrets.resolve("worker").toString()), temp);
                    processes.add(worker);
                    worker.awaitLine(Pattern.compile("worker \\S+ ready"), START);
                }

                Path project = Files.createDirectories(temp.resolve("project"));
                Files.writeString(project.resolve("distbuild.yaml"), layers("first", 0.2));
                long started = System.nanoTime();
                JavaProcess first = client(launcher, clientHost, coordinatorUrl, secrets, project, "out-1");
                processes.add(first);
                assertThat(first.awaitExit(START)).as(first.output()).isZero();
                System.out.printf("across hosts: a 10-job build in 3 layers took %.1f s%n", (System.nanoTime() - started) / 1e9);
                assertThat(Files.readString(project.resolve("out-1/total.txt"))).isEqualTo(expectedTotal("first"));
                assertThat(workersUsed(first)).as("the work spread over the hosts").hasSizeGreaterThan(1);

                // The same shape again, each job 2 s; once a job runs on worker 1, its cable is cut.
                Files.writeString(project.resolve("distbuild.yaml"), layers("second", 2));
                started = System.nanoTime();
                JavaProcess second = client(launcher, clientHost, coordinatorUrl, secrets, project, "out-2");
                processes.add(second);
                Hosts.Host victim = hosts.host(1);
                second.awaitLine(Pattern.compile("start\\s+\\S+ on \\S*" + Pattern.quote(victim.address())), START);
                hosts.cut(victim);
                long cutAt = System.nanoTime();
                assertThat(second.awaitExit(Duration.ofMinutes(3))).as(second.output()).isZero();
                System.out.printf("across hosts: with worker %s cut off mid-job, the 2-s-per-job build took %.1f s"
                        + " (%.1f s after the cut)%n", victim.address(), (System.nanoTime() - started) / 1e9,
                        (System.nanoTime() - cutAt) / 1e9);
                assertThat(Files.readString(project.resolve("out-2/total.txt"))).isEqualTo(expectedTotal("second"));
                assertThat(second.output()).contains("lost");
                hosts.heal(victim);

                // Slow, lossy lines: the client's and one worker's, while half a MiB per job crosses them.
                Hosts.Host slowWorker = hosts.host(2);
                hosts.slow(clientHost, "8mbit");
                hosts.slow(slowWorker, "8mbit");
                Files.writeString(project.resolve("distbuild.yaml"), bulky("fourth"));
                started = System.nanoTime();
                JavaProcess fourth = client(launcher, clientHost, coordinatorUrl, secrets, project, "out-4");
                processes.add(fourth);
                assertThat(fourth.awaitExit(Duration.ofMinutes(3))).as(fourth.output()).isZero();
                System.out.printf("across hosts: with the client's and worker %s's links at 8 Mbit/s, dropping what"
                        + " overflows, a build moving 3 MiB to the client took %.1f s%n", slowWorker.address(),
                        (System.nanoTime() - started) / 1e9);
                assertThat(Files.readString(project.resolve("out-4/total.txt"))).isEqualTo(expectedBulk("fourth"));
                hosts.unslow(clientHost);
                hosts.unslow(slowWorker);

                // The coordinator's machine crashes and it comes back on another address, same name and data.
                coordinator.kill();
                Hosts.Host moved = hosts.readdress(0, 30);
                hosts.name(coordinatorName, moved.address());
                long restarted = System.nanoTime();
                JavaProcess again = launcher.start(moved, "coordinator again", "256m", coordinatorArgs, temp);
                processes.add(again);
                again.awaitLine(Pattern.compile("coordinator ready"), START);
                Files.writeString(project.resolve("distbuild.yaml"), layers("third", 0.2));
                JavaProcess third = client(launcher, clientHost, coordinatorUrl, secrets, project, "out-3");
                processes.add(third);
                assertThat(third.awaitExit(START)).as(third.output()).isZero();
                System.out.printf("across hosts: the coordinator back at %s under its name, a 10-job build done %.1f s after"
                        + " it started again%n", moved.address(), (System.nanoTime() - restarted) / 1e9);
                assertThat(Files.readString(project.resolve("out-3/total.txt"))).isEqualTo(expectedTotal("third"));
                assertThat(workersUsed(third)).as("the workers found it at its new address").hasSizeGreaterThan(1);
            } finally {
                for (JavaProcess process : processes) {
                    process.close();
                }
            }
        }
    }

    private JavaProcess client(Launcher launcher, Hosts.Host host, String coordinatorUrl, Path secrets, Path project,
            String output) throws Exception {
        return launcher.start(host, "client", "128m",
                List.of("build", "--coordinator", coordinatorUrl, "--credentials", secrets.resolve("client").toString(),
                        "--progress", "plain", "--output", project.resolve(output).toString()), project);
    }

    /** Six jobs, three that each read two of them, and one that reads those three: deps cross workers. */
    private static String layers(String tag, double seconds) {
        StringBuilder yaml = new StringBuilder("default: [total]\njobs:\n");
        for (int i = 0; i < 6; i++) {
            yaml.append("  - name: leaf-").append(i).append('\n')
                    .append("    run: sleep ").append(seconds).append(" && echo ").append(tag).append('-').append(i)
                    .append(" > leaf-").append(i).append(".txt\n")
                    .append("    outputs: [leaf-").append(i).append(".txt]\n");
        }
        for (int i = 0; i < 3; i++) {
            yaml.append("  - name: pair-").append(i).append('\n')
                    .append("    deps: [leaf-").append(2 * i).append(", leaf-").append(2 * i + 1).append("]\n")
                    .append("    run: sleep ").append(seconds).append(" && cat leaf-").append(2 * i).append(".txt leaf-")
                    .append(2 * i + 1).append(".txt > pair-").append(i).append(".txt\n")
                    .append("    outputs: [pair-").append(i).append(".txt]\n");
        }
        yaml.append("  - name: total\n    deps: [pair-0, pair-1, pair-2]\n")
                .append("    run: cat pair-0.txt pair-1.txt pair-2.txt > total.txt\n    outputs: [total.txt]\n");
        return yaml.toString();
    }

    /** The same shape, each leaf half a MiB, so that the pairs, the total and the client's copy cross links. */
    private static String bulky(String tag) {
        return layers(tag, 0).replaceAll("echo (\\S+) > (leaf-\\d\\.txt)", "yes $1 | head -c " + LEAF_BYTES + " > $2");
    }

    private static final int LEAF_BYTES = 512 * 1024;

    private static String expectedBulk(String tag) {
        StringBuilder total = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String line = tag + "-" + i + "\n";
            total.append(line.repeat(LEAF_BYTES / line.length() + 1), 0, LEAF_BYTES);
        }
        return total.toString();
    }

    private static String expectedTotal(String tag) {
        StringBuilder total = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            total.append(tag).append('-').append(i).append('\n');
        }
        return total.toString();
    }

    private static java.util.Set<String> workersUsed(JavaProcess client) {
        java.util.Set<String> used = new java.util.TreeSet<>();
        for (String line : client.stdout()) {
            var m = STARTED_ON.matcher(line);
            if (m.find()) {
                used.add(m.group(2));
            }
        }
        return used;
    }
}
