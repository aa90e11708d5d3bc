package distbuild.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a program named without a directory is found on this process's PATH, as a shell would find it. */
public final class ProgramPath {
    private ProgramPath() {}

    /** The first executable file called {@code program} in an absolute directory of the PATH, if any. */
    public static Optional<String> find(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
