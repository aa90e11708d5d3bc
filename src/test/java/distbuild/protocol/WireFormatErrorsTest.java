package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that is not the wire format is refused with a {@link WireFormatException} whose message
 * starts with where the problem is ({@code BuildRequest.Graph.Jobs[0].Deps[1]: …}) and says what
 * was expected, so the person reading a 400 can fix the sender.
 */
class WireFormatErrorsTest {
    private static final String GOOD_ID = "f1bfb20967e8b8d775213f030fe1fcc5b775d73e";
    private static final String OTHER_ID = "28c75690763a51859b8aa936972c6630f360c279";

    @FunctionalInterface
    interface Decoder {
        Object decode(InputStream in) throws IOException;
    }

    /** One bad document, the decoder that reads it, and what the message must say. */
    record BadInput(String what, Decoder decoder, String json, String where, String why) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static BadInput buildRequest(String what, String json, String where, String why) {
        return new BadInput(what, WireFormat::decodeBuildRequest, json, where, why);
    }

    private static BadInput heartbeatRequest(String what, String json, String where, String why) {
        return new BadInput(what, WireFormat::decodeHeartbeatRequest, json, where, why);
    }

    private static BadInput heartbeatResponse(String what, String json, String where, String why) {
        return new BadInput(what, WireFormat::decodeHeartbeatResponse, json, where, why);
    }

    /** A graph with one job whose fields are {@code job} and whose source files are {@code files}. */
    private static String graphWithJob(String files, String job) {
        return "{\"Graph\":{\"SourceFiles\":" + files + ",\"Jobs\":[{" + job + "}]}}";
    }

    private static String jobWithCmd(String cmd) {
        return graphWithJob("null", "\"ID\":\"" + GOOD_ID + "\",\"Name\":\"compile\",\"Cmds\":[" + cmd + "]");
    }

    private static String heartbeatWithResult(String result) {
        return "{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":1,\"FinishedJob\":[" + result + "]}";
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                // IDs: wrong length, not hex, in every place an ID appears.
                buildRequest("job ID too short", graphWithJob("null", "\"ID\":\"f1bfb209\""),
                        "BuildRequest.Graph.Jobs[0].ID: ", "invalid ID \"f1bfb209\": expected 40 hex characters, got 8"),
                buildRequest("job ID too long", graphWithJob("null", "\"ID\":\"" + GOOD_ID + "00\""),
                        "BuildRequest.Graph.Jobs[0].ID: ", "expected 40 hex characters, got 42"),
                buildRequest("job ID not hex", graphWithJob("null", "\"ID\":\"" + GOOD_ID.replace('b', 'x') + "\""),
                        "BuildRequest.Graph.Jobs[0].ID: ", "'x' at position 2 is not a hex digit"),
                buildRequest("job ID missing", graphWithJob("null", "\"Name\":\"compile\""),
                        "BuildRequest.Graph.Jobs[0].ID: ", "missing ID"),
                buildRequest("job ID null", graphWithJob("null", "\"ID\":null"),
                        "BuildRequest.Graph.Jobs[0].ID: ", "missing ID"),
                buildRequest("job ID with non-ASCII digits", graphWithJob("null", "\"ID\":\"" + "\u0663" + GOOD_ID.substring(1) + "\""),
                        "BuildRequest.Graph.Jobs[0].ID: ", "is not a hex digit"),
                buildRequest("source file ID (a map key) not hex",
                        graphWithJob("{\"src/main.c\":\"" + GOOD_ID + "\"}", "\"ID\":\"" + GOOD_ID + "\""),
                        "BuildRequest.Graph.SourceFiles[\"src/main.c\"]: ", "invalid ID \"src/main.c\""),
                buildRequest("dep ID malformed",
                        graphWithJob("null", "\"ID\":\"" + GOOD_ID + "\",\"Deps\":[\"" + OTHER_ID + "\",\"28c7569\"]"),
                        "BuildRequest.Graph.Jobs[0].Deps[1]: ", "invalid ID \"28c7569\""),
                heartbeatRequest("running job ID malformed",
                        "{\"WorkerID\":\"http://10.0.0.7:7001\",\"RunningJobs\":[\"zz\"]}",
                        "HeartbeatRequest.RunningJobs[0]: ", "invalid ID \"zz\""),
                heartbeatRequest("finished job ID malformed", heartbeatWithResult("{\"ID\":\"nope\"}"),
                        "HeartbeatRequest.FinishedJob[0].ID: ", "invalid ID \"nope\""),
                heartbeatRequest("finished job ID with full-width hex letters",
                        heartbeatWithResult("{\"ID\":\"" + "\uFF21".repeat(40) + "\"}"),
                        "HeartbeatRequest.FinishedJob[0].ID: ", "at position 0 is not a hex digit"),
                heartbeatResponse("JobsToRun key malformed",
                        "{\"JobsToRun\":{\"link\":{\"ID\":\"" + GOOD_ID + "\",\"Cmds\":[{\"Exec\":[\"true\"]}]}}}",
                        "HeartbeatResponse.JobsToRun[\"link\"]: ", "invalid ID \"link\""),
                heartbeatResponse("Artifacts key malformed",
                        "{\"JobsToRun\":{\"" + GOOD_ID + "\":{\"ID\":\"" + GOOD_ID + "\",\"Artifacts\":{\"compile\":\"http://w:1\"}}}}",
                        "HeartbeatResponse.JobsToRun[\"" + GOOD_ID + "\"].Artifacts[\"compile\"]: ", "invalid ID \"compile\""),

                // Commands are exactly one of the two kinds.
                buildRequest("Cmd with both Exec and CatOutput",
                        jobWithCmd("{\"Exec\":[\"cc\"],\"CatTemplate\":\"x\",\"CatOutput\":\"out.txt\"}"),
                        "BuildRequest.Graph.Jobs[0].Cmds[0]: ", "sets both Exec and CatTemplate/CatOutput"),
                buildRequest("Cmd with neither Exec nor CatOutput",
                        jobWithCmd("{\"Exec\":null,\"Environ\":null,\"WorkingDirectory\":\"\",\"CatTemplate\":\"\",\"CatOutput\":\"\"}"),
                        "BuildRequest.Graph.Jobs[0].Cmds[0]: ", "sets neither Exec nor CatOutput"),
                buildRequest("Cmd with an empty Exec and nothing else", jobWithCmd("{\"Exec\":[]}"),
                        "BuildRequest.Graph.Jobs[0].Cmds[0]: ", "sets neither Exec nor CatOutput"),
                buildRequest("Cmd with a CatTemplate but no CatOutput", jobWithCmd("{\"CatTemplate\":\"hello\"}"),
                        "BuildRequest.Graph.Jobs[0].Cmds[0]: ", "has a CatTemplate but no CatOutput"),
                buildRequest("Cmd that is not an object", jobWithCmd("\"cc -c main.c\""),
                        "BuildRequest.Graph.Jobs[0].Cmds[0]: ", "expected a JSON object, got string \"cc -c main.c\""),

                // Bytes are standard base64.
                heartbeatRequest("Stdout not base64",
                        heartbeatWithResult("{\"ID\":\"" + GOOD_ID + "\",\"Stdout\":\"compiling main.c!\"}"),
                        "HeartbeatRequest.FinishedJob[0].Stdout: ", "expected base64 bytes"),
                heartbeatRequest("Stderr not a string",
                        heartbeatWithResult("{\"ID\":\"" + GOOD_ID + "\",\"Stderr\":[104,105]}"),
                        "HeartbeatRequest.FinishedJob[0].Stderr: ", "expected a string, got array [104,105]"),

                // Wrong JSON types.
                heartbeatRequest("FreeSlots a string", "{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":\"two\"}",
                        "HeartbeatRequest.FreeSlots: ", "expected an integer, got string \"two\""),
                heartbeatRequest("FreeSlots a fraction", "{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":1.5}",
                        "HeartbeatRequest.FreeSlots: ", "expected an integer"),
                heartbeatRequest("FreeSlots too large for an int", "{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":9999999999}",
                        "HeartbeatRequest.FreeSlots: ", "expected an integer"),
                heartbeatRequest("FreeSlots negative", "{\"WorkerID\":\"http://10.0.0.7:7001\",\"FreeSlots\":-1}",
                        "HeartbeatRequest", "FreeSlots cannot be negative, got -1"),
                heartbeatRequest("ExitCode a string", heartbeatWithResult("{\"ID\":\"" + GOOD_ID + "\",\"ExitCode\":\"1\"}"),
                        "HeartbeatRequest.FinishedJob[0].ExitCode: ", "expected an integer, got string \"1\""),
                heartbeatRequest("WorkerID not a URL", "{\"WorkerID\":\"worker-7\"}",
                        "HeartbeatRequest.WorkerID: ", "a worker ID must be an http(s) base URL"),
                heartbeatRequest("WorkerID missing", "{\"FreeSlots\":1}",
                        "HeartbeatRequest.WorkerID: ", "a worker ID must be the worker's base URL"),
                heartbeatRequest("RunningJobs an object", "{\"WorkerID\":\"http://10.0.0.7:7001\",\"RunningJobs\":{}}",
                        "HeartbeatRequest.RunningJobs: ", "expected a list, got object {}"),
                buildRequest("Jobs an object", "{\"Graph\":{\"Jobs\":{\"ID\":\"" + GOOD_ID + "\"}}}",
                        "BuildRequest.Graph.Jobs: ", "expected a list, got object"),
                buildRequest("SourceFiles a list", "{\"Graph\":{\"SourceFiles\":[\"src/main.c\"]}}",
                        "BuildRequest.Graph.SourceFiles: ", "expected an object, got array"),
                buildRequest("Name a number", graphWithJob("null", "\"ID\":\"" + GOOD_ID + "\",\"Name\":42"),
                        "BuildRequest.Graph.Jobs[0].Name: ", "expected a string, got number 42"),
                buildRequest("Graph missing", "{}", "BuildRequest.Graph: ", "expected a JSON object, got nothing"),
                buildRequest("Graph null", "{\"Graph\":null}", "BuildRequest.Graph: ", "expected a JSON object, got null"),
                new BadInput("UploadDone a boolean", WireFormat::decodeSignalRequest, "{\"UploadDone\":true}",
                        "SignalRequest.UploadDone: ", "expected an object or null, got boolean true"),
                heartbeatResponse("a JobSpec that is null", "{\"JobsToRun\":{\"" + GOOD_ID + "\":null}}",
                        "HeartbeatResponse.JobsToRun[\"" + GOOD_ID + "\"]: ", "expected a JSON object, got null"),

                // Not a document at all.
                heartbeatRequest("empty body", "", "HeartbeatRequest: ", "the body is empty, expected a JSON object"),
                heartbeatRequest("blank body", " \n", "HeartbeatRequest: ", "the body is empty"),
                heartbeatRequest("not JSON", "WorkerID=http://10.0.0.7:7001", "HeartbeatRequest: ", "not valid JSON"),
                heartbeatRequest("truncated JSON", "{\"WorkerID\":\"http://10.0.0.7:7001\",", "HeartbeatRequest: ", "not valid JSON"),
                heartbeatRequest("a list instead of an object", "[]", "HeartbeatRequest: ", "expected a JSON object, got array []"),
                heartbeatRequest("null instead of an object", "null", "HeartbeatRequest: ", "expected a JSON object, got null"),
                new BadInput("an empty signal answer", WireFormat::decodeSignalResponse, "",
                        "SignalResponse: ", "the body is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithAMessageSayingWhereAndWhy(BadInput bad) {
        Throwable thrown = catchThrowable(() -> bad.decoder().decode(new ByteArrayInputStream(bad.json().getBytes(UTF_8))));

        assertThat(thrown).as("decoding %s", bad.json()).isInstanceOf(WireFormatException.class);
        assertThat(thrown.getMessage()).startsWith(bad.where()).contains(bad.why());
    }

    @Test
    void aStatusUpdateOnTheStreamIsCheckedTheSameWay() {
        Throwable thrown = catchThrowable(() -> WireFormat.decodeStatusUpdate(WireFormat.parse("""
                {"JobFinished":{"ID":"f1bfb209","Stdout":"","Stderr":"","ExitCode":1,"Error":null}}""".getBytes(UTF_8))));

        assertThat(thrown).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("StatusUpdate.JobFinished.ID: ")
                .hasMessageContaining("expected 40 hex characters, got 8");
    }

    @Test
    void aBuildStartedWithABadBuildIdIsRefused() {
        Throwable thrown = catchThrowable(() -> WireFormat.decodeBuildStarted(WireFormat.parse("""
                {"ID":"b84a59af82e82dbdc1b1c1fd5aa4373b85561d2","MissingFiles":null}""".getBytes(UTF_8))));

        assertThat(thrown).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("BuildStarted.ID: ")
                .hasMessageContaining("got 39");
    }

    @Test
    void aWireFormatExceptionIsAnIllegalArgumentSoHttpAnswersItWith400() {
        assertThat(new WireFormatException("x")).isInstanceOf(IllegalArgumentException.class);
    }
}
