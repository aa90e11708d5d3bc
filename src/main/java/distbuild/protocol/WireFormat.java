package distbuild.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.model.Requirements;
import distbuild.model.WorkerOffers;
import distbuild.model.JobResult;
import distbuild.model.Provenance;
import distbuild.model.Retry;
import distbuild.model.WorkerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON of SPEC §4, exactly as Go's encoding/json writes the reference structs: Go field
 * names, IDs as hex strings (also as map keys), bytes as padded base64, {@code null} for a
 * missing pointer, a job's fields inlined into its JobSpec. This is the only class that knows
 * the wire shape, so the model stays free of Go-isms.
 */
public final class WireFormat {
    // Jackson refuses strings over 20 MB by default, but a JobResult's base64 Stdout is as long as
    // the job's output, and Go writes and reads it whatever its size.
    /**
     * No document may exceed this: a request is parsed whole, so one huge body must not exhaust
     * a coordinator's memory. Generous enough for graphs of a hundred thousand jobs and for
     * heartbeats carrying many results of up to 4 MiB of output each.
     */
    static final long MAX_DOCUMENT_BYTES = 512L * 1024 * 1024;

    // No limit on one string: a job's base64 output can be longer than Jackson's default 20 MB.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireFormat() {}

    // ---- encoding -------------------------------------------------------------------------

    public static byte[] encode(BuildRequest request) {
        ObjectNode json = NODES.objectNode();
        json.set("Graph", graph(request.graph()));
        if (request.reportJobStarts()) {
            json.put("ReportJobStarts", true);
        }
        if (request.submitter() != null) {
            json.put("Submitter", request.submitter());
        }
        if (request.priority() != 0) {
            json.put("Priority", request.priority());
        }
        return bytes(json);
    }

    /** A graph as indented JSON, for people to read. */
    public static String encodeIndented(Graph graph) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(graph(graph));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static byte[] encode(Graph graph) {
        return bytes(graph(graph));
    }

    public static byte[] encode(BuildStarted started) {
        ObjectNode json = NODES.objectNode();
        json.put("ID", started.id().hex());
        json.set("MissingFiles", ids(started.missingFiles()));
        return bytes(json);
    }

    public static byte[] encode(StatusUpdate update) {
        ObjectNode json = NODES.objectNode();
        json.set("JobFinished", update.jobFinished() == null ? NODES.nullNode() : jobResult(update.jobFinished()));
        if (update.buildFailed() == null) {
            json.putNull("BuildFailed");
        } else {
            json.putObject("BuildFailed").put("Error", update.buildFailed());
        }
        if (update.buildFinished()) {
            json.putObject("BuildFinished");
        } else {
            json.putNull("BuildFinished");
        }
        if (update.jobStarted() != null) {
            json.putObject("JobStarted")
                    .put("ID", update.jobStarted().jobId().hex())
                    .put("WorkerID", update.jobStarted().worker().url());
        }
        if (update.jobLost() != null) {
            json.putObject("JobLost")
                    .put("ID", update.jobLost().jobId().hex())
                    .put("WorkerID", update.jobLost().worker().url())
                    .put("Reason", update.jobLost().reason());
        }
        return bytes(json);
    }

    /** The cluster's status: our own JSON (not the Go design's), the records' fields as they are named. */
    public static byte[] encode(ClusterStatus status) {
        return statusDocument(status);
    }

    public static byte[] encode(BuildDetails details) {
        return statusDocument(details);
    }

    public static ClusterStatus decodeClusterStatus(InputStream in) throws IOException {
        return decodeStatusDocument(in, ClusterStatus.class, "a cluster status");
    }

    public static BuildDetails decodeBuildDetails(InputStream in) throws IOException {
        return decodeStatusDocument(in, BuildDetails.class, "a build's details");
    }

    /** The status pages' documents are ours alone: records, written by their components' names. */
    private static byte[] statusDocument(Record document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends Record> T decodeStatusDocument(InputStream in, Class<T> type, String what)
            throws IOException {
        try {
            // A newer coordinator may say more than this client knows: what it does not know, it skips.
            return MAPPER.readerFor(type)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new WireFormatException("not " + what + ": " + e.getOriginalMessage());
        }
    }

    public static byte[] encode(SignalRequest request) {
        ObjectNode json = NODES.objectNode();
        if (request.uploadDone()) {
            json.putObject("UploadDone");
        } else {
            json.putNull("UploadDone");
        }
        return bytes(json);
    }

    public static byte[] encode(SignalResponse response) {
        return bytes(NODES.objectNode());
    }

    public static byte[] encode(HeartbeatRequest request) {
        ObjectNode json = NODES.objectNode();
        json.put("WorkerID", request.workerId().url());
        json.set("RunningJobs", ids(request.runningJobs()));
        json.put("FreeSlots", request.freeSlots());
        ArrayNode finished = json.putArray("FinishedJob");
        request.finishedJobs().forEach(result -> finished.add(jobResult(result)));
        json.set("AddedArtifacts", ids(request.addedArtifacts()));
        if (!request.removedArtifacts().isEmpty()) {
            json.set("RemovedArtifacts", ids(request.removedArtifacts()));
        }
        if (request.reportsAtOnce()) {
            json.put("ReportsAtOnce", true);
        }
        if (request.stats() != null) {
            json.putObject("Stats")
                    .put("CacheBytes", request.stats().cacheBytes())
                    .put("ReceivedBytes", request.stats().receivedBytes())
                    .put("Draining", request.stats().draining());
        }
        if (request.offers() != null) {
            WorkerOffers offers = request.offers();
            ObjectNode offered = json.putObject("Offers")
                    .put("OS", offers.os())
                    .put("Arch", offers.arch())
                    .put("CPUs", offers.cpus())
                    .put("Memory", offers.memoryBytes());
            ArrayNode labels = offered.putArray("Labels");
            offers.labels().forEach(labels::add);
            if (!offers.toolchains().isEmpty()) {
                ObjectNode toolchains = offered.putObject("Toolchains");
                offers.toolchains().forEach(toolchains::put);
            }
        }
        return bytes(json);
    }

    public static byte[] encode(HeartbeatResponse response) {
        ObjectNode json = NODES.objectNode();
        ObjectNode jobs = json.putObject("JobsToRun");
        response.jobsToRun().forEach((id, spec) -> jobs.set(id.hex(), jobSpec(spec)));
        json.set("JobsToCancel", ids(response.jobsToCancel()));
        return bytes(json);
    }

    public static byte[] encode(JobResult result) {
        return bytes(jobResult(result));
    }

    private static ObjectNode graph(Graph graph) {
        ObjectNode json = NODES.objectNode();
        ObjectNode files = json.putObject("SourceFiles");
        graph.sourceFiles().forEach((id, path) -> files.put(id.hex(), path));
        ArrayNode jobs = json.putArray("Jobs");
        graph.jobs().forEach(job -> jobs.add(putJob(NODES.objectNode(), job)));
        return json;
    }

    private static ObjectNode putJob(ObjectNode json, Job job) {
        json.put("ID", job.id().hex());
        json.put("Name", job.name());
        json.set("Inputs", strings(job.inputs()));
        json.set("Deps", ids(job.deps()));
        ArrayNode cmds = json.putArray("Cmds");
        job.cmds().forEach(cmd -> cmds.add(cmd(cmd)));
        // Our extension, as Go writes a time.Duration: nanoseconds.
        job.maxDuration().ifPresent(timeout -> json.put("Timeout", timeout.toNanos()));
        if (job.network()) { // our extension: a sandboxed job reaches the network only if it says so
            json.put("Network", true);
        }
        // Our extensions: where the job's tree must be seen, and the programs it must find as they were.
        if (!job.needs().treeAt().isEmpty()) {
            ObjectNode treeAt = json.putObject("TreeAt");
            job.needs().treeAt().forEach(treeAt::put);
        }
        if (!job.needs().programs().isEmpty()) {
            ObjectNode programs = json.putObject("Programs");
            job.needs().programs().forEach(programs::put);
        }
        if (!job.needs().requires().isEmpty()) { // our extension: what the worker's machine must offer
            ObjectNode requires = json.putObject("Requires");
            job.needs().requires().wanted().forEach(requires::put);
        }
        return json;
    }

    // Go writes every field of the one Cmd struct; the unused kind's fields are empty.
    private static ObjectNode cmd(Cmd cmd) {
        ObjectNode json = NODES.objectNode();
        switch (cmd) {
            case Cmd.Exec exec -> {
                json.set("Exec", strings(exec.argv()));
                json.set("Environ", strings(exec.environ()));
                json.put("WorkingDirectory", exec.workingDirectory());
                json.put("CatTemplate", "");
                json.put("CatOutput", "");
            }
            case Cmd.Cat cat -> {
                json.putNull("Exec");
                json.putNull("Environ");
                json.put("WorkingDirectory", "");
                json.put("CatTemplate", cat.template());
                json.put("CatOutput", cat.output());
            }
        }
        return json;
    }

    private static ObjectNode jobSpec(JobSpec spec) {
        ObjectNode json = NODES.objectNode();
        ObjectNode files = json.putObject("SourceFiles");
        spec.sourceFiles().forEach((id, path) -> files.put(id.hex(), path));
        ObjectNode artifacts = json.putObject("Artifacts");
        spec.artifacts().forEach((id, worker) -> artifacts.put(id.hex(), worker.url()));
        if (spec.cachedOn() != null) {
            json.put("CachedOn", spec.cachedOn().url());
        }
        if (spec.replayOf() != null) {
            json.put("ReplayOf", spec.replayOf().hex());
        }
        return putJob(json, spec.job());
    }

    private static ObjectNode jobResult(JobResult result) {
        ObjectNode json = NODES.objectNode();
        json.put("ID", result.jobId().hex());
        json.put("Stdout", Base64.getEncoder().encodeToString(result.stdout()));
        json.put("Stderr", Base64.getEncoder().encodeToString(result.stderr()));
        json.put("ExitCode", result.exitCode());
        if (result.error() == null) {
            json.putNull("Error");
        } else {
            json.put("Error", result.error());
        }
        provenance(json, result.provenance());
        if (result.outputDigest() != null) {
            json.put("OutputDigest", result.outputDigest());
        }
        if (result.retry() != null) {
            ObjectNode retry = json.putObject("Retry").put("Reason", result.retry().reason());
            ObjectNode lost = retry.putObject("LostDeps");
            result.retry().lostDeps().forEach((dep, holder) -> lost.put(dep.hex(), holder.url()));
            if (result.retry().workerUnable()) {
                retry.put("Unable", true);
            }
        }
        return json;
    }

    // Our extensions, written only when they say something, so a plain result looks exactly as Go writes it.
    private static void provenance(ObjectNode json, Provenance provenance) {
        if (provenance.worker() != null) {
            json.put("WorkerID", provenance.worker().url());
        }
        switch (provenance.origin()) {
            case CACHED -> json.put("Cached", true);
            case SHARED -> json.put("Shared", true);
            case CUT_OFF -> json.put("CutOff", true);
            case RAN -> {}
        }
        Provenance.Timing timing = provenance.timing();
        if (timing.isKnown()) {
            json.putObject("Timing")
                    .put("Fetch", timing.fetch().toNanos())
                    .put("Run", timing.run().toNanos())
                    .put("Store", timing.store().toNanos());
        }
    }

    private static ArrayNode ids(Collection<Id> ids) {
        ArrayNode json = NODES.arrayNode(ids.size());
        ids.forEach(id -> json.add(id.hex()));
        return json;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode json = NODES.arrayNode(values.size());
        values.forEach(json::add);
        return json;
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    // ---- decoding -------------------------------------------------------------------------

    public static BuildRequest decodeBuildRequest(InputStream in) throws IOException {
        return decode(in, "BuildRequest", json -> new BuildRequest(graph(json.field("Graph").object()),
                json.field("ReportJobStarts").bool(), json.field("Submitter").nullableString(),
                json.field("Priority").isAbsent() ? 0 : json.field("Priority").integer()));
    }

    public static Graph decodeGraph(InputStream in) throws IOException {
        return decode(in, "Graph", WireFormat::graph);
    }

    public static BuildStarted decodeBuildStarted(JsonNode json) {
        WireNode root = new WireNode(json, "BuildStarted").object();
        return root.build(() -> new BuildStarted(root.field("ID").id(), root.field("MissingFiles").list(WireNode::id)));
    }

    public static StatusUpdate decodeStatusUpdate(JsonNode json) {
        WireNode root = new WireNode(json, "StatusUpdate").object();
        WireNode jobFinished = root.field("JobFinished");
        WireNode buildFailed = root.field("BuildFailed");
        WireNode jobStarted = root.field("JobStarted");
        WireNode jobLost = root.field("JobLost");
        return new StatusUpdate(
                jobFinished.isAbsent() ? null : jobResult(jobFinished),
                buildFailed.presence() ? buildFailed.field("Error").string() : null,
                root.field("BuildFinished").presence(),
                jobStarted.isAbsent() ? null : jobStarted.object().build(() -> new StatusUpdate.JobStarted(
                        jobStarted.field("ID").id(), workerId(jobStarted.field("WorkerID")))),
                jobLost.isAbsent() ? null : jobLost.object().build(() -> new StatusUpdate.JobLost(
                        jobLost.field("ID").id(), workerId(jobLost.field("WorkerID")), jobLost.field("Reason").string())));
    }

    public static SignalRequest decodeSignalRequest(InputStream in) throws IOException {
        return decode(in, "SignalRequest", json -> new SignalRequest(json.field("UploadDone").presence()));
    }

    public static SignalResponse decodeSignalResponse(InputStream in) throws IOException {
        return decode(in, "SignalResponse", json -> new SignalResponse());
    }

    public static HeartbeatRequest decodeHeartbeatRequest(InputStream in) throws IOException {
        return decode(in, "HeartbeatRequest", json -> json.build(() -> new HeartbeatRequest(
                workerId(json.field("WorkerID")),
                json.field("RunningJobs").list(WireNode::id),
                json.field("FreeSlots").integer(),
                json.field("FinishedJob").list(WireFormat::jobResult),
                json.field("AddedArtifacts").list(WireNode::id),
                json.field("RemovedArtifacts").list(WireNode::id),
                json.field("ReportsAtOnce").bool(),
                stats(json.field("Stats")),
                offers(json.field("Offers")))));
    }

    /**
     * What a worker offers, or null: absent, or not what it should be. A bad one must not cost the
     * heartbeat its results; the worker then gets no job that requires anything, as one that
     * does not say.
     */
    private static WorkerOffers offers(WireNode json) {
        if (json.isAbsent()) {
            return null;
        }
        try {
            json.object();
            WorkerOffers machine = json.build(() -> new WorkerOffers(json.field("OS").string(), json.field("Arch").string(),
                    json.field("CPUs").integer(), json.field("Memory").longInteger(),
                    new java.util.TreeSet<>(json.field("Labels").list(WireNode::string))));
            return withToolchains(machine, json.field("Toolchains"));
        } catch (WireFormatException e) {
            return null;
        }
    }

    /** The offers with the compilers listed, if they read as such; else as they are (each job's programs then checked where it runs). */
    private static WorkerOffers withToolchains(WorkerOffers machine, WireNode json) {
        if (json.isAbsent()) {
            return machine;
        }
        try {
            java.util.Map<String, String> listed = json.stringMap(WireNode::string);
            return json.build(() -> machine.withToolchains(listed));
        } catch (WireFormatException e) {
            return machine;
        }
    }

    /**
     * A worker's stats, or null: absent, or not what they should be. They only feed the status
     * pages, so a bad one is dropped rather than costing the heartbeat its results.
     */
    private static HeartbeatRequest.Stats stats(WireNode json) {
        if (json.isAbsent()) {
            return null;
        }
        try {
            json.object();
            return json.build(() -> new HeartbeatRequest.Stats(json.field("CacheBytes").longInteger(),
                    json.field("ReceivedBytes").longInteger(), json.field("Draining").bool()));
        } catch (WireFormatException e) {
            return null;
        }
    }

    public static HeartbeatResponse decodeHeartbeatResponse(InputStream in) throws IOException {
        return decode(in, "HeartbeatResponse", json -> {
            Map<Id, JobSpec> jobs = json.field("JobsToRun").idMap(WireFormat::jobSpec);
            jobs.forEach((key, spec) -> {
                if (!key.equals(spec.id())) {
                    throw json.field("JobsToRun").error("the job under key " + key.hex() + " has ID " + spec.id().hex());
                }
            });
            return new HeartbeatResponse(jobs, json.field("JobsToCancel").list(WireNode::id));
        });
    }

    public static JobResult decodeJobResult(InputStream in) throws IOException {
        return decode(in, "JobResult", WireFormat::jobResult);
    }

    private static Graph graph(WireNode json) {
        return json.build(() -> new Graph(
                json.field("SourceFiles").idMap(WireNode::string),
                json.field("Jobs").list(job -> job(job.object()))));
    }

    private static Job job(WireNode json) {
        long timeout = json.field("Timeout").longInteger();
        boolean network = json.field("Network").bool();
        Map<String, String> treeAt = json.field("TreeAt").stringMap(WireNode::string);
        Map<String, String> programs = json.field("Programs").stringMap(WireNode::string);
        Map<String, String> requires = json.field("Requires").stringMap(WireNode::string);
        return json.build(() -> new Job(
                json.field("ID").id(),
                json.field("Name").string(),
                json.field("Inputs").list(WireNode::string),
                json.field("Deps").list(WireNode::id),
                json.field("Cmds").list(cmd -> cmd(cmd.object())),
                timeout > 0 ? Duration.ofNanos(timeout) : null,
                network,
                new Needs(treeAt, programs, new Requirements(requires))));
    }

    private static Cmd cmd(WireNode json) {
        List<String> exec = json.field("Exec").list(WireNode::string);
        String catTemplate = json.field("CatTemplate").string();
        String catOutput = json.field("CatOutput").string();
        boolean isExec = !exec.isEmpty();
        boolean isCat = !catOutput.isEmpty() || !catTemplate.isEmpty();
        if (isExec && isCat) {
            throw json.error("sets both Exec and CatTemplate/CatOutput; a command either runs a program or writes a file");
        }
        if (isExec) {
            List<String> environ = json.field("Environ").list(WireNode::string);
            String workingDirectory = json.field("WorkingDirectory").string();
            return json.build(() -> new Cmd.Exec(exec, environ, workingDirectory));
        }
        if (isCat) {
            if (catOutput.isEmpty()) {
                throw json.error("has a CatTemplate but no CatOutput to write it to");
            }
            return new Cmd.Cat(catTemplate, catOutput);
        }
        throw json.error("sets neither Exec nor CatOutput; a command must do one of them");
    }

    private static JobSpec jobSpec(WireNode json) {
        json.object();
        WireNode cachedOn = json.field("CachedOn");
        WireNode replayOf = json.field("ReplayOf");
        return json.build(() -> new JobSpec(
                job(json),
                json.field("SourceFiles").idMap(WireNode::string),
                json.field("Artifacts").idMap(WireFormat::workerId),
                cachedOn.isAbsent() ? null : workerId(cachedOn),
                replayOf.isAbsent() ? null : replayOf.id()));
    }

    private static JobResult jobResult(WireNode json) {
        json.object();
        return new JobResult(
                json.field("ID").id(),
                json.field("Stdout").bytes(),
                json.field("Stderr").bytes(),
                json.field("ExitCode").integer(),
                json.field("Error").nullableString(),
                provenance(json),
                retry(json.field("Retry")),
                outputDigest(json.field("OutputDigest")));
    }

    /** A result's output digest, or null: absent, or not one (it only enables early cutoff, so a bad one costs only that). */
    private static String outputDigest(WireNode json) {
        if (json.isAbsent()) {
            return null;
        }
        try {
            String digest = json.string();
            return distbuild.model.Sha256Hex.isValid(digest) ? digest : null;
        } catch (WireFormatException e) {
            return null;
        }
    }

    private static Retry retry(WireNode json) {
        if (json.isAbsent()) {
            return null;
        }
        json.object();
        return json.build(() -> new Retry(json.field("Reason").string(), json.field("LostDeps").idMap(WireFormat::workerId),
                json.field("Unable").bool()));
    }

    private static Provenance provenance(WireNode json) {
        WireNode worker = json.field("WorkerID");
        Provenance.Origin origin = json.field("Cached").bool() ? Provenance.Origin.CACHED
                : json.field("Shared").bool() ? Provenance.Origin.SHARED
                : json.field("CutOff").bool() ? Provenance.Origin.CUT_OFF : Provenance.Origin.RAN;
        WireNode timing = json.field("Timing");
        return new Provenance(origin, worker.isAbsent() ? null : workerId(worker), new Provenance.Timing(
                Duration.ofNanos(timing.field("Fetch").longInteger()),
                Duration.ofNanos(timing.field("Run").longInteger()),
                Duration.ofNanos(timing.field("Store").longInteger())));
    }

    private static WorkerId workerId(WireNode json) {
        String url = json.string();
        return json.build(() -> new WorkerId(url));
    }

    private static <T> T decode(InputStream in, String what, Function<WireNode, T> decoder) throws IOException {
        return decoder.apply(new WireNode(readTree(in, what), what).object());
    }

    private static JsonNode readTree(InputStream in, String what) throws IOException {
        try {
            JsonNode json = MAPPER.readTree(in);
            if (json == null || json.isMissingNode()) {
                throw new WireFormatException(what + ": the body is empty, expected a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new WireFormatException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    // ---- streams of documents -------------------------------------------------------------

    /**
     * Reads a sequence of JSON documents separated by whitespace — the body of {@code /build}.
     * Blank keep-alive lines between documents are skipped, as Go's json.Decoder skips them.
     */
    public static final class DocumentReader implements AutoCloseable {
        private final JsonParser parser;

        public DocumentReader(InputStream in) throws IOException {
            this.parser = MAPPER.createParser(in);
        }

        /** The next document, or null at the end of the stream. */
        public JsonNode next() throws IOException {
            try {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return null;
                }
                return MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw new WireFormatException("the build stream is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** Parses one document from bytes; for tests and small bodies. */
    public static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new WireFormatException("not valid JSON: " + e.getMessage(), e);
        }
    }

}
