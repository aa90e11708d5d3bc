package distbuild.coordinator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import distbuild.model.Cmd;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.JobResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator's table for early cutoff: what it finds, what it forgets, and what survives a restart. */
class EarlyCutoffTableTest {
    private static final Logger LOG = LoggerFactory.getLogger("test.cutoff");
    private static final String OBJECT = "0".repeat(64);
    private static final String LIBRARY = "1".repeat(64);

    @TempDir
    Path data;

    private static Job job(String tag, List<Id> deps, String command) {
        return new Job(Id.ofContent(tag.getBytes(UTF_8)), tag, List.of(), deps, List.of(new Cmd.Exec(List.of("sh", "-c", command))));
    }

    private static JobResult made(Job job, String digest) {
        return JobResult.success(job.id(), null, null).withOutputDigest(digest);
    }

    @Test
    void aJobWhoseDepsCameOutAsBeforeIsGivenTheEarlierJobAndThatSurvivesARestart() {
        Job compile = job("compile 1", List.of(), "cc -c a.c");
        Job archive = job("archive 1", List.of(compile.id()), "ar rcs lib.a a.o");
        Job compileAgain = job("compile 2", List.of(), "cc -c a.c # with a comment");
        Job archiveAgain = job("archive 2", List.of(compileAgain.id()), "ar rcs lib.a a.o");
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            assertThat(table.earlierFor(compile, Map.of(), id -> true)).isEmpty();
            table.finished(made(compile, OBJECT));
            assertThat(table.earlierFor(archive, Map.of(), id -> true)).isEmpty();
            table.finished(made(archive, LIBRARY));

            assertThat(table.earlierFor(compileAgain, Map.of(), id -> true)).as("its own command changed").isEmpty();
            table.finished(made(compileAgain, OBJECT));
            assertThat(table.earlierFor(archiveAgain, Map.of(), id -> false)).as("no live worker holds it").isEmpty();
            assertThat(table.earlierFor(archiveAgain, Map.of(), id -> true)).contains(archive.id());
            assertThat(table.replayOf(archiveAgain.id())).contains(archive.id());
            table.finished(made(archiveAgain, LIBRARY).withProvenance(distbuild.model.Provenance.cutOff(null)));
            assertThat(table.replayOf(archiveAgain.id())).isEmpty();
        }

        Job compileThird = job("compile 3", List.of(), "cc -c a.c # another comment");
        Job archiveThird = job("archive 3", List.of(compileThird.id()), "ar rcs lib.a a.o");
        try (EarlyCutoff again = EarlyCutoff.open(LOG, data)) {
            assertThat(again.size()).isEqualTo(4);
            again.earlierFor(compileThird, Map.of(), id -> true);
            again.finished(made(compileThird, OBJECT));
            assertThat(again.earlierFor(archiveThird, Map.of(), id -> true)).as("the latest that made it")
                    .contains(archiveAgain.id());
        }
    }

    @Test
    void aJobWithoutDepsOrReachingTheNetworkIsNotCutOffAndOneNamedAnewWithTheSameDepsIs() {
        Job compile = job("compile", List.of(), "cc -c a.c");
        Job test = job("test", List.of(compile.id()), "./run-tests");
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            table.earlierFor(compile, Map.of(), id -> true);
            table.finished(made(compile, OBJECT));
            table.earlierFor(test, Map.of(), id -> true);
            table.finished(made(test, LIBRARY));

            Job forced = job("compile, forced to run again", List.of(), "cc -c a.c");
            assertThat(table.earlierFor(forced, Map.of(), id -> true)).as("no deps: its ID changed for another reason").isEmpty();
            table.finished(made(forced, OBJECT));
            Job renamed = job("test, named anew by its planner", List.of(compile.id()), "./run-tests");
            assertThat(table.earlierFor(renamed, Map.of(), id -> true)).as("the same deps, the same key").contains(test.id());
            Job online = new Job(Id.ofContent("online".getBytes(UTF_8)), "online", List.of(), List.of(forced.id()),
                    test.cmds(), null, true);
            Job offline = new Job(Id.ofContent("offline".getBytes(UTF_8)), "offline", List.of(), List.of(compile.id()),
                    test.cmds(), null, true);
            table.earlierFor(offline, Map.of(), id -> true);
            table.finished(made(offline, LIBRARY));
            assertThat(table.earlierFor(online, Map.of(), id -> true)).as("it may reach the network").isEmpty();

            Job afterForced = job("test after the forced compile", List.of(forced.id()), "./run-tests");
            assertThat(table.earlierFor(afterForced, Map.of(), id -> true)).contains(test.id());
            // Started again when nothing is found any more (its earlier job no longer held): no stale answer is left.
            assertThat(table.earlierFor(afterForced, Map.of(), id -> false)).isEmpty();
            assertThat(table.replayOf(afterForced.id())).isEmpty();
        }
    }

    @Test
    void aLineCutShortByACrashIsSkippedAndWhatFollowsItIsKept() throws Exception {
        Job compile = job("compile", List.of(), "cc -c a.c");
        Job archive = job("archive", List.of(compile.id()), "ar rcs lib.a a.o");
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            table.earlierFor(compile, Map.of(), id -> true);
            table.finished(made(compile, OBJECT));
        }
        Path file = data.resolve(EarlyCutoff.FILE);
        String whole = Files.readString(file);
        Files.writeString(file, whole + whole.substring(0, 30)); // a crash in the middle of the next line
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            table.earlierFor(archive, Map.of(), id -> true);
            table.finished(made(archive, LIBRARY));
        }
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            assertThat(table.size()).as("the compile and the archive, not the torn line").isEqualTo(2);
        }
    }

    @Test
    void withoutEveryDepsOutputThereIsNoKeyAndFailuresAreNotRemembered() {
        Job compile = job("compile", List.of(), "cc -c a.c");
        Job archive = job("archive", List.of(compile.id()), "ar rcs lib.a a.o");
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data)) {
            table.earlierFor(compile, Map.of(), id -> true);
            table.finished(JobResult.success(compile.id(), null, null)); // from a worker that does not say its digest
            table.earlierFor(archive, Map.of(), id -> true);
            table.finished(JobResult.error(archive.id(), "exit 1").withOutputDigest(LIBRARY));
            assertThat(table.size()).isZero();
        }
    }

    @Test
    void aDamagedLineCostsOnlyItselfAndAnOutdatedFileIsCompacted() throws Exception {
        Job compile = job("compile", List.of(), "cc -c a.c");
        try (EarlyCutoff table = EarlyCutoff.open(LOG, data, 10)) {
            for (int i = 0; i < 30; i++) {
                Job each = job("compile " + i, List.of(), "cc -c " + i + ".c");
                table.earlierFor(each, Map.of(), id -> true);
                table.finished(made(each, OBJECT));
            }
            table.earlierFor(compile, Map.of(), id -> true);
            table.finished(made(compile, OBJECT));
            assertThat(table.size()).as("the least recently used forgotten").isEqualTo(10);
        }
        Path file = data.resolve(EarlyCutoff.FILE);
        Files.writeString(file, "not a line\n" + "z".repeat(40) + " " + OBJECT + " -\n", java.nio.file.StandardOpenOption.APPEND);
        List<String> before = Files.readAllLines(file);
        assertThat(before).hasSize(33);
        try (EarlyCutoff again = EarlyCutoff.open(LOG, data, 10)) {
            assertThat(again.size()).isEqualTo(10);
        }
        // 33 lines for 10 jobs is not yet outdated enough to rewrite (10,000 lines at least): kept as it was.
        assertThat(Files.readAllLines(file)).isEqualTo(before);
    }
}
