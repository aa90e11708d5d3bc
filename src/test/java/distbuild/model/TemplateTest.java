package distbuild.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {
    private static final Id COMPILE = id("compile");
    private static final Id GENERATE = id("generate");
    private static final Id STRANGER = id("stranger");

    private static final TemplateContext CONTEXT = new TemplateContext(
            Path.of("/jobs/7/src"),
            Path.of("/jobs/7/out"),
            Map.of(COMPILE, Path.of("/artifacts/compile"), GENERATE, Path.of("/artifacts/generate")));

    @Test
    void sourceDirIsTheJobsSourceTree() {
        assertThat(Template.render("{{.SourceDir}}", CONTEXT)).isEqualTo("/jobs/7/src");
    }

    @Test
    void outputDirIsTheJobsOutputDirectory() {
        assertThat(Template.render("{{.OutputDir}}", CONTEXT)).isEqualTo("/jobs/7/out");
    }

    @Test
    void indexDepsIsTheArtifactOfThatDep() {
        assertThat(Template.render("{{index .Deps \"" + COMPILE.hex() + "\"}}", CONTEXT))
                .isEqualTo("/artifacts/compile");
    }

    @Test
    void depIdMayBeBackquoted() {
        assertThat(Template.render("{{index .Deps `" + GENERATE.hex() + "`}}", CONTEXT))
                .isEqualTo("/artifacts/generate");
    }

    @Test
    void textAroundAnActionIsKeptVerbatim() {
        assertThat(Template.render("-I{{.SourceDir}}/include -o x", CONTEXT)).isEqualTo("-I/jobs/7/src/include -o x");
    }

    @Test
    void textWithoutActionsIsKeptVerbatimBracesAndAll() {
        for (String text : List.of("", "plain", "a { b } c }} d {", "${HOME} $(pwd) %s \\n", "}}")) {
            assertThat(Template.render(text, CONTEXT)).as("rendering %s", text).isEqualTo(text);
        }
    }

    @Test
    void severalActionsInOneStringAreAllRendered() {
        String template = "cp {{.SourceDir}}/a.c {{index .Deps \"" + COMPILE.hex() + "\"}}/b.o {{.OutputDir}}/"
                + " && {{.OutputDir}}{{.SourceDir}}";

        assertThat(Template.render(template, CONTEXT))
                .isEqualTo("cp /jobs/7/src/a.c /artifacts/compile/b.o /jobs/7/out/ && /jobs/7/out/jobs/7/src");
    }

    @Test
    void whitespaceInsideTheBracesIsAllowed() {
        assertThat(Template.render("{{ .SourceDir }}|{{\t.OutputDir\n}}|{{  index   .Deps  \"" + COMPILE.hex() + "\"  }}",
                        CONTEXT))
                .isEqualTo("/jobs/7/src|/jobs/7/out|/artifacts/compile");
    }

    @Test
    void parsedTemplateTellsWhichDepsItReads() {
        Template template = Template.parse("{{index .Deps \"" + GENERATE.hex() + "\"}} {{.SourceDir}} {{index .Deps `"
                + COMPILE.hex() + "`}} {{index .Deps \"" + GENERATE.hex() + "\"}}");

        assertThat(template.referencedDeps()).containsExactly(GENERATE, COMPILE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{{.Foo}}",
        "x {{.sourceDir}} y",
        "{{index .Foo \"x\"}}",
        "{{.SourceDir | printf}}",
        "{{printf \"%s\" .SourceDir}}",
        "{{index .Deps}}",
        "{{}}",
        "{{- .SourceDir -}}",
        "{{/* a comment */}}",
    })
    void anyOtherActionIsAnErrorNamingTheTemplateAndWhatIsAllowed(String template) {
        assertThatThrownBy(() -> Template.render(template, CONTEXT))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template \"" + template + "\": unsupported action {{")
                .hasMessageContaining("a command may use only {{.SourceDir}}, {{.OutputDir}} and {{index .Deps \"<job id>\"}}");
    }

    @Test
    void unterminatedActionIsAnErrorNamingTheTemplateAndWhereTheActionStarts() {
        assertThatThrownBy(() -> Template.render("a {{.SourceDir", CONTEXT))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template \"a {{.SourceDir\": unterminated action starting at \"{{.SourceDir\" (missing \"}}\")");
    }

    @Test
    void unterminatedActionAfterAGoodOneIsStillAnError() {
        assertThatThrownBy(() -> Template.parse("{{.OutputDir}}/x {{.SourceDir}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unterminated action starting at \"{{.SourceDir}\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-id", "", "abc", "a9993e364706816aba3e25717850c26c9cd0d89", "zz993e364706816aba3e25717850c26c9cd0d89d"})
    void malformedDepIdIsAnErrorNamingTheTemplateAndTheId(String depId) {
        String template = "{{index .Deps \"" + depId + "\"}}/lib.a";

        assertThatThrownBy(() -> Template.parse(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("template \"" + template + "\": ")
                .hasMessageContaining("invalid ID \"" + depId + "\"");
    }

    @Test
    void depIdInMismatchedQuotesIsAnError() {
        String template = "{{index .Deps \"" + COMPILE.hex() + "`}}";

        assertThatThrownBy(() -> Template.parse(template))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("template \"" + template + "\": unsupported action");
    }

    @Test
    void depNotInTheContextIsAnErrorNotAnEmptyString() {
        String template = "{{index .Deps \"" + STRANGER.hex() + "\"}}/lib.a";

        assertThatThrownBy(() -> Template.render(template, CONTEXT))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template \"" + template + "\": {{index .Deps \"" + STRANGER.hex()
                        + "\"}} refers to a job that is not in this job's Deps");
    }

    @Test
    void parsedTemplateRendersInAnyNumberOfContexts() {
        Template template = Template.parse("{{.SourceDir}}:{{.OutputDir}}");

        assertThat(template.render(CONTEXT)).isEqualTo("/jobs/7/src:/jobs/7/out");
        assertThat(template.render(new TemplateContext(Path.of("/s"), Path.of("/o"), Map.of()))).isEqualTo("/s:/o");
        assertThat(template).hasToString("{{.SourceDir}}:{{.OutputDir}}");
    }

    static Id id(String name) {
        return Id.ofContent(name.getBytes(StandardCharsets.UTF_8));
    }
}
