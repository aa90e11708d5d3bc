package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kubernetes manifests and the image definition in {@code packaging/}, checked against what
 * they name of distbuild (no API server runs here, so not against the cluster's schema): every
 * object has its kind, name and labels, selectors match their pods, each container's arguments
 * are a command line our own parser takes, probes go to the open health endpoints on the port the
 * container serves, and a worker has time to drain before it is killed.
 */
class DeploymentFilesTest {
    private static final Path KUBERNETES = Path.of("packaging/kubernetes");

    @Test
    @SuppressWarnings("unchecked")
    void theManifestsAreWellFormedAndSayWhatDistbuildUnderstands() throws Exception {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String file : List.of("coordinator.yaml", "workers.yaml")) {
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(KUBERNETES.resolve(file)))) {
                objects.add((Map<String, Object>) document);
            }
        }
        assertThat(objects).extracting(object -> object.get("kind")).containsExactly("Service", "StatefulSet", "Service", "StatefulSet");
        for (Map<String, Object> object : objects) {
            assertThat(object).containsKeys("apiVersion", "kind", "metadata", "spec");
            assertThat((Map<String, Object>) object.get("metadata")).containsKey("name");
            if (!object.get("kind").equals("StatefulSet")) {
                continue;
            }
            Map<String, Object> spec = (Map<String, Object>) object.get("spec");
            String serviceName = (String) spec.get("serviceName");
            assertThat(objects).as("its Service").anyMatch(other -> other.get("kind").equals("Service")
                    && ((Map<String, Object>) other.get("metadata")).get("name").equals(serviceName));
            Map<String, Object> template = (Map<String, Object>) spec.get("template");
            Map<String, Object> podLabels = (Map<String, Object>) ((Map<String, Object>) template.get("metadata")).get("labels");
            assertThat(podLabels).containsAllEntriesOf(
                    (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels"));
            Map<String, Object> pod = (Map<String, Object>) template.get("spec");
            for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
                List<String> args = ((List<Object>) container.get("args")).stream().map(String::valueOf).toList();
                String command = args.getFirst();
                Main.commandLine(args.toArray(String[]::new)).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
                int port = (int) ((List<Map<String, Object>>) container.get("ports")).getFirst().get("containerPort");
                String prefix = command.equals("coordinator") ? "/coordinator" : "";
                for (String probe : List.of("livenessProbe", "readinessProbe")) {
                    Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
                    assertThat(get.get("port")).as(command + " " + probe).isEqualTo(port);
                    assertThat(get.get("path")).isEqualTo(prefix + (probe.startsWith("liveness") ? "/healthz" : "/readyz"));
                }
                if (command.equals("worker")) {
                    int drain = Integer.parseInt(args.get(args.indexOf("--drain-timeout") + 1).replace("s", ""));
                    assertThat((int) pod.get("terminationGracePeriodSeconds")).as("time to drain").isGreaterThan(drain);
                }
            }
        }
    }

    @Test
    void theImageRunsTheReleaseArchivesLauncher() throws Exception {
        String containerfile = Files.readString(Path.of("packaging/container/Containerfile"));
        assertThat(containerfile).contains("ADD distbuild-${VERSION}-linux-x64.tar.gz /opt/",
                "ENTRYPOINT [\"/opt/distbuild/bin/distbuild\"]", "USER distbuild");
        assertThat(Files.readString(Path.of("packaging/make-release.sh"))).contains("name=\"distbuild-$version\"",
                "\"$stage/bin\"", "$name-linux-$arch.tar.gz");
    }
}
