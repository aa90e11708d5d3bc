package distbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kubernetes manifests and the image definition in {@code packaging/}, checked against the
 * Kubernetes API's types (no API server runs here) and against what they name of distbuild: every
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

    /**
     * Each object read as the Kubernetes API's own type (the fabric8 model of the API, generated
     * from its schema): a field of the wrong type fails to read, and one the API does not know
     * (a misspelt {@code readinessProbe}, a field at the wrong level) lands in the type's catch-all
     * of unknown properties, which must stay empty everywhere.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theManifestsAreObjectsOfTheKubernetesApiWithNoFieldItDoesNotKnow() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        int checked = 0;
        for (String file : List.of("coordinator.yaml", "workers.yaml")) {
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(KUBERNETES.resolve(file)))) {
                Map<String, Object> object = (Map<String, Object>) document;
                Class<? extends HasMetadata> type = switch (String.valueOf(object.get("kind"))) {
                    case "Service" -> Service.class;
                    case "StatefulSet" -> StatefulSet.class;
                    default -> throw new AssertionError(file + ": a kind this test does not know: " + object.get("kind"));
                };
                HasMetadata typed = mapper.convertValue(object, type);
                assertThat(typed.getApiVersion()).as(file).isEqualTo(HasMetadata.getApiVersion(type));
                List<String> unknown = new ArrayList<>();
                unknownFields(typed, file + ": " + typed.getKind() + " " + typed.getMetadata().getName(), unknown);
                assertThat(unknown).as("fields the Kubernetes API does not have").isEmpty();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4);

        Map<String, Object> misspelt = Map.of("apiVersion", "v1", "kind", "Service", "metadata", Map.of("name", "x"),
                "spec", Map.of("selectr", Map.of("app", "x")));
        List<String> found = new ArrayList<>();
        unknownFields(mapper.convertValue(misspelt, Service.class), "Service x", found);
        assertThat(found).as("the check sees a misspelt field").containsExactly("Service x.spec: selectr");
    }

    /** Every property the API's types did not know, anywhere under {@code value}, as "where: name". */
    private static void unknownFields(Object value, String where, List<String> unknown) throws Exception {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), where + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), where + "." + entry.getKey(), unknown);
            }
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (java.lang.reflect.Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object property = getter.invoke(value);
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<String, Object>) property).keySet().forEach(key -> unknown.add(where + ": " + key));
            } else {
                unknownFields(property, where + "." + name, unknown);
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
