package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobContentIdTest {
    private static final Id MAIN_C = TemplateTest.id("int main() {}");
    private static final Id UTIL_H = TemplateTest.id("#pragma once");
    private static final Id LIB = TemplateTest.id("job lib");
    private static final Id GEN = TemplateTest.id("job gen");

    private static final Cmd COMPILE = new Cmd.Exec(
            List.of("cc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main.o"), List.of("LANG=C"), "sub");
    private static final Cmd STAMP = new Cmd.Cat("built", "{{.OutputDir}}/stamp");

    private static Id baseline() {
        return Job.contentId(List.of(COMPILE, STAMP), inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of(LIB, GEN));
    }

    @Test
    void sameDescriptionGivesTheSameId() {
        Id again = Job.contentId(
                new ArrayList<>(List.of(
                        new Cmd.Exec(List.of("cc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main.o"),
                                List.of("LANG=C"), "sub"),
                        new Cmd.Cat("built", "{{.OutputDir}}/stamp"))),
                inputs("main.c", Id.parse(MAIN_C.hex()), "util.h", Id.parse(UTIL_H.hex())),
                new ArrayList<>(List.of(Id.parse(LIB.hex()), Id.parse(GEN.hex()))));

        assertThat(again).isEqualTo(baseline());
    }

    @Test
    void orderOfInputsAndDepsDoesNotMatter() {
        Id reordered = Job.contentId(
                List.of(COMPILE, STAMP), inputs("util.h", UTIL_H, "main.c", MAIN_C), Set.of(GEN, LIB));

        assertThat(reordered).isEqualTo(baseline());
    }

    @Test
    void orderOfCommandsMatters() {
        assertThat(Job.contentId(List.of(STAMP, COMPILE), inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of(LIB, GEN)))
                .isNotEqualTo(baseline());
    }

    @Test
    void changingAnyCommandStringChangesTheId() {
        List<List<Cmd>> variants = List.of(
                List.of(new Cmd.Exec(List.of("gcc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main.o"),
                        List.of("LANG=C"), "sub"), STAMP),
                List.of(new Cmd.Exec(List.of("cc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main2.o"),
                        List.of("LANG=C"), "sub"), STAMP),
                List.of(new Cmd.Exec(List.of("cc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main.o"),
                        List.of("LANG=en"), "sub"), STAMP),
                List.of(new Cmd.Exec(List.of("cc", "-c", "{{.SourceDir}}/main.c", "-o", "{{.OutputDir}}/main.o"),
                        List.of("LANG=C"), ""), STAMP),
                List.of(COMPILE, new Cmd.Cat("built!", "{{.OutputDir}}/stamp")),
                List.of(COMPILE, new Cmd.Cat("built", "{{.OutputDir}}/stamp2")),
                List.of(COMPILE),
                List.of(COMPILE, STAMP, STAMP));

        assertAllDifferFromBaselineAndEachOther(
                variants.stream().map(cmds -> Job.contentId(cmds, inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of(LIB, GEN))).toList());
    }

    @Test
    void changingAnInputPathOrItsFileIdOrTheDepsChangesTheId() {
        List<Cmd> cmds = List.of(COMPILE, STAMP);

        assertAllDifferFromBaselineAndEachOther(List.of(
                Job.contentId(cmds, inputs("main.c", MAIN_C, "util2.h", UTIL_H), List.of(LIB, GEN)),
                Job.contentId(cmds, inputs("main.c", MAIN_C, "util.h", TemplateTest.id("#pragma twice")), List.of(LIB, GEN)),
                Job.contentId(cmds, inputs("main.c", UTIL_H, "util.h", MAIN_C), List.of(LIB, GEN)),
                Job.contentId(cmds, inputs("main.c", MAIN_C), List.of(LIB, GEN)),
                Job.contentId(cmds, inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of(LIB)),
                Job.contentId(cmds, inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of(LIB, TemplateTest.id("job other"))),
                Job.contentId(cmds, inputs("main.c", MAIN_C, "util.h", UTIL_H), List.of())));
    }

    @Test
    void stringsAreLengthPrefixedSoMovingABoundaryChangesTheId() {
        Map<String, Id> none = Map.of();
        List<Id> noDeps = List.of();

        assertThat(Job.contentId(List.of(new Cmd.Exec(List.of("ab", "c"))), none, noDeps))
                .isNotEqualTo(Job.contentId(List.of(new Cmd.Exec(List.of("a", "bc"))), none, noDeps));
        assertThat(Job.contentId(List.of(new Cmd.Exec(List.of("a", "b"), List.of(), "")), none, noDeps))
                .as("an argument moved into the environment")
                .isNotEqualTo(Job.contentId(List.of(new Cmd.Exec(List.of("a"), List.of("b"), "")), none, noDeps));
        assertThat(Job.contentId(List.of(new Cmd.Cat("ab", "c")), none, noDeps))
                .isNotEqualTo(Job.contentId(List.of(new Cmd.Cat("a", "bc")), none, noDeps));
        assertThat(Job.contentId(List.of(), inputs("ab", MAIN_C), noDeps))
                .isNotEqualTo(Job.contentId(List.of(), inputs("a", MAIN_C), noDeps));
    }

    @Test
    void execAndCatWithTheSameStringsDiffer() {
        assertThat(Job.contentId(List.of(new Cmd.Exec(List.of("text", "file"))), Map.of(), List.of()))
                .isNotEqualTo(Job.contentId(List.of(new Cmd.Cat("text", "file")), Map.of(), List.of()));
    }

    private static void assertAllDifferFromBaselineAndEachOther(List<Id> variants) {
        Set<Id> seen = new HashSet<>();
        seen.add(baseline());
        for (int i = 0; i < variants.size(); i++) {
            assertThat(seen.add(variants.get(i)))
                    .as("variant %d has an ID of its own, different from the baseline and the variants before it", i)
                    .isTrue();
        }
    }

    private static Map<String, Id> inputs(Object... pathsAndIds) {
        Map<String, Id> inputs = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndIds.length; i += 2) {
            inputs.put((String) pathsAndIds[i], (Id) pathsAndIds[i + 1]);
        }
        return inputs;
    }
}
