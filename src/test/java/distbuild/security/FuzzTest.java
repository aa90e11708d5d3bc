package distbuild.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import distbuild.bench.ProcStatus;
import distbuild.cli.LocalCluster;
import distbuild.client.BuildListener;
import distbuild.client.Client;
import distbuild.coordinator.CoordinatorConfig;
import distbuild.http.HttpClients;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import distbuild.protocol.BuildRequest;
import distbuild.protocol.HeartbeatRequest;
import distbuild.protocol.WireFormat;
import distbuild.scheduler.SchedulerConfig;
import distbuild.testing.TestGraph;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thousands of seeded, malformed or hostile requests over real HTTP against every endpoint of a
 * coordinator and a worker: none may be answered with a 5xx, the heap must not grow out of
 * bounds, and a real build must still work afterwards. {@code -Dfuzz.requests=N} and
 * {@code -Dfuzz.seed=S} run it longer or differently (see docs in bench/README.md).
 */
class FuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.fuzz");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int IN_FLIGHT = 16;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final long HEAP_GROWTH_ALLOWED = 128L << 20;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    @TempDir
    Path temp;

    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());

    @Test
    void hostileRequestsNeverGetA5xxAndCostNoLastingMemory() throws Exception {
        CoordinatorConfig config = new CoordinatorConfig(temp.resolve("data/coordinator"), SchedulerConfig.DEFAULTS,
                Duration.ofMillis(100), CoordinatorConfig.DEFAULT_KEEP_ALIVE, CoordinatorConfig.DEFAULT_JOB_TIMEOUT,
                CoordinatorConfig.DEFAULT_FILE_CACHE_BYTES, true);
        try (LocalCluster cluster = LocalCluster.start(LOG, config, temp.resolve("data"), 1, 2);
                HttpClient http = HttpClients.create()) {
            cluster.awaitWorkers(Duration.ofSeconds(10));
            URI coordinator = cluster.coordinatorUri();
            URI worker = URI.create(cluster.workers().getFirst().id().url());
            long heapBefore = usedHeapAfterGc();
            long rssBefore = ProcStatus.rss(ProcessHandle.current().pid());

            Random seeds = new Random(SEED);
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<Future<?>> sent = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < REQUESTS; i++) {
                    Random random = new Random(seeds.nextLong());
                    inFlight.acquire();
                    sent.add(threads.submit(() -> {
                        try {
                            send(http, random, coordinator, worker);
                        } finally {
                            inFlight.release();
                        }
                        return null;
                    }));
                }
                for (Future<?> request : sent) {
                    request.get();
                }
            }
            long heapAfter = usedHeapAfterGc();
            long rssAfter = ProcStatus.rss(ProcessHandle.current().pid());
            System.out.printf("fuzz: %d requests (seed %d), answers by status %s; heap %d MiB before, %d MiB after;"
                    + " RSS of the test JVM %d MiB before, %d MiB after%n", REQUESTS, SEED, new java.util.TreeMap<>(answers),
                    heapBefore >> 20, heapAfter >> 20, rssBefore >> 20, rssAfter >> 20);

            assertThat(serverErrors).as("requests answered with a 5xx").isEmpty();
            assertThat(heapAfter - heapBefore).as("heap growth after the fuzzing").isLessThan(HEAP_GROWTH_ALLOWED);
            assertThat(answers.keySet()).as("most requests were refused, as they should be").contains("400");
            TestGraph graph = new TestGraph(temp.resolve("src"));
            graph.shell("still works", "echo fine", List.of());
            try (Client client = new Client(LOG, coordinator)) {
                assertThat(client.build(graph.graph(), graph.sourceDir(), BuildListener.NONE).succeeded()).isTrue();
            }
        }
    }

    /** One random request; a 5xx is recorded with what was sent. */
    private void send(HttpClient http, Random random, URI coordinator, URI worker) throws Exception {
        int kind = random.nextInt(10);
        if (kind == 0) {
            rawBytes(random, coordinator);
            return;
        }
        String method;
        String path;
        byte[] body;
        switch (kind) {
            case 1, 2 -> {
                method = pick(random, "POST", "POST", "POST", "GET", "PUT");
                path = coordinator + "/heartbeat";
                body = mutate(random, WireFormat.encode(heartbeat(random)));
            }
            case 3, 4 -> {
                method = pick(random, "POST", "POST", "POST", "GET");
                path = coordinator + "/build";
                body = mutate(random, WireFormat.encode(new BuildRequest(graph(random), random.nextBoolean(),
                        random.nextBoolean() ? null : new String(randomBytes(random, random.nextInt(300)), StandardCharsets.UTF_8))));
            }
            case 5 -> {
                method = pick(random, "POST", "POST", "GET");
                path = coordinator + "/signal?build_id=" + idValue(random);
                body = mutate(random, "{\"UploadDone\":true}".getBytes(StandardCharsets.UTF_8));
            }
            case 6 -> {
                method = pick(random, "GET", "PUT", "PUT", "POST");
                path = coordinator + "/file?id=" + idValue(random);
                body = randomBytes(random, random.nextInt(4096));
            }
            case 7 -> {
                method = pick(random, "GET", "GET", "HEAD", "POST");
                path = pick(random, coordinator.toString(), worker.toString()) + pick(random, "/artifact", "/result")
                        + "?id=" + idValue(random);
                body = new byte[0];
            }
            case 8 -> {
                method = pick(random, METHODS.toArray(String[]::new));
                String dashboard = coordinator.resolve("/").toString().replaceFirst("/$", "");
                path = pick(random, coordinator.toString(), worker.toString(), dashboard) + pick(random, "/", "/nothing",
                        "/build/x", "/dashboard.js", "/favicon.svg?x=%",
                        "/heartbeat?x=%", "/file?id=" + idValue(random) + "&id=" + idValue(random), "/%2e%2e/etc/passwd",
                        "/status", "/status?waiting=" + pick(random, "-1", "x", "99999999999", "%", "5"), "/metrics",
                        "/status/build?id=" + idValue(random) + "&jobs=" + pick(random, "-1", "x", "99999999999", "%", "5"));
                body = randomBytes(random, random.nextInt(256));
            }
            default -> {
                method = "PUT";
                byte[] content = randomBytes(random, random.nextInt(2048));
                // A stored ID answered with another body, or the right body under its own ID.
                Id id = random.nextBoolean() ? Id.ofContent(content) : Id.ofContent(new byte[] {(byte) random.nextInt(4)});
                path = coordinator + "/file?id=" + id.hex();
                body = content;
            }
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(path)).timeout(ANSWER_WITHIN)
                    .method(method, body.length == 0 && random.nextBoolean() ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException unsendable) {
            rawRequest(random, coordinator, method, path.substring(path.indexOf('/', "http://".length())), body);
            return;
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                if (response.statusCode() != 200 || !path.endsWith("/build")) {
                    answer.readNBytes(64 * 1024); // a build that started is left at once: it is cancelled
                }
            }
            record(response.statusCode(), method + " " + path);
        } catch (HttpTimeoutException e) {
            record(-1, method + " " + path);
        } catch (java.io.IOException e) {
            record(-2, method + " " + path); // the server cut a request it could not take: fine
        }
    }

    private void record(int status, String what) {
        answers.merge(Integer.toString(status), 1, Integer::sum);
        if (status >= 500) {
            serverErrors.add(status + " for " + (what.length() > 300 ? what.substring(0, 300) + "…" : what));
        }
    }

    /** Garbage, half a request, or a request line the HTTP client would never send. */
    private void rawBytes(Random random, URI server) throws Exception {
        byte[] bytes = switch (random.nextInt(4)) {
            case 0 -> randomBytes(random, random.nextInt(2048));
            case 1 -> "GET /coordinator/file?id=%zz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
            case 2 -> ("POST /coordinator/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n{\"Worker")
                    .getBytes(StandardCharsets.US_ASCII);
            default -> ("GET /coordinator/artifact?id=" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
        };
        exchangeRaw(server, bytes);
    }

    private void rawRequest(Random random, URI server, String method, String target, byte[] body) throws Exception {
        byte[] head = (method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] whole = new byte[head.length + body.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(body, 0, whole, head.length, body.length);
        exchangeRaw(server, whole);
    }

    /** Sends the bytes, half-closes, and reads the status line if an answer comes. */
    private void exchangeRaw(URI server, byte[] bytes) throws Exception {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            socket.shutdownOutput();
            byte[] answer = socket.getInputStream().readNBytes(12);
            String status = new String(answer, StandardCharsets.US_ASCII);
            if (status.startsWith("HTTP/1.1 ") && status.length() >= 12) {
                record(Integer.parseInt(status.substring(9, 12)), "raw " + new String(bytes, 0, Math.min(bytes.length, 80),
                        StandardCharsets.ISO_8859_1));
            } else {
                record(-2, "raw");
            }
        } catch (java.io.IOException e) {
            record(-2, "raw");
        }
    }

    private static HeartbeatRequest heartbeat(Random random) {
        WorkerId worker = new WorkerId("http://127.0.0.1:9/phantom-" + random.nextInt(50));
        List<JobResult> finished = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            finished.add(JobResult.success(randomId(random), randomBytes(random, random.nextInt(100)), new byte[0]));
        }
        return new HeartbeatRequest(worker, List.of(randomId(random)), pick(random, 0, 0, 1),
                finished, List.of(randomId(random), randomId(random)));
    }

    /** A small graph: usually valid, sometimes with a missing dep, a cycle or a bad template. */
    private static Graph graph(Random random) {
        Id a = randomId(random);
        Id b = randomId(random);
        String command = switch (random.nextInt(4)) {
            case 0 -> "{{.Broken";
            case 1 -> "{{index .Deps \"" + randomId(random).hex() + "\"}}";
            default -> "true";
        };
        List<Id> depsOfA = random.nextInt(4) == 0 ? List.of(b) : List.of();
        List<Id> depsOfB = random.nextInt(3) == 0 ? List.of(a) : List.of(randomId(random));
        return new Graph(Map.of(), List.of(
                new Job(a, "a", List.of(), depsOfA, List.of(new Cmd.Exec(List.of(command, "fuzz")))),
                new Job(b, "b", List.of(), depsOfB, List.of(new Cmd.Exec(List.of("true"))))));
    }

    /** The JSON as it is, cut short, with a byte flipped, a value of the wrong type, or nested deeply. */
    private static byte[] mutate(Random random, byte[] json) throws Exception {
        return switch (random.nextInt(6)) {
            case 0 -> json;
            case 1 -> java.util.Arrays.copyOf(json, random.nextInt(json.length + 1));
            case 2 -> {
                byte[] copy = json.clone();
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                yield copy;
            }
            case 3 -> JSON.writeValueAsBytes(wrongType(random, JSON.readTree(json)));
            case 4 -> ("[".repeat(20_000) + "]".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
            default -> ("{\"WorkerID\":\"" + "x".repeat(random.nextInt(300_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** Replaces one field of the object with a value of another type. */
    private static JsonNode wrongType(Random random, JsonNode node) {
        if (!(node instanceof ObjectNode object) || object.isEmpty()) {
            return node;
        }
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        String field = fields.get(random.nextInt(fields.size()));
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ArrayNode array = nodes.arrayNode().add(1).add("two");
        object.set(field, switch (random.nextInt(5)) {
            case 0 -> nodes.textNode("not what it should be");
            case 1 -> nodes.numberNode(Long.MAX_VALUE);
            case 2 -> array;
            case 3 -> nodes.nullNode();
            default -> nodes.objectNode().put("x", -1);
        });
        return object;
    }

    private static String idValue(Random random) {
        return pick(random, randomId(random).hex(), "", "zz", "%zz", "%", "%G1", "%C3%28", "a".repeat(5000),
                randomId(random).hex().toUpperCase(), "0".repeat(39));
    }

    private static Id randomId(Random random) {
        return Id.parse(HexFormat.of().formatHex(randomBytes(random, 20)));
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
