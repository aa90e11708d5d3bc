package distbuild.protocol;

import static distbuild.protocol.JsonEquivalence.assertEquivalent;
import static distbuild.protocol.SampleBuild.BUILD;
import static distbuild.protocol.SampleBuild.COMPILE;
import static distbuild.protocol.SampleBuild.COMPILED;
import static distbuild.protocol.SampleBuild.COMPILE_JOB;
import static distbuild.protocol.SampleBuild.GRAPH;
import static distbuild.protocol.SampleBuild.LINK;
import static distbuild.protocol.SampleBuild.LINK_FAILED;
import static distbuild.protocol.SampleBuild.LINK_JOB;
import static distbuild.protocol.SampleBuild.MAIN_C;
import static distbuild.protocol.SampleBuild.UTIL_H;
import static distbuild.protocol.SampleBuild.VERSION;
import static distbuild.protocol.SampleBuild.WORKER_0;
import static distbuild.protocol.SampleBuild.WORKER_1;
import static distbuild.protocol.SampleBuild.ordered;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every message decodes from a document written exactly the way Go's encoding/json writes the
 * reference structs (json.MarshalIndent with two spaces, or json.Marshal), and encodes back to
 * an equivalent one (SPEC §4): Go field names, {@code null} for nil slices, maps and pointers,
 * {@code {}} for empty structs, base64 for bytes, hex IDs as strings and map keys, and
 * {@code <>&} escaped as {@code \\u003c \\u003e \\u0026}.
 */
class WireFormatGoCompatibilityTest {

    static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(UTF_8));
    }

    static JsonNode tree(String json) {
        return WireFormat.parse(json.getBytes(UTF_8));
    }

    @Nested
    class BuildRequestMessage {
        // The graph of SampleBuild as a Go client sends it. Go writes every Cmd field, the unused
        // kind's as null and "", and nil Inputs and Deps as null.
        static final String GO_JSON = """
                {
                  "Graph": {
                    "SourceFiles": {
                      "406e031b8824ea26ae0bf4d7579a1d89e3fb5906": "src/main.c",
                      "54b33722b92cc6ac990c217292b257c08318a6a5": "src/util.h"
                    },
                    "Jobs": [
                      {
                        "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                        "Name": "compile main.c",
                        "Inputs": [
                          "src/main.c",
                          "src/util.h"
                        ],
                        "Deps": null,
                        "Cmds": [
                          {
                            "Exec": [
                              "cc",
                              "-c",
                              "{{.SourceDir}}/src/main.c",
                              "-o",
                              "{{.OutputDir}}/main.o"
                            ],
                            "Environ": [
                              "PATH=/usr/bin:/bin",
                              "LANG=C"
                            ],
                            "WorkingDirectory": "{{.SourceDir}}/src",
                            "CatTemplate": "",
                            "CatOutput": ""
                          }
                        ]
                      },
                      {
                        "ID": "28c75690763a51859b8aa936972c6630f360c279",
                        "Name": "write version",
                        "Inputs": null,
                        "Deps": null,
                        "Cmds": [
                          {
                            "Exec": null,
                            "Environ": null,
                            "WorkingDirectory": "",
                            "CatTemplate": "#define VERSION \\"1.2\\" // built \\u003e= 2024\\n",
                            "CatOutput": "{{.OutputDir}}/version.h"
                          }
                        ]
                      },
                      {
                        "ID": "fb13a50309cb340f02d23fd2eebaa85d315d0106",
                        "Name": "link app",
                        "Inputs": null,
                        "Deps": [
                          "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                          "28c75690763a51859b8aa936972c6630f360c279"
                        ],
                        "Cmds": [
                          {
                            "Exec": [
                              "cc",
                              "-o",
                              "{{.OutputDir}}/app",
                              "{{index .Deps \\"f1bfb20967e8b8d775213f030fe1fcc5b775d73e\\"}}/main.o"
                            ],
                            "Environ": null,
                            "WorkingDirectory": "",
                            "CatTemplate": "",
                            "CatOutput": ""
                          }
                        ]
                      }
                    ]
                  }
                }
                """;

        @Test
        void decodesTheGraphWithSourceFilesByIdAndJobsInOrder() throws IOException {
            BuildRequest request = WireFormat.decodeBuildRequest(body(GO_JSON));

            assertThat(request.graph().sourceFiles()).containsExactly(
                    Map.entry(MAIN_C, "src/main.c"), Map.entry(UTIL_H, "src/util.h"));
            assertThat(request.graph().jobs()).extracting(Job::id).containsExactly(COMPILE, VERSION, LINK);
            assertThat(request.graph().jobs()).extracting(Job::name)
                    .containsExactly("compile main.c", "write version", "link app");
            assertThat(request).isEqualTo(new BuildRequest(GRAPH));
        }

        @Test
        void anExecCommandKeepsItsArgvEnvironmentAndWorkingDirectory() throws IOException {
            Job compile = WireFormat.decodeBuildRequest(body(GO_JSON)).graph().jobs().get(0);

            assertThat(compile.inputs()).containsExactly("src/main.c", "src/util.h");
            assertThat(compile.deps()).as("Go's null Deps is no deps").isEmpty();
            assertThat(compile.cmds()).containsExactly(new Cmd.Exec(
                    List.of("cc", "-c", "{{.SourceDir}}/src/main.c", "-o", "{{.OutputDir}}/main.o"),
                    List.of("PATH=/usr/bin:/bin", "LANG=C"),
                    "{{.SourceDir}}/src"));
        }

        @Test
        void aCatCommandIsToldApartByItsCatFieldsAndGoEscapesAreUndone() throws IOException {
            Job version = WireFormat.decodeBuildRequest(body(GO_JSON)).graph().jobs().get(1);

            assertThat(version.inputs()).as("Go's null Inputs is no inputs").isEmpty();
            assertThat(version.cmds()).containsExactly(
                    new Cmd.Cat("#define VERSION \"1.2\" // built >= 2024\n", "{{.OutputDir}}/version.h"));
        }

        @Test
        void depsAreJobIdsAndTemplatesAreKeptVerbatim() throws IOException {
            Job link = WireFormat.decodeBuildRequest(body(GO_JSON)).graph().jobs().get(2);

            assertThat(link.deps()).containsExactly(COMPILE, VERSION);
            assertThat(link.cmds()).containsExactly(new Cmd.Exec(List.of("cc", "-o", "{{.OutputDir}}/app",
                    "{{index .Deps \"f1bfb20967e8b8d775213f030fe1fcc5b775d73e\"}}/main.o")));
        }

        @Test
        void encodesBackToAnEquivalentDocumentWritingEveryCmdField() throws IOException {
            byte[] encoded = WireFormat.encode(WireFormat.decodeBuildRequest(body(GO_JSON)));

            assertEquivalent(GO_JSON, encoded);
        }

        @Test
        void aGraphAloneRoundTripsTheSameWay() throws IOException {
            String graphJson = tree(GO_JSON).get("Graph").toString();

            assertThat(WireFormat.decodeGraph(body(graphJson))).isEqualTo(GRAPH);
            assertEquivalent(graphJson, WireFormat.encode(GRAPH));
        }
    }

    @Nested
    class BuildStartedMessage {
        @Test
        void everyIdOnTheWireIsFortyLowerCaseHexCharacters() {
            Id id = Id.ofContent("int main() { return 0; }\n".getBytes(UTF_8));

            String json = new String(WireFormat.encode(new BuildStarted(id, List.of(id))), UTF_8);

            assertThat(json).isEqualTo("{\"ID\":\"" + id.hex() + "\",\"MissingFiles\":[\"" + id.hex() + "\"]}");
            assertThat(id.hex()).matches("[0-9a-f]{40}");
        }

        @Test
        void carriesTheBuildIdAndTheSourceFilesTheCoordinatorLacks() {
            String goJson = """
                    {"ID":"b84a59af82e82dbdc1b1c1fd5aa4373b85561d2c","MissingFiles":["406e031b8824ea26ae0bf4d7579a1d89e3fb5906","54b33722b92cc6ac990c217292b257c08318a6a5"]}""";

            BuildStarted started = WireFormat.decodeBuildStarted(tree(goJson));

            assertThat(started).isEqualTo(new BuildStarted(BUILD, List.of(MAIN_C, UTIL_H)));
            assertEquivalent(goJson, WireFormat.encode(started));
        }

        @Test
        void aNilMissingFilesListMeansNothingToUpload() {
            String goJson = """
                    {"ID":"b84a59af82e82dbdc1b1c1fd5aa4373b85561d2c","MissingFiles":null}""";

            BuildStarted started = WireFormat.decodeBuildStarted(tree(goJson));

            assertThat(started.missingFiles()).isEmpty();
            assertEquivalent(goJson, WireFormat.encode(started));
        }
    }

    @Nested
    class StatusUpdateMessage {
        @Test
        void aFinishedJobCarriesItsResultAndNothingElse() {
            String goJson = """
                    {
                      "JobFinished": {
                        "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                        "Stdout": "Y29tcGlsaW5nIHNyYy9tYWluLmMK",
                        "Stderr": "c3JjL21haW4uYzozOjk6IHdhcm5pbmc6IHVudXNlZCB2YXJpYWJsZSAneCcK",
                        "ExitCode": 0,
                        "Error": null
                      },
                      "BuildFailed": null,
                      "BuildFinished": null
                    }
                    """;

            StatusUpdate update = WireFormat.decodeStatusUpdate(tree(goJson));

            assertThat(update).isEqualTo(StatusUpdate.ofJob(COMPILED));
            assertThat(update.isFinal()).isFalse();
            assertEquivalent(goJson, WireFormat.encode(update));
        }

        @Test
        void aFailedBuildCarriesTheErrorAndEndsTheStream() {
            String goJson = """
                    {"JobFinished":null,"BuildFailed":{"Error":"job 'link app' (fb13a503) failed: exit code 127"},"BuildFinished":null}""";

            StatusUpdate update = WireFormat.decodeStatusUpdate(tree(goJson));

            assertThat(update).isEqualTo(StatusUpdate.failed("job 'link app' (fb13a503) failed: exit code 127"));
            assertThat(update.isFinal()).isTrue();
            assertEquivalent(goJson, WireFormat.encode(update));
        }

        @Test
        void aFinishedBuildIsAnEmptyStructAndEndsTheStream() {
            String goJson = """
                    {"JobFinished":null,"BuildFailed":null,"BuildFinished":{}}""";

            StatusUpdate update = WireFormat.decodeStatusUpdate(tree(goJson));

            assertThat(update).isEqualTo(StatusUpdate.finished());
            assertThat(update.isFinal()).isTrue();
            assertEquivalent(goJson, WireFormat.encode(update));
        }

        @Test
        void aPeerMaySetMoreThanOneField() {
            String goJson = """
                    {"JobFinished":{"ID":"fb13a50309cb340f02d23fd2eebaa85d315d0106","Stdout":"","Stderr":"c2g6IDE6IGNjOiBub3QgZm91bmQK","ExitCode":127,"Error":"exec: \\"cc\\": executable file not found in $PATH"},"BuildFailed":{"Error":"job 'link app' (fb13a503) failed"},"BuildFinished":null}""";

            StatusUpdate update = WireFormat.decodeStatusUpdate(tree(goJson));

            assertThat(update.jobFinished()).isEqualTo(LINK_FAILED);
            assertThat(update.buildFailed()).isEqualTo("job 'link app' (fb13a503) failed");
            assertThat(update.isFinal()).isTrue();
            assertEquivalent(goJson, WireFormat.encode(update));
        }
    }

    @Nested
    class SignalMessages {
        @Test
        void uploadDoneIsAnEmptyStruct() throws IOException {
            String goJson = """
                    {"UploadDone":{}}""";

            SignalRequest signal = WireFormat.decodeSignalRequest(body(goJson));

            assertThat(signal).isEqualTo(SignalRequest.UPLOAD_DONE);
            assertEquivalent(goJson, WireFormat.encode(signal));
        }

        @Test
        void aSignalWithoutUploadDoneIsNull() throws IOException {
            String goJson = """
                    {"UploadDone":null}""";

            SignalRequest signal = WireFormat.decodeSignalRequest(body(goJson));

            assertThat(signal.uploadDone()).isFalse();
            assertEquivalent(goJson, WireFormat.encode(signal));
        }

        @Test
        void theResponseIsAnEmptyObject() throws IOException {
            assertThat(WireFormat.decodeSignalResponse(body("{}"))).isEqualTo(new SignalResponse());
            assertEquivalent("{}", WireFormat.encode(new SignalResponse()));
        }
    }

    @Nested
    class JobResultMessage {
        @Test
        void aSuccessHasANullErrorAndBase64Output() throws IOException {
            String goJson = """
                    {
                      "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                      "Stdout": "Y29tcGlsaW5nIHNyYy9tYWluLmMK",
                      "Stderr": "c3JjL21haW4uYzozOjk6IHdhcm5pbmc6IHVudXNlZCB2YXJpYWJsZSAneCcK",
                      "ExitCode": 0,
                      "Error": null
                    }
                    """;

            JobResult result = WireFormat.decodeJobResult(body(goJson));

            assertThat(result.jobId()).isEqualTo(COMPILE);
            assertThat(new String(result.stdout(), UTF_8)).isEqualTo("compiling src/main.c\n");
            assertThat(new String(result.stderr(), UTF_8)).isEqualTo("src/main.c:3:9: warning: unused variable 'x'\n");
            assertThat(result.error()).isNull();
            assertThat(result.succeeded()).isTrue();
            assertEquivalent(goJson, WireFormat.encode(result));
        }

        @Test
        void aFailureThatIsNotAnExitCodeCarriesAnError() throws IOException {
            String goJson = """
                    {
                      "ID": "fb13a50309cb340f02d23fd2eebaa85d315d0106",
                      "Stdout": "",
                      "Stderr": "c2g6IDE6IGNjOiBub3QgZm91bmQK",
                      "ExitCode": 127,
                      "Error": "exec: \\"cc\\": executable file not found in $PATH"
                    }
                    """;

            JobResult result = WireFormat.decodeJobResult(body(goJson));

            assertThat(result).isEqualTo(LINK_FAILED);
            assertThat(result.succeeded()).isFalse();
            assertEquivalent(goJson, WireFormat.encode(result));
        }

        @Test
        void aNilByteSliceIsEmptyOutputAndIsWrittenAsAnEmptyString() throws IOException {
            String goJson = """
                    {"ID":"28c75690763a51859b8aa936972c6630f360c279","Stdout":null,"Stderr":null,"ExitCode":0,"Error":null}""";

            JobResult result = WireFormat.decodeJobResult(body(goJson));

            assertThat(result.stdout()).isEmpty();
            assertThat(result.stderr()).isEmpty();
            JsonNode encoded = WireFormat.parse(WireFormat.encode(result));
            assertThat(encoded.get("Stdout").textValue()).as("Go decodes \"\" into an empty []byte").isEmpty();
            assertThat(encoded.get("Stderr").textValue()).isEmpty();
        }

        @Test
        void outputThatIsNotTextSurvivesTheRoundTrip() throws IOException {
            byte[] binary = {(byte) 0xff, 0x00, (byte) 0xfe, '\n', (byte) 0x80};
            JobResult result = new JobResult(COMPILE, binary, new byte[] {0}, 3, null);

            String json = new String(WireFormat.encode(result), UTF_8);

            assertThat(json).contains("\"Stdout\":\"/wD+CoA=\"").contains("\"Stderr\":\"AA==\"");
            assertThat(WireFormat.decodeJobResult(body(json))).isEqualTo(result);
        }
        @Test
        void outputOfAnySizeIsReadAsGoWritesIt() throws IOException {
            // 16 MB of output is more than 20 million base64 characters, past Jackson's default limit.
            byte[] bigLog = new byte[16 * 1024 * 1024];
            java.util.Arrays.fill(bigLog, (byte) 'y');
            JobResult result = new JobResult(COMPILE, bigLog, new byte[0], 0, null);

            JobResult decoded = WireFormat.decodeJobResult(new ByteArrayInputStream(WireFormat.encode(result)));

            assertThat(decoded.stdout().length).isEqualTo(bigLog.length);
            assertThat(decoded).isEqualTo(result);
        }
    }

    @Nested
    class HeartbeatRequestMessage {
        @Test
        void reportsRunningJobsFreeSlotsFinishedJobsAndNewArtifacts() throws IOException {
            String goJson = """
                    {
                      "WorkerID": "http://127.0.0.1:7000/worker/0",
                      "RunningJobs": [
                        "28c75690763a51859b8aa936972c6630f360c279"
                      ],
                      "FreeSlots": 1,
                      "FinishedJob": [
                        {
                          "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                          "Stdout": "Y29tcGlsaW5nIHNyYy9tYWluLmMK",
                          "Stderr": "c3JjL21haW4uYzozOjk6IHdhcm5pbmc6IHVudXNlZCB2YXJpYWJsZSAneCcK",
                          "ExitCode": 0,
                          "Error": null
                        },
                        {
                          "ID": "fb13a50309cb340f02d23fd2eebaa85d315d0106",
                          "Stdout": "",
                          "Stderr": "c2g6IDE6IGNjOiBub3QgZm91bmQK",
                          "ExitCode": 127,
                          "Error": "exec: \\"cc\\": executable file not found in $PATH"
                        }
                      ],
                      "AddedArtifacts": [
                        "f1bfb20967e8b8d775213f030fe1fcc5b775d73e"
                      ]
                    }
                    """;

            HeartbeatRequest request = WireFormat.decodeHeartbeatRequest(body(goJson));

            assertThat(request.workerId()).isEqualTo(WORKER_0);
            assertThat(request.runningJobs()).containsExactly(VERSION);
            assertThat(request.freeSlots()).isEqualTo(1);
            assertThat(request.finishedJobs()).containsExactly(COMPILED, LINK_FAILED);
            assertThat(request.addedArtifacts()).containsExactly(COMPILE);
            assertEquivalent(goJson, WireFormat.encode(request));
        }

        @Test
        void anIdleWorkersFirstHeartbeatHasNilLists() throws IOException {
            String goJson = """
                    {"WorkerID":"http://10.0.0.7:7001","RunningJobs":null,"FreeSlots":4,"FinishedJob":null,"AddedArtifacts":null}""";

            HeartbeatRequest request = WireFormat.decodeHeartbeatRequest(body(goJson));

            assertThat(request).isEqualTo(new HeartbeatRequest(
                    new distbuild.model.WorkerId("http://10.0.0.7:7001"), List.of(), 4, List.of(), List.of()));
            assertThat(request.reportsSomething()).isFalse();
            assertEquivalent(goJson, WireFormat.encode(request));
        }
    }

    @Nested
    class HeartbeatResponseMessage {
        // A JobSpec embeds build.Job, so the job's fields sit next to SourceFiles and Artifacts.
        static final String GO_JSON = """
                {
                  "JobsToRun": {
                    "f1bfb20967e8b8d775213f030fe1fcc5b775d73e": {
                      "SourceFiles": {
                        "406e031b8824ea26ae0bf4d7579a1d89e3fb5906": "src/main.c",
                        "54b33722b92cc6ac990c217292b257c08318a6a5": "src/util.h"
                      },
                      "Artifacts": null,
                      "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                      "Name": "compile main.c",
                      "Inputs": [
                        "src/main.c",
                        "src/util.h"
                      ],
                      "Deps": null,
                      "Cmds": [
                        {
                          "Exec": [
                            "cc",
                            "-c",
                            "{{.SourceDir}}/src/main.c",
                            "-o",
                            "{{.OutputDir}}/main.o"
                          ],
                          "Environ": [
                            "PATH=/usr/bin:/bin",
                            "LANG=C"
                          ],
                          "WorkingDirectory": "{{.SourceDir}}/src",
                          "CatTemplate": "",
                          "CatOutput": ""
                        }
                      ]
                    },
                    "fb13a50309cb340f02d23fd2eebaa85d315d0106": {
                      "SourceFiles": {},
                      "Artifacts": {
                        "28c75690763a51859b8aa936972c6630f360c279": "http://127.0.0.1:7000/worker/1",
                        "f1bfb20967e8b8d775213f030fe1fcc5b775d73e": "http://127.0.0.1:7000/worker/0"
                      },
                      "ID": "fb13a50309cb340f02d23fd2eebaa85d315d0106",
                      "Name": "link app",
                      "Inputs": null,
                      "Deps": [
                        "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                        "28c75690763a51859b8aa936972c6630f360c279"
                      ],
                      "Cmds": [
                        {
                          "Exec": [
                            "cc",
                            "-o",
                            "{{.OutputDir}}/app",
                            "{{index .Deps \\"f1bfb20967e8b8d775213f030fe1fcc5b775d73e\\"}}/main.o"
                          ],
                          "Environ": null,
                          "WorkingDirectory": "",
                          "CatTemplate": "",
                          "CatOutput": ""
                        }
                      ]
                    }
                  }
                }
                """;

        @Test
        void jobsToRunAreKeyedByIdWithTheJobsFieldsInlined() throws IOException {
            HeartbeatResponse response = WireFormat.decodeHeartbeatResponse(body(GO_JSON));

            assertThat(response.jobsToRun()).containsOnlyKeys(COMPILE, LINK);
            JobSpec compile = response.jobsToRun().get(COMPILE);
            assertThat(compile.job()).isEqualTo(COMPILE_JOB);
            assertThat(compile.sourceFiles()).containsExactly(Map.entry(MAIN_C, "src/main.c"), Map.entry(UTIL_H, "src/util.h"));
            assertThat(compile.artifacts()).isEmpty();
            JobSpec link = response.jobsToRun().get(LINK);
            assertThat(link.job()).isEqualTo(LINK_JOB);
            assertThat(link.sourceFiles()).isEmpty();
            assertThat(link.artifacts()).isEqualTo(ordered(VERSION, WORKER_1, COMPILE, WORKER_0));
            assertThat(response.jobsToCancel()).as("a Go coordinator never sends JobsToCancel").isEmpty();
        }

        @Test
        void encodesBackToAnEquivalentDocumentPlusAnEmptyJobsToCancel() throws IOException {
            JsonNode encoded = WireFormat.parse(WireFormat.encode(WireFormat.decodeHeartbeatResponse(body(GO_JSON))));

            JsonNode jobsToCancel = encoded.get("JobsToCancel");
            assertThat(jobsToCancel == null || jobsToCancel.isNull() || jobsToCancel.isEmpty())
                    .as("nothing to cancel is written as nothing, got %s", jobsToCancel)
                    .isTrue();
            assertEquivalent(tree(GO_JSON), JsonEquivalence.without(encoded, "JobsToCancel"));
        }

        @Test
        void noWorkIsANullMap() throws IOException {
            HeartbeatResponse response = WireFormat.decodeHeartbeatResponse(body("""
                    {"JobsToRun":null}"""));

            assertThat(response).isEqualTo(HeartbeatResponse.empty());
        }

        @Test
        void jobsToCancelIsOurExtensionAndRoundTrips() throws IOException {
            HeartbeatResponse response = new HeartbeatResponse(Map.of(), List.of(COMPILE, LINK));

            JsonNode encoded = WireFormat.parse(WireFormat.encode(response));

            assertThat(encoded.get("JobsToCancel")).hasToString(
                    "[\"f1bfb20967e8b8d775213f030fe1fcc5b775d73e\",\"fb13a50309cb340f02d23fd2eebaa85d315d0106\"]");
            assertThat(WireFormat.decodeHeartbeatResponse(body(encoded.toString()))).isEqualTo(response);
        }

        @Test
        void jobsToCancelMayBeAbsentOrNull() throws IOException {
            assertThat(WireFormat.decodeHeartbeatResponse(body("{\"JobsToRun\":{}}")).jobsToCancel()).isEmpty();
            assertThat(WireFormat.decodeHeartbeatResponse(body("{\"JobsToRun\":{},\"JobsToCancel\":null}")).jobsToCancel())
                    .isEmpty();
        }
    }

    @Nested
    class ReadingLikeGo {
        @Test
        void unknownFieldsAreIgnoredAtEveryLevel() throws IOException {
            String fromANewerPeer = """
                    {
                      "Graph": {
                        "SourceFiles": {"406e031b8824ea26ae0bf4d7579a1d89e3fb5906": "src/main.c"},
                        "Jobs": [
                          {
                            "ID": "f1bfb20967e8b8d775213f030fe1fcc5b775d73e",
                            "Name": "compile",
                            "Inputs": ["src/main.c"],
                            "Priority": 7,
                            "Cmds": [{"Exec": ["cc", "-c", "src/main.c"], "Timeout": "10s"}]
                          }
                        ],
                        "Labels": {"team": "build"}
                      },
                      "Client": {"Version": "2.0", "Features": ["zstd"]}
                    }
                    """;

            BuildRequest request = WireFormat.decodeBuildRequest(body(fromANewerPeer));

            assertThat(request.graph().jobs()).containsExactly(new Job(COMPILE, "compile", List.of("src/main.c"), List.of(),
                    List.of(new Cmd.Exec(List.of("cc", "-c", "src/main.c")))));
        }

        @Test
        void aStatusUpdateWithAnUnknownFieldOnlyIsNeitherFinalNorAJob() {
            StatusUpdate update = WireFormat.decodeStatusUpdate(tree("""
                    {"JobFinished":null,"BuildFailed":null,"BuildFinished":null,"Progress":{"Done":3,"Total":7}}"""));

            assertThat(update).isEqualTo(new StatusUpdate(null, null, false));
        }

        @Test
        void fieldNamesMatchCaseInsensitivelyAsInGo() throws IOException {
            String lowerCase = """
                    {"workerid":"http://127.0.0.1:7000/worker/0","runningJobs":["28c75690763a51859b8aa936972c6630f360c279"],
                     "FREESLOTS":1,"finishedjob":[{"id":"f1bfb20967e8b8d775213f030fe1fcc5b775d73e","stdout":"Y29tcGlsaW5nIHNyYy9tYWluLmMK",
                     "STDERR":"c3JjL21haW4uYzozOjk6IHdhcm5pbmc6IHVudXNlZCB2YXJpYWJsZSAneCcK","exitcode":0,"error":null}],
                     "addedartifacts":["f1bfb20967e8b8d775213f030fe1fcc5b775d73e"]}""";

            HeartbeatRequest request = WireFormat.decodeHeartbeatRequest(body(lowerCase));

            assertThat(request).isEqualTo(new HeartbeatRequest(WORKER_0, List.of(VERSION), 1, List.of(COMPILED), List.of(COMPILE)));
        }

        @Test
        void anExactFieldNameWinsOverOneThatOnlyMatchesIgnoringCase() throws IOException {
            SignalRequest signal = WireFormat.decodeSignalRequest(body("""
                    {"uploaddone":null,"UploadDone":{}}"""));

            assertThat(signal.uploadDone()).isTrue();
        }

        @Test
        void upperCaseHexIdsAreAcceptedAndWrittenBackInLowerCase() throws IOException {
            JobResult result = WireFormat.decodeJobResult(body("""
                    {"ID":"F1BFB20967E8B8D775213F030FE1FCC5B775D73E","Stdout":"","Stderr":"","ExitCode":0,"Error":null}"""));

            assertThat(result.jobId()).isEqualTo(COMPILE);
            assertThat(WireFormat.parse(WireFormat.encode(result)).get("ID").textValue()).isEqualTo(COMPILE.hex());
        }

        @Test
        void missingFieldsAreTheirZeroValues() throws IOException {
            HeartbeatRequest request = WireFormat.decodeHeartbeatRequest(body("""
                    {"WorkerID":"http://10.0.0.7:7001"}"""));

            assertThat(request.runningJobs()).isEmpty();
            assertThat(request.freeSlots()).isZero();
            assertThat(request.finishedJobs()).isEmpty();
            assertThat(request.addedArtifacts()).isEmpty();
        }
    }
}
