package distbuild.hosts;

import distbuild.cli.Main;
import distbuild.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How the processes of a test across hosts are started: from the release archive, as a team's
 * machines would run them, when the build made one (failsafe runs these tests after
 * {@code packaging/make-release.sh} and passes {@code distbuild.release.dir}); else, run from an
 * IDE or where the archive could not be made, from the test classpath, which the test says.
 */
final class Launcher {
    private final Optional<Path> launcher;

    private Launcher(Optional<Path> launcher) {
        this.launcher = launcher;
    }

    /** The archive's launcher, unpacked alone into {@code scratch}, if there is an archive. */
    static Launcher find(Path scratch) throws IOException, InterruptedException {
        String dir = System.getProperty("distbuild.release.dir");
        Optional<Path> archive = Optional.empty();
        if (dir != null) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                archive = files.filter(file -> file.getFileName().toString().matches("distbuild-.*-linux-.*\\.tar\\.gz")).findFirst();
            }
        }
        if (archive.isEmpty()) {
            System.out.println("across hosts: no release archive (packaging/make-release.sh makes it in mvn verify):"
                    + " processes start from the test classpath");
            return new Launcher(Optional.empty());
        }
        Path unpacked = Files.createDirectories(scratch.resolve("release"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.get().toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IOException("cannot unpack " + archive.get() + ": " + output);
        }
        Path bin;
        try (Stream<Path> homes = Files.list(unpacked)) {
            bin = homes.findFirst().orElseThrow().resolve("bin/distbuild");
        }
        System.out.println("across hosts: processes start from the release archive " + archive.get().getFileName());
        return new Launcher(Optional.of(bin));
    }

    /** Runs {@code distbuild args} on {@code host}, its heap at most {@code heap} ({@code 256m}). */
    JavaProcess start(Hosts.Host host, String name, String heap, List<String> args, Path workDir) throws IOException {
        if (launcher.isPresent()) {
            return JavaProcess.startLauncher(host.run(), name, launcher.get(), Map.of("DISTBUILD_JAVA_OPTIONS", "-Xmx" + heap),
                    args, workDir);
        }
        return JavaProcess.startThrough(host.run(), name, List.of("-Xmx" + heap), Main.class, args, workDir);
    }

    /** Runs {@code distbuild args} here, outside every host. */
    JavaProcess startHere(String name, List<String> args, Path workDir) throws IOException {
        if (launcher.isPresent()) {
            return JavaProcess.startLauncher(List.of(), name, launcher.get(), Map.of(), args, workDir);
        }
        return JavaProcess.start(name, List.of(), Main.class, args, workDir);
    }
}
