package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.model.Requirements;
import distbuild.model.WorkerId;
import distbuild.model.WorkerOffers;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Machines that differ on the wire: what a job requires, what a worker offers, and how they meet. */
class RequirementsOnTheWireTest {
    private static final Id JOB = Id.ofContent("job".getBytes(UTF_8));
    private static final WorkerOffers AMD64_BIG = new WorkerOffers("linux", "amd64", 16, 64L << 30, new TreeSet<>(List.of("big-mem", "gpu")));

    @Test
    void whatAJobRequiresAndAWorkerOffersRoundTripAndAGoPeerSeesNeither() throws Exception {
        Requirements requires = new Requirements(Map.of("arch", "amd64", "label", "gpu, big-mem", "memory", "32GiB"));
        Job job = new Job(JOB, "train", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))), null, false,
                Needs.NONE.requiring(requires));
        byte[] graph = WireFormat.encode(new Graph(Map.of(), List.of(job)));
        assertThat(WireFormat.parse(graph).get("Jobs").get(0).get("Requires").get("arch").asText()).isEqualTo("amd64");
        assertThat(WireFormat.decodeGraph(new ByteArrayInputStream(graph)).jobs().getFirst().needs().requires()).isEqualTo(requires);

        WorkerId worker = new WorkerId("http://10.0.0.7:7001/worker");
        byte[] heartbeat = WireFormat.encode(new HeartbeatRequest(worker, List.of(), 2, List.of(), List.of(), List.of(), true, null,
                AMD64_BIG));
        assertThat(WireFormat.parse(heartbeat).get("Offers").get("Labels").toString()).isEqualTo("[\"big-mem\",\"gpu\"]");
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(heartbeat)).offers()).isEqualTo(AMD64_BIG);

        WorkerOffers withCompilers = AMD64_BIG.withToolchains(Map.of("/usr/bin/gcc-12", "c".repeat(64)));
        byte[] listing = WireFormat.encode(new HeartbeatRequest(worker, List.of(), 2, List.of(), List.of(), List.of(), true, null,
                withCompilers));
        assertThat(WireFormat.parse(listing).get("Offers").get("Toolchains").get("/usr/bin/gcc-12").asText()).isEqualTo("c".repeat(64));
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(listing)).offers()).isEqualTo(withCompilers);
        assertThat(withCompilers.toString()).endsWith(", 1 compiler programs");

        byte[] plain = WireFormat.encode(new HeartbeatRequest(worker, List.of(), 2, List.of(), List.of()));
        assertThat(WireFormat.parse(plain).has("Offers")).isFalse();
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(plain)).offers()).isNull();
    }

    @Test
    void aWorkerMeetsRequirementsOnlyWhenItOffersEachAndSaysWhatItLacks() {
        assertThat(new Requirements(Map.of("arch", "amd64", "label", "gpu", "cpus", "8")).unmetBy(AMD64_BIG)).isEmpty();
        assertThat(new Requirements(Map.of("arch", "arm64", "label", "gpu,tpu", "memory", "128G", "cpus", "32")).unmetBy(AMD64_BIG))
                .containsExactly("arch arm64 (it has amd64)", "32 CPUs (it has 16)", "label tpu", "128G of memory (it has 64 GiB)");
        assertThat(new Requirements(Map.of("os", "linux")).unmetBy(null)).containsExactly("it says nothing of its machine");
        assertThat(Requirements.NONE.unmetBy(null)).as("a job without requirements runs on any worker, a Go one too").isEmpty();
    }

    @Test
    void requirementsAndOffersThatMeanNothingAreRefusedWithWhy() throws Exception {
        assertThatThrownBy(() -> Requirements.strict(Map.of("colour", "blue"))).hasMessageContaining("unknown requirement \"colour\"");
        assertThat(new Requirements(Map.of("colour", "blue")).unmetBy(AMD64_BIG)).as("a newer peer's requirement is kept, and met by none")
                .containsExactly("requirement colour, which this coordinator does not know");
        assertThat(new Requirements(Map.of("cpus", " 4 ", "label", " gpu , big-mem")).wanted())
                .as("kept as meant").containsEntry("cpus", "4").containsEntry("label", "big-mem,gpu");
        assertThat(new Requirements(Map.of("cpus", " 4 ")).metBy(AMD64_BIG)).isTrue();
        assertThatThrownBy(() -> new Requirements(Map.of("memory", "lots"))).hasMessageContaining("a size is a number");
        assertThatThrownBy(() -> new Requirements(Map.of("label", "has space"))).hasMessageContaining("a label is");
        assertThatThrownBy(() -> new Requirements(Map.of("cpus", "-1"))).hasMessageContaining("number of CPUs");
        String badOffers = "{\"WorkerID\": \"http://w:1/\", \"RunningJobs\": [], \"FreeSlots\": 1, \"FinishedJob\": [],"
                + " \"AddedArtifacts\": [], \"Offers\": {\"OS\": \"linux\", \"Arch\": \"amd64\", \"CPUs\": -2, \"Memory\": 1}}";
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(badOffers.getBytes(UTF_8))).offers())
                .as("a bad one costs the heartbeat nothing but itself").isNull();
        String badCompilers = badOffers.replace("\"CPUs\": -2", "\"CPUs\": 2").replace("\"Memory\": 1", "\"Memory\": 1,"
                + " \"Labels\": [], \"Toolchains\": {\"/usr/bin/cc\": \"not-a-digest\"}");
        WorkerOffers withoutCompilers = WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(badCompilers.getBytes(UTF_8)))
                .offers();
        assertThat(withoutCompilers.arch()).as("a bad compiler list costs only itself").isEqualTo("amd64");
        assertThat(withoutCompilers.toolchains()).isEmpty();
        assertThatThrownBy(() -> AMD64_BIG.withToolchains(Map.of("cc", "c".repeat(64)))).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new WorkerOffers("linux\u001b[31m", "amd64", 1, 1, new TreeSet<>()))
                .hasMessageContaining("as Go does");
    }
}
