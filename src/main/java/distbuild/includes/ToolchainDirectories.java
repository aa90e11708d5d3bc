package distbuild.includes;

import java.nio.file.Path;
import java.util.List;

/**
 * A compiler's own include directories for one {@link Toolchain}, as it reports them: those
 * searched for {@code #include "..."} only (rare: from the environment), then those searched
 * for both, in order.
 */
public record ToolchainDirectories(List<Path> quoteDirectories, List<Path> bracketDirectories) {
    public ToolchainDirectories {
        quoteDirectories = List.copyOf(quoteDirectories);
        bracketDirectories = List.copyOf(bracketDirectories);
    }
}
