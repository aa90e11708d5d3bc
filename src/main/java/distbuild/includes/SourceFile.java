package distbuild.includes;

import java.nio.file.Path;

/** A file a compile preprocesses: its path (absolute, as the compiler names it) and its language. */
public record SourceFile(Path path, Language language) {}
