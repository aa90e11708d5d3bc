package distbuild.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a command template can refer to on the machine running the job: the job's source tree,
 * its output directory, and the artifact directory of each of its deps.
 */
public record TemplateContext(Path sourceDir, Path outputDir, Map<Id, Path> deps) {
    public TemplateContext {
        deps = Map.copyOf(deps);
    }
}
