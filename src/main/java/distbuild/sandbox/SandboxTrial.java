package distbuild.sandbox;

import distbuild.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial job run when a worker starts with {@code --sandbox}, which looks at itself from inside:
 * a sandbox is trusted only once a job in it was seen to have no capability, not to be root, not
 * to be able to gain privileges, and to have its process limit. A host where any of that fails
 * (an old kernel, a bwrap that ignores an option, a container that maps no other user) makes
 * the worker refuse to start instead of running jobs with less than it promises.
 */
final class SandboxTrial {
    private static final String SEPARATOR = "--distbuild-trial--";

    private final Sandbox sandbox;
    private final Path dir;

    SandboxTrial(Sandbox sandbox, Path dir) {
        this.sandbox = sandbox;
        this.dir = dir;
    }

    void check() throws IOException, InterruptedException {
        FileTrees.deleteRecursively(dir);
        JobTree tree = new JobTree(Files.createDirectories(dir.resolve("src")), Files.createDirectories(dir.resolve("out")),
                Files.createDirectories(dir.resolve("tmp")), List.of(), false);
        String output;
        try (Confinement confinement = sandbox.confine(tree)) {
            List<String> argv = confinement.wrap(List.of("sh", "-c", "cat /proc/self/status; echo " + SEPARATOR
                    + "; cat /proc/self/limits; echo " + SEPARATOR + "; touch /distbuild-trial 2>/dev/null && echo root-writable;"
                    + " touch '" + tree.outputDir().toRealPath() + "/made' && echo output-writable"), tree.sourceDir());
            Sandbox.ProcessResult result = Sandbox.ProcessResult.run(argv);
            output = result.output();
            if (result.exitCode() != 0) {
                throw refused("its trial job failed (exit " + result.exitCode() + "): " + output);
            }
        } finally {
            FileTrees.deleteRecursively(dir);
        }
        String[] parts = output.split(SEPARATOR);
        if (parts.length != 3) {
            throw refused("its trial job printed something unexpected: " + output);
        }
        Map<String, String> status = fields(parts[0]);
        List<String> problems = new ArrayList<>();
        for (String uid : status.getOrDefault("Uid", "0").split("\\s+")) {
            if (uid.equals("0")) {
                problems.add("the job ran as root (Uid: " + status.get("Uid") + ")");
                break;
            }
        }
        for (String capabilities : List.of("CapEff", "CapPrm", "CapAmb")) {
            if (!status.getOrDefault(capabilities, "?").matches("0+")) {
                problems.add("the job had capabilities (" + capabilities + ": " + status.get(capabilities) + ")");
            }
        }
        if (sandbox.runsJobsAsOwnUsers()) {
            if (!status.getOrDefault("CapBnd", "?").matches("0+")) {
                problems.add("the job could regain capabilities (CapBnd: " + status.get("CapBnd") + ")");
            }
            if (!"1".equals(status.get("NoNewPrivs"))) {
                problems.add("the job could gain privileges through a set-user-ID program (NoNewPrivs: " + status.get("NoNewPrivs") + ")");
            }
        }
        if (!sandbox.countsProcessesInGroups()
                && !parts[1].lines().anyMatch(line -> line.startsWith("Max processes") && !line.contains("unlimited"))) {
            problems.add("the job's process limit was not set");
        }
        long fileBytes = sandbox.limits().diskBytes() / 512 * 512;
        if (!parts[1].lines().anyMatch(line -> line.startsWith("Max file size") && line.matches(".*\\b" + fileBytes + "\\b.*"))) {
            problems.add("the job's file size limit is not " + fileBytes + " bytes: "
                    + parts[1].lines().filter(line -> line.startsWith("Max file size")).findFirst().orElse("none"));
        }
        if (parts[2].contains("root-writable")) {
            problems.add("the job could write to /");
        }
        if (!parts[2].contains("output-writable")) {
            problems.add("the job could not write its output directory");
        }
        if (!problems.isEmpty()) {
            throw refused(String.join("; ", problems));
        }
    }

    private static IOException refused(String why) {
        return new IOException("--sandbox cannot hold its jobs on this machine: " + why);
    }

    /** The "Key:\tvalue" lines of /proc/self/status. */
    private static Map<String, String> fields(String status) {
        Map<String, String> fields = new TreeMap<>();
        for (String line : status.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
