package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Needs;
import distbuild.model.Retry;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extensions for jobs of generated builds: where a job's tree is seen, the programs it needs, and a worker that cannot run it. */
class NeedsOnTheWireTest {
    private static final Id JOB = Id.ofContent("job".getBytes(UTF_8));
    private static final String SHA = "ab".repeat(32);

    @Test
    void whereTheTreeIsSeenAndTheProgramsNeededRoundTripAndAPlainJobCarriesNeither() throws Exception {
        Job job = new Job(JOB, "compile", List.of(), List.of(), List.of(new Cmd.Exec(List.of("cc", "-c", "a.c"))), null, false,
                new Needs(Map.of("", "/home/ada/project"), Map.of("/usr/bin/cc", SHA)));

        byte[] json = WireFormat.encode(new Graph(Map.of(), List.of(job)));

        var written = WireFormat.parse(json).get("Jobs").get(0);
        assertThat(written.get("TreeAt").get("").asText()).isEqualTo("/home/ada/project");
        assertThat(written.get("Programs").get("/usr/bin/cc").asText()).isEqualTo(SHA);
        assertThat(WireFormat.decodeGraph(new ByteArrayInputStream(json)).jobs().getFirst().needs()).isEqualTo(job.needs());
        Job plain = new Job(JOB, "quick", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
        var plainJson = WireFormat.parse(WireFormat.encode(new Graph(Map.of(), List.of(plain)))).get("Jobs").get(0);
        assertThat(plainJson.has("TreeAt") || plainJson.has("Programs")).as("a Go peer's graph stays as it was").isFalse();
    }

    @Test
    void needsThatCannotBeMetAreRefusedWithWhere() {
        String badTree = "{\"SourceFiles\": {}, \"Jobs\": [{\"ID\": \"" + JOB.hex() + "\", \"Name\": \"x\", \"Cmds\": [],"
                + " \"TreeAt\": {\"\": \"relative/path\"}}]}";
        assertThatThrownBy(() -> WireFormat.decodeGraph(new ByteArrayInputStream(badTree.getBytes(UTF_8))))
                .hasMessageContaining("Jobs[0]").hasMessageContaining("absolute path");
        String badProgram = "{\"SourceFiles\": {}, \"Jobs\": [{\"ID\": \"" + JOB.hex() + "\", \"Name\": \"x\", \"Cmds\": [],"
                + " \"Programs\": {\"/usr/bin/cc\": \"not-a-digest\"}}]}";
        assertThatThrownBy(() -> WireFormat.decodeGraph(new ByteArrayInputStream(badProgram.getBytes(UTF_8))))
                .hasMessageContaining("SHA-256");
    }

    @Test
    void aWorkerThatCannotRunAJobSaysSoAndAGoWorkersRetryReadsAsAnOrdinaryOne() throws Exception {
        JobResult unable = JobResult.retry(JOB, Retry.workerUnable("this worker has no /usr/bin/cc"));

        byte[] json = WireFormat.encode(unable);

        assertThat(WireFormat.parse(json).get("Retry").get("Unable").asBoolean()).isTrue();
        assertThat(WireFormat.decodeJobResult(new ByteArrayInputStream(json)).retry().workerUnable()).isTrue();
        byte[] ordinary = WireFormat.encode(JobResult.retry(JOB, Retry.because("lost an input")));
        assertThat(WireFormat.parse(ordinary).get("Retry").has("Unable")).isFalse();
    }
}
