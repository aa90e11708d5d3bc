package distbuild.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import distbuild.model.Cmd;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import distbuild.model.WorkerId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small C project the protocol tests talk about: compile {@code src/main.c}, write a version
 * header, link the app. The IDs are the ones the literal Go documents in the tests use.
 */
final class SampleBuild {
    static final Id MAIN_C = Id.parse("406e031b8824ea26ae0bf4d7579a1d89e3fb5906");
    static final Id UTIL_H = Id.parse("54b33722b92cc6ac990c217292b257c08318a6a5");
    static final Id COMPILE = Id.parse("f1bfb20967e8b8d775213f030fe1fcc5b775d73e");
    static final Id VERSION = Id.parse("28c75690763a51859b8aa936972c6630f360c279");
    static final Id LINK = Id.parse("fb13a50309cb340f02d23fd2eebaa85d315d0106");
    static final Id BUILD = Id.parse("b84a59af82e82dbdc1b1c1fd5aa4373b85561d2c");

    static final WorkerId WORKER_0 = new WorkerId("http://127.0.0.1:7000/worker/0");
    static final WorkerId WORKER_1 = new WorkerId("http://127.0.0.1:7000/worker/1");

    static final Job COMPILE_JOB = new Job(COMPILE, "compile main.c", List.of("src/main.c", "src/util.h"), List.of(),
            List.of(new Cmd.Exec(
                    List.of("cc", "-c", "{{.SourceDir}}/src/main.c", "-o", "{{.OutputDir}}/main.o"),
                    List.of("PATH=/usr/bin:/bin", "LANG=C"),
                    "{{.SourceDir}}/src")));

    static final Job VERSION_JOB = new Job(VERSION, "write version", List.of(), List.of(),
            List.of(new Cmd.Cat("#define VERSION \"1.2\" // built >= 2024\n", "{{.OutputDir}}/version.h")));

    static final Job LINK_JOB = new Job(LINK, "link app", List.of(), List.of(COMPILE, VERSION),
            List.of(new Cmd.Exec(List.of(
                    "cc", "-o", "{{.OutputDir}}/app", "{{index .Deps \"f1bfb20967e8b8d775213f030fe1fcc5b775d73e\"}}/main.o"))));

    static final Graph GRAPH = new Graph(
            ordered(MAIN_C, "src/main.c", UTIL_H, "src/util.h"),
            List.of(COMPILE_JOB, VERSION_JOB, LINK_JOB));

    static final JobResult COMPILED = new JobResult(COMPILE,
            "compiling src/main.c\n".getBytes(UTF_8),
            "src/main.c:3:9: warning: unused variable 'x'\n".getBytes(UTF_8), 0, null);

    static final JobResult LINK_FAILED = new JobResult(LINK,
            new byte[0], "sh: 1: cc: not found\n".getBytes(UTF_8), 127,
            "exec: \"cc\": executable file not found in $PATH");

    static final HeartbeatRequest HEARTBEAT = new HeartbeatRequest(
            WORKER_0, List.of(VERSION), 1, List.of(COMPILED, LINK_FAILED), List.of(COMPILE));

    static final HeartbeatResponse WORK_FOR_WORKER_0 = new HeartbeatResponse(
            Map.of(LINK, new JobSpec(LINK_JOB, Map.of(), ordered(COMPILE, WORKER_0, VERSION, WORKER_1))),
            List.of());

    private SampleBuild() {}

    static <V> Map<Id, V> ordered(Id k1, V v1, Id k2, V v2) {
        Map<Id, V> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
