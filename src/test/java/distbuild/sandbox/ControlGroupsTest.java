package distbuild.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Finding where jobs' control groups can be made, from what /proc says about this process's mounts. */
class ControlGroupsTest {
    @TempDir
    Path temp;

    @Test
    void aMountLineIsReadWithItsEscapesAndTheGroupIsFoundBelowTheMountedRoot() throws Exception {
        Path mountPoint = Files.createDirectories(temp.resolve("cgroup with space/memory"));
        Files.createDirectories(mountPoint.resolve("job/worker"));
        String escaped = mountPoint.toString().replace(" ", "\\040");
        List<ControlGroups.Mount> mounts = ControlGroups.Mount.all(List.of(
                "30 25 0:26 /system.slice " + escaped + " rw,nosuid shared:9 - cgroup cgroup rw,memory",
                "garbage without a separator"));

        assertThat(mounts).singleElement().satisfies(mount -> {
            assertThat(mount.mountPoint()).isEqualTo(mountPoint);
            assertThat(mount.type()).isEqualTo("cgroup");
            assertThat(mount.superOptions()).contains("memory");
            assertThat(mount.below("/system.slice/job/worker")).contains(mountPoint.resolve("job/worker"));
            assertThat(mount.below("/elsewhere/job")).as("a group this mount does not show").isEmpty();
        });
    }

    @Test
    void whatIsFoundHereSaysWhichControllersJobsGetOrWhyNone() {
        ControlGroups groups = ControlGroups.find(LoggerFactory.getLogger("test"));

        String description = groups.describe();
        if (groups.has(ControlGroups.Controller.MEMORY) || groups.has(ControlGroups.Controller.PIDS)) {
            assertThat(description).contains("in cgroup v");
        } else {
            assertThat(description).startsWith("no cgroup (");
        }
    }

    @Test
    void aJobGroupHasItsLimitsAndIsGoneWhenClosed() throws Exception {
        ControlGroups groups = ControlGroups.find(LoggerFactory.getLogger("test"));
        org.assertj.core.api.Assumptions.assumeThat(groups.has(ControlGroups.Controller.PIDS))
                .as("this machine gives this process no pids controller: " + groups.describe()).isTrue();
        JobLimits limits = JobLimits.defaults(1).withProcesses(77);

        List<Path> procs;
        try (JobGroup group = groups.create(limits)) {
            procs = group.procsFiles();
            assertThat(procs).allMatch(Files::exists);
            assertThat(procs.stream().map(file -> file.resolveSibling("pids.max")).filter(Files::exists).toList())
                    .singleElement().satisfies(file -> assertThat(Files.readString(file).strip()).isEqualTo("77"));
            assertThat(group.memoryKills()).isZero();
            assertThat(group.processLimitHits()).isZero();
        }
        assertThat(procs).allMatch(file -> !Files.exists(file.getParent()));
    }
}
