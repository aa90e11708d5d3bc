package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.Retry;
import distbuild.model.WorkerId;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our additions to the wire format (SPEC §4, "Extensions"): each round-trips, each is left out
 * when it says nothing (so a plain message is exactly what Go writes), and a message without
 * them — as a Go peer sends it — reads as "nothing known".
 */
class WireExtensionsTest {
    private static final Id JOB = Id.ofContent("job".getBytes(UTF_8));
    private static final WorkerId WORKER = new WorkerId("http://10.0.0.7:7001");

    @Test
    void aJobTimeoutTravelsAsGoDurationNanoseconds() throws Exception {
        Job job = new Job(JOB, "slow", List.of(), List.of(), List.of(new Cmd.Exec(List.of("sleep", "9"))),
                Duration.ofSeconds(90));
        Graph graph = new Graph(Map.of(), List.of(job));

        byte[] json = WireFormat.encode(graph);

        assertThat(WireFormat.parse(json).get("Jobs").get(0).get("Timeout").asLong()).isEqualTo(90_000_000_000L);
        assertThat(WireFormat.decodeGraph(new ByteArrayInputStream(json)).jobs().getFirst().timeout())
                .isEqualTo(Duration.ofSeconds(90));
        Job plain = new Job(JOB, "quick", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
        assertThat(WireFormat.parse(WireFormat.encode(new Graph(Map.of(), List.of(plain)))).get("Jobs").get(0).has("Timeout"))
                .as("no timeout, no field").isFalse();
    }

    @Test
    void aJobThatNeedsTheNetworkSaysSoAndOthersCarryNoField() throws Exception {
        Job online = new Job(JOB, "fetch", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))), null, true);
        byte[] json = WireFormat.encode(new Graph(Map.of(), List.of(online)));

        assertThat(WireFormat.parse(json).get("Jobs").get(0).get("Network").asBoolean()).isTrue();
        assertThat(WireFormat.decodeGraph(new ByteArrayInputStream(json)).jobs().getFirst().network()).isTrue();
        Job offline = new Job(JOB, "quick", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
        assertThat(WireFormat.parse(WireFormat.encode(new Graph(Map.of(), List.of(offline)))).get("Jobs").get(0)
                .has("Network")).as("the Go peers' graphs stay as they were").isFalse();
    }

    @Test
    void aBuildSaysWhoSentItInOneShortLineAndAGoClientsSaysNothing() throws Exception {
        Graph graph = new Graph(Map.of(), List.of());
        byte[] json = WireFormat.encode(new BuildRequest(graph, true, "alice@laptop"));

        assertThat(WireFormat.parse(json).get("Submitter").asText()).isEqualTo("alice@laptop");
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream(json)).submitter()).isEqualTo("alice@laptop");
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream("{\"Graph\":{}}".getBytes(UTF_8))).submitter())
                .isNull();
        assertThat(WireFormat.parse(WireFormat.encode(new BuildRequest(graph))).has("Submitter")).isFalse();
        String hostile = "mallory\n12:00:00 INFO forged log line" + "x".repeat(1000);
        String kept = new BuildRequest(graph, false, hostile).submitter();
        assertThat(kept).hasSize(BuildRequest.SUBMITTER_LIMIT).startsWith("mallory?12:00:00 INFO").doesNotContain("\n");
        assertThatThrownBy(() -> WireFormat.decodeBuildRequest(new ByteArrayInputStream(
                "{\"Graph\":{},\"Submitter\":7}".getBytes(UTF_8)))).isInstanceOf(WireFormatException.class);
        String shown = new BuildRequest(graph, false, hostile).withSubmitter(
                BuildHandler.submitter(kept, "10.1.2.3:45678")).submitter();
        assertThat(shown).as("a long name never pushes out the address the coordinator vouches for")
                .hasSize(BuildRequest.SUBMITTER_LIMIT).startsWith("mallory?").endsWith(" from 10.1.2.3:45678");
        assertThat(BuildHandler.submitter(null, "10.1.2.3:45678")).isEqualTo("10.1.2.3:45678");
    }

    @Test
    void aHeartbeatMayCarryTheWorkersStatsAndAGoWorkersCarriesNone() throws Exception {
        HeartbeatRequest request = new HeartbeatRequest(WORKER, List.of(), 2, List.of(), List.of(), List.of(), true,
                new HeartbeatRequest.Stats(123_456_789_012L, 42, true));
        byte[] json = WireFormat.encode(request);

        JsonNode stats = WireFormat.parse(json).get("Stats");
        assertThat(stats.get("CacheBytes").asLong()).isEqualTo(123_456_789_012L);
        assertThat(stats.get("Draining").asBoolean()).isTrue();
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(json)).stats())
                .isEqualTo(new HeartbeatRequest.Stats(123_456_789_012L, 42, true));
        HeartbeatRequest plain = new HeartbeatRequest(WORKER, List.of(), 2, List.of(), List.of());
        assertThat(WireFormat.parse(WireFormat.encode(plain)).has("Stats")).isFalse();
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(WireFormat.encode(plain))).stats()).isNull();
        for (String bad : List.of("{\"CacheBytes\":-5}", "\"lots\"", "{\"ReceivedBytes\":\"x\"}")) {
            HeartbeatRequest decoded = WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(("{\"WorkerID\":\""
                    + WORKER.url() + "\",\"FreeSlots\":1,\"RunningJobs\":[\"" + JOB.hex() + "\"],\"Stats\":" + bad + "}")
                    .getBytes(UTF_8)));
            assertThat(decoded.stats()).as("bad stats are dropped: %s", bad).isNull();
            assertThat(decoded.runningJobs()).as("and cost the heartbeat nothing else").containsExactly(JOB);
        }
    }

    @Test
    void aLostTryTravelsWithItsWorkerAndReason() throws Exception {
        StatusUpdate lost = StatusUpdate.lost(JOB, WORKER, "the worker stopped listing it");

        JsonNode json = WireFormat.parse(WireFormat.encode(lost));
        assertThat(json.get("JobLost").get("Reason").asText()).isEqualTo("the worker stopped listing it");
        assertThat(WireFormat.decodeStatusUpdate(json).jobLost()).isEqualTo(lost.jobLost());
        assertThat(WireFormat.parse(WireFormat.encode(StatusUpdate.finished())).has("JobLost"))
                .as("no loss, no field").isFalse();
    }

    @Test
    void aResultSaysWhereAndHowItCameAbout() {
        JobResult result = new JobResult(JOB, "out".getBytes(UTF_8), null, 0, null, Provenance.ran(WORKER,
                new Provenance.Timing(Duration.ofMillis(3), Duration.ofMillis(250), Duration.ofMillis(7))));

        JsonNode json = WireFormat.parse(WireFormat.encode(StatusUpdate.ofJob(result))).get("JobFinished");
        assertThat(json.get("WorkerID").asText()).isEqualTo(WORKER.url());
        assertThat(json.get("Timing").get("Run").asLong()).isEqualTo(250_000_000L);
        assertThat(json.has("Cached")).isFalse();

        JobResult back = WireFormat.decodeStatusUpdate(WireFormat.parse(WireFormat.encode(StatusUpdate.ofJob(result))))
                .jobFinished();
        assertThat(back.provenance()).isEqualTo(result.provenance());

        JobResult cached = result.withProvenance(Provenance.cached(WORKER));
        assertThat(WireFormat.parse(WireFormat.encode(cached)).get("Cached").asBoolean()).isTrue();
        JobResult shared = result.withProvenance(result.provenance().sharedWithAnotherBuild());
        assertThat(WireFormat.decodeStatusUpdate(WireFormat.parse(WireFormat.encode(StatusUpdate.ofJob(shared))))
                .jobFinished().provenance().origin()).isEqualTo(Provenance.Origin.SHARED);
    }

    @Test
    void aResultAsGoWritesItKnowsNothingOfItsProvenanceAndEncodesBackTheSame() {
        String go = "{\"ID\":\"" + JOB.hex() + "\",\"Stdout\":\"\",\"Stderr\":\"\",\"ExitCode\":0,\"Error\":null}";

        StatusUpdate update = WireFormat.decodeStatusUpdate(WireFormat.parse(
                ("{\"JobFinished\":" + go + ",\"BuildFailed\":null,\"BuildFinished\":null}").getBytes(UTF_8)));

        assertThat(update.jobFinished().provenance()).isEqualTo(Provenance.UNKNOWN);
        assertThat(update.jobStarted()).isNull();
        JsonEquivalence.assertEquivalent(go, WireFormat.encode(update.jobFinished()));
    }

    @Test
    void jobStartsAreAskedForAndReported() throws Exception {
        Graph graph = new Graph(Map.of(), List.of());
        byte[] asking = WireFormat.encode(new BuildRequest(graph, true));
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream(asking)).reportJobStarts()).isTrue();
        assertThat(WireFormat.parse(WireFormat.encode(new BuildRequest(graph))).has("ReportJobStarts")).isFalse();
        assertThat(WireFormat.decodeBuildRequest(new ByteArrayInputStream(
                "{\"Graph\":{\"SourceFiles\":null,\"Jobs\":null}}".getBytes(UTF_8))).reportJobStarts()).isFalse();

        StatusUpdate started = StatusUpdate.started(JOB, WORKER);
        JsonNode json = WireFormat.parse(WireFormat.encode(started));
        assertThat(json.get("JobStarted").get("ID").asText()).isEqualTo(JOB.hex());
        assertThat(json.get("JobFinished").isNull()).isTrue();
        assertThat(WireFormat.decodeStatusUpdate(json).jobStarted()).isEqualTo(started.jobStarted());
        assertThat(started.isFinal()).isFalse();
    }

    @Test
    void aJobSpecNamesAWorkerThatHoldsTheJobItself() throws Exception {
        Job job = new Job(JOB, "cached elsewhere", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
        HeartbeatResponse response = new HeartbeatResponse(Map.of(JOB, new JobSpec(job, Map.of(), Map.of(), WORKER)), List.of());

        byte[] json = WireFormat.encode(response);

        assertThat(WireFormat.parse(json).get("JobsToRun").get(JOB.hex()).get("CachedOn").asText()).isEqualTo(WORKER.url());
        assertThat(WireFormat.decodeHeartbeatResponse(new ByteArrayInputStream(json)).jobsToRun().get(JOB).cachedOn())
                .isEqualTo(WORKER);
        HeartbeatResponse plain = new HeartbeatResponse(Map.of(JOB, new JobSpec(job, Map.of(), Map.of())), List.of());
        assertThat(WireFormat.parse(WireFormat.encode(plain)).get("JobsToRun").get(JOB.hex()).has("CachedOn")).isFalse();
    }

    @Test
    void earlyCutoffTravelsAsAnOutputDigestAnEarlierJobToReplayAndAResultThatSaysItWasCutOff() throws Exception {
        Id earlier = Id.ofContent("the earlier job".getBytes(UTF_8));
        Job job = new Job(JOB, "link", List.of(), List.of(), List.of(new Cmd.Exec(List.of("true"))));
        HeartbeatResponse response = new HeartbeatResponse(Map.of(JOB, new JobSpec(job, Map.of(), Map.of(), WORKER, earlier)),
                List.of());
        byte[] json = WireFormat.encode(response);
        assertThat(WireFormat.parse(json).get("JobsToRun").get(JOB.hex()).get("ReplayOf").asText()).isEqualTo(earlier.hex());
        assertThat(WireFormat.decodeHeartbeatResponse(new ByteArrayInputStream(json)).jobsToRun().get(JOB).replayOf())
                .isEqualTo(earlier);
        HeartbeatResponse plain = new HeartbeatResponse(Map.of(JOB, new JobSpec(job, Map.of(), Map.of())), List.of());
        assertThat(WireFormat.parse(WireFormat.encode(plain)).get("JobsToRun").get(JOB.hex()).has("ReplayOf")).isFalse();

        String digest = "e".repeat(64);
        JobResult cutOff = JobResult.success(JOB, null, null).withOutputDigest(digest).withProvenance(Provenance.cutOff(WORKER));
        JsonNode encoded = WireFormat.parse(WireFormat.encode(cutOff));
        assertThat(encoded.get("OutputDigest").asText()).isEqualTo(digest);
        assertThat(encoded.get("CutOff").asBoolean()).isTrue();
        JobResult back = WireFormat.decodeStatusUpdate(WireFormat.parse(WireFormat.encode(StatusUpdate.ofJob(cutOff)))).jobFinished();
        assertThat(back.outputDigest()).isEqualTo(digest);
        assertThat(back.provenance().origin()).isEqualTo(Provenance.Origin.CUT_OFF);

        String notADigest = "{\"JobFinished\":{\"ID\":\"" + JOB.hex() + "\",\"Stdout\":\"\",\"Stderr\":\"\",\"ExitCode\":0,"
                + "\"Error\":null,\"OutputDigest\":\"../../etc\"},\"BuildFailed\":null,\"BuildFinished\":null}";
        assertThat(WireFormat.decodeStatusUpdate(WireFormat.parse(notADigest.getBytes(UTF_8))).jobFinished().outputDigest())
                .as("a bad digest costs only the cutoff it would have allowed").isNull();
        assertThat(WireFormat.parse(WireFormat.encode(JobResult.success(JOB, null, null))).has("OutputDigest")).isFalse();
    }

    @Test
    void aFailureToRetryTravelsWithTheDepsItCouldNotGet() {
        JobResult retry = JobResult.retry(JOB, new Retry("cannot get the artifact of dep", Map.of(JOB, WORKER)));

        JobResult back = WireFormat.decodeStatusUpdate(WireFormat.parse(WireFormat.encode(StatusUpdate.ofJob(retry))))
                .jobFinished();

        assertThat(back.retry()).isEqualTo(retry.retry());
        assertThat(back.error()).isEqualTo("cannot get the artifact of dep");
    }

    @Test
    void aHeartbeatSaysWhichArtifactsLeftTheCache() throws Exception {
        HeartbeatRequest request = new HeartbeatRequest(WORKER, List.of(), 1, List.of(), List.of(), List.of(JOB));

        byte[] json = WireFormat.encode(request);

        assertThat(WireFormat.parse(json).get("RemovedArtifacts").get(0).asText()).isEqualTo(JOB.hex());
        assertThat(WireFormat.decodeHeartbeatRequest(new ByteArrayInputStream(json)).removedArtifacts()).containsExactly(JOB);
        assertThat(request.reportsSomething()).isTrue();
        assertThat(WireFormat.parse(WireFormat.encode(new HeartbeatRequest(WORKER, List.of(), 1, List.of(), List.of())))
                .has("RemovedArtifacts")).isFalse();
    }

    @Test
    void malformedExtensionsAreRefusedSayingWhere() {
        String badTiming = "{\"ID\":\"" + JOB.hex() + "\",\"ExitCode\":0,\"Timing\":{\"Run\":\"long\"}}";
        assertThatThrownBy(() -> WireFormat.decodeJobResult(new ByteArrayInputStream(badTiming.getBytes(UTF_8))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("Timing.Run");
        String badStart = "{\"JobStarted\":{\"ID\":\"zz\",\"WorkerID\":\"http://w\"}}";
        assertThatThrownBy(() -> WireFormat.decodeStatusUpdate(WireFormat.parse(badStart.getBytes(UTF_8))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("JobStarted.ID");
    }
}
