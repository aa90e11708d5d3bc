package distbuild.includes;

import java.nio.file.attribute.BasicFileAttributes;

/** What a path is, read once per scan session: nothing, a directory, or a file to read. */
sealed interface FileState {
    /** Absent, or not readable as anything: a lookup goes past it, as the compiler's does. */
    record Missing() implements FileState {}

    /** A directory: never a header, but an include directory's identity. */
    record Directory(Object identity) implements FileState {}

    /** A regular file (through any symbolic links), with the identity of what it is. */
    record RegularFile(Object identity, BasicFileAttributes attributes) implements FileState {}

    FileState MISSING = new Missing();
}
