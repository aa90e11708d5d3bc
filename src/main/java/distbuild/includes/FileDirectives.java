package distbuild.includes;

import java.util.List;
import java.util.Map;

/**
 * What the scanner keeps of a file: its lookup directives in order, and its {@code #define}s
 * that a computed include could use. A define's body is kept when it is a header name
 * ({@code "x.h"}, {@code <x.h>}) or one identifier; any other body (and every function-like
 * macro) is kept as {@link #OPAQUE}, so that a computed include naming it is known to be
 * beyond simple resolution rather than taken for undefined.
 */
public record FileDirectives(List<IncludeDirective> includes, Map<String, List<String>> defines) {
    /** The body kept for a define that cannot name a header by itself. */
    public static final String OPAQUE = "(...)";

    public static final FileDirectives NONE = new FileDirectives(List.of(), Map.of());

    public FileDirectives {
        includes = List.copyOf(includes);
        defines = Map.copyOf(defines);
    }
}
