package distbuild.includes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import distbuild.ninja.Depfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** The real compiler, asked which files a compile reads ({@code -M}): what the scanner is held to. */
final class RealGcc {
    private RealGcc() {}

    static void assumeInstalled() {
        boolean runs;
        try {
            Process process = new ProcessBuilder("gcc", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            runs = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            runs = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assumeTrue(runs, "gcc is not installed: this test holds the scanner to the real gcc; install gcc to run it");
    }

    /** The compile's arguments with what writes files taken out, and {@code -M -MF depfile} put in. */
    static List<String> dependencyCommand(CompileCommand compile, Path depfile) {
        List<String> command = new ArrayList<>();
        List<String> arguments = compile.arguments();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (List.of("-o", "-MF", "-MT", "-MQ").contains(argument)) {
                i++;
            } else if (!List.of("-c", "-S", "-E", "-MD", "-MMD", "-MP").contains(argument)
                    && !argument.startsWith("-Wp,-M") && !(argument.startsWith("-o") && i > 0)) {
                command.add(argument);
            }
        }
        command.addAll(List.of("-M", "-MF", depfile.toString()));
        return command;
    }

    /** Every file gcc reads for {@code compile}, absolute as gcc names it; fails the test if gcc fails. */
    static Set<Path> dependencies(CompileCommand compile) {
        try {
            Path depfile = Files.createTempFile("real-gcc", ".d");
            try {
                List<String> command = dependencyCommand(compile, depfile);
                Process process = new ProcessBuilder(command).directory(compile.workingDirectory().toFile())
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
                }
                Set<Path> files = new TreeSet<>();
                for (String input : Depfile.read(depfile).inputs()) {
                    // Not normalised: "dir/../x.h" through a symbolic link "dir" is not "x.h".
                    files.add(compile.workingDirectory().resolve(input));
                }
                return files;
            } finally {
                Files.deleteIfExists(depfile);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run gcc -M: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the scanner says the compile reads: shipped, system and generated files that exist. */
    static Set<Path> scanned(ScanResult result) {
        Set<Path> files = new TreeSet<>(result.shippedFiles());
        files.addAll(result.systemFiles());
        for (Path file : result.generatedFiles()) {
            if (!result.notYetGenerated().contains(file)) {
                files.add(file);
            }
        }
        return files;
    }

    /** The files gcc read that the scanner did not find: empty when the scanner never misses. */
    static Set<Path> missedBy(ScanResult result, CompileCommand compile) {
        Set<Path> missed = new TreeSet<>(dependencies(compile));
        Set<Path> scanned = scanned(result);
        missed.removeIf(file -> scanned.contains(file.normalize()) || scanned.contains(real(file)));
        return missed;
    }

    private static Path real(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }
}
