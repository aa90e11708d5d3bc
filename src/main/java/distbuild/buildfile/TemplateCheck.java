package distbuild.buildfile;

import distbuild.model.Template;
import distbuild.model.TemplateException;
import java.util.Optional;

/**
 * What a build file's commands and environment may hold of the wire templates: {@code {{.SourceDir}}}
 * and {@code {{.OutputDir}}}. Deps are found in a job's tree at their paths, so {@code {{index .Deps}}}
 * has no use here, and anything else would fail on the worker: both are caught before anything runs.
 */
final class TemplateCheck {
    static final String HINT = "commands and env may use {{.SourceDir}} and {{.OutputDir}}; a literal '{{' cannot be written";

    private TemplateCheck() {}

    static Optional<String> problem(String text) {
        try {
            return Template.parse(text).referencedDeps().isEmpty() ? Optional.empty()
                    : Optional.of("uses {{index .Deps ...}}: in a build file, a dep's outputs are in the job's tree at their own paths");
        } catch (TemplateException e) {
            return Optional.of(e.getMessage());
        }
    }
}
