package distbuild.worker;

import distbuild.model.Cmd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cat command written by the worker itself (no sandbox): only inside the job's own directories
 * (its source tree, its output directory), and never through a link the job left there, so that a
 * job's path cannot make the worker write anywhere else.
 */
final class CatWrite {
    private CatWrite() {}

    /** Writes the file; null on success, else why not. */
    static String write(Cmd.Cat cat, JobRun run) {
        Path target = (cat.output().isEmpty() ? run.sourceDir() : run.sourceDir().resolve(cat.output())).normalize();
        Path base = target.startsWith(run.sourceDir()) ? run.sourceDir()
                : run.outputDir() != null && target.startsWith(run.outputDir()) ? run.outputDir() : null;
        if (base == null || target.equals(base)) {
            return "it is not a file in the job's source tree or output directory";
        }
        try {
            for (Path dir = target.getParent(); dir != null && dir.startsWith(base) && !dir.equals(base); dir = dir.getParent()) {
                if (Files.isSymbolicLink(dir)) {
                    return "its directory " + base.relativize(dir) + " is a symbolic link";
                }
            }
            Files.createDirectories(target.getParent());
            Files.write(target, cat.template().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            return null;
        } catch (IOException e) {
            return e.getMessage() != null ? e.getMessage() : "it cannot be written";
        }
    }
}
