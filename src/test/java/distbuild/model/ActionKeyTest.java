package distbuild.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An action key names what a job does by content: its deps by their outputs, not their IDs. */
class ActionKeyTest {
    private static final Id OLD_DEP = Id.ofContent("compile, before".getBytes(UTF_8));
    private static final Id NEW_DEP = Id.ofContent("compile, after a comment".getBytes(UTF_8));
    private static final Id OTHER_DEP = Id.ofContent("another compile".getBytes(UTF_8));
    private static final Id SOURCE = Id.ofContent("int main;".getBytes(UTF_8));
    private static final String SAME_OUTPUT = "a".repeat(64);
    private static final String OTHER_OUTPUT = "b".repeat(64);

    private static Job link(Id id, List<Id> deps, String... extra) {
        StringBuilder command = new StringBuilder("cc -o app");
        deps.forEach(dep -> command.append(" {{index .Deps \"").append(dep.hex()).append("\"}}/a.o"));
        for (String word : extra) {
            command.append(' ').append(word);
        }
        return new Job(id, "link app", List.of("main.c"), deps, List.of(new Cmd.Exec(List.of("sh", "-c", command.toString()))));
    }

    private static ActionKey key(Job job, Map<Id, String> outputs) {
        return ActionKey.of(job, Map.of(SOURCE, "main.c"), outputs);
    }

    @Test
    void aDepWithANewIdButTheSameOutputLeavesTheKeyAsItWas() {
        ActionKey before = key(link(Id.ofContent(new byte[] {1}), List.of(OLD_DEP, OTHER_DEP)),
                Map.of(OLD_DEP, SAME_OUTPUT, OTHER_DEP, OTHER_OUTPUT));
        ActionKey after = key(link(Id.ofContent(new byte[] {2}), List.of(NEW_DEP, OTHER_DEP)),
                Map.of(NEW_DEP, SAME_OUTPUT, OTHER_DEP, OTHER_OUTPUT));
        assertThat(after).isEqualTo(before);
        ActionKey reordered = key(link(Id.ofContent(new byte[] {3}), List.of(OTHER_DEP, NEW_DEP)),
                Map.of(NEW_DEP, SAME_OUTPUT, OTHER_DEP, OTHER_OUTPUT));
        assertThat(reordered).as("the deps listed the other way round, and used so").isNotEqualTo(before);
    }

    @Test
    void whatTheJobReadsOrRunsChangesTheKey() {
        Map<Id, String> outputs = Map.of(OLD_DEP, SAME_OUTPUT);
        ActionKey base = key(link(OLD_DEP, List.of(OLD_DEP)), outputs);
        assertThat(key(link(OLD_DEP, List.of(OLD_DEP)), Map.of(OLD_DEP, OTHER_OUTPUT))).as("a dep's output").isNotEqualTo(base);
        assertThat(key(link(OLD_DEP, List.of(OLD_DEP), "-O2"), outputs)).as("the command").isNotEqualTo(base);
        Job job = link(OLD_DEP, List.of(OLD_DEP));
        assertThat(ActionKey.of(job, Map.of(Id.ofContent("int main = 1;".getBytes(UTF_8)), "main.c"), outputs))
                .as("a source's content").isNotEqualTo(base);
        assertThat(ActionKey.of(job, Map.of(SOURCE, "other.c"), outputs)).as("a source's path").isNotEqualTo(base);
        Job renamed = new Job(job.id(), "another name", job.inputs(), job.deps(), job.cmds());
        assertThat(key(renamed, outputs)).as("a name is for people only").isEqualTo(base);
        Job pinned = new Job(job.id(), job.name(), job.inputs(), job.deps(), job.cmds(), null, false,
                new Needs(Map.of(), Map.of("/usr/bin/cc", "c".repeat(64))));
        assertThat(key(pinned, outputs)).as("the compiler it needs").isNotEqualTo(base);
    }

    @Test
    void thousandsOfDepsAreNamedInOnePassAndOnlyWholeIdsAreReplaced() {
        List<Id> many = new java.util.ArrayList<>();
        Map<Id, String> outputs = new java.util.HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            Id dep = Id.ofContent(("dep " + i).getBytes(UTF_8));
            many.add(dep);
            outputs.put(dep, SAME_OUTPUT);
        }
        Job link = link(Id.ofContent(new byte[] {9}), many);
        ActionKey key = key(link, outputs); // each dep named in the command: quadratic work would show here
        assertThat(key.sha256()).hasSize(64);

        String longer = OLD_DEP.hex() + "abcdef0123456789abcdef0123";
        Job naming = new Job(OLD_DEP, "n", List.of(), List.of(OLD_DEP), List.of(new Cmd.Exec(List.of("echo", longer))));
        Job namingOther = new Job(NEW_DEP, "n", List.of(), List.of(NEW_DEP),
                List.of(new Cmd.Exec(List.of("echo", NEW_DEP.hex() + "abcdef0123456789abcdef0123"))));
        assertThat(key(naming, Map.of(OLD_DEP, SAME_OUTPUT))).as("a longer hex string is not a dep's ID")
                .isNotEqualTo(key(namingOther, Map.of(NEW_DEP, SAME_OUTPUT)));
    }

    @Test
    void everyDepsOutputIsNeededAndAKeyIsADigest() {
        assertThatThrownBy(() -> key(link(OLD_DEP, List.of(OLD_DEP, OTHER_DEP)), Map.of(OLD_DEP, SAME_OUTPUT)))
                .hasMessageContaining("the output of each of its deps");
        assertThatThrownBy(() -> new ActionKey("not a digest")).hasMessageContaining("64 hex digits");
    }
}
