package distbuild.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A generated project: 4 layers of 6 jobs ({@code j0-0} … {@code j3-5}); each job of a layer
 * after the first reads the outputs of 1–3 jobs of the layer before, sleeps 50–250 ms, and writes
 * the sorted set of its own line, its deps' lines and (in the first layer) its source file's line.
 * The test computes the same sets, so a missing or wrong dep output shows in the targets. Every
 * job first notes that it ran in a shared log, so runs beyond one per job can be counted.
 */
public final class LayeredTree {
    static final int LAYERS = 4;
    static final int WIDTH = 6;

    private final String salt;
    private final Path dir;
    private final Map<String, List<String>> deps = new LinkedHashMap<>();
    private final Map<String, TreeSet<String>> values = new LinkedHashMap<>();

    private LayeredTree(String salt, Path dir) {
        this.salt = salt;
        this.dir = dir;
    }

    /** Writes tree {@code salt} into {@code dir}: its build file and its source files. */
    static LayeredTree write(String salt, Path dir, Random random, Path runLog) throws IOException {
        LayeredTree tree = new LayeredTree(salt, dir);
        Files.createDirectories(dir.resolve("src"));
        StringBuilder yaml = new StringBuilder("jobs:\n");
        for (int layer = 0; layer < LAYERS; layer++) {
            for (int k = 0; k < WIDTH; k++) {
                String name = "j" + layer + "-" + k;
                List<String> chosen = new ArrayList<>();
                TreeSet<String> value = new TreeSet<>();
                value.add(salt + " " + name);
                if (layer == 0) {
                    String source = "src " + salt + " " + k;
                    Files.writeString(dir.resolve("src/" + name + ".txt"), source + "\n");
                    value.add(source);
                } else {
                    int count = 1 + random.nextInt(3);
                    TreeSet<Integer> picks = new TreeSet<>();
                    while (picks.size() < count) {
                        picks.add(random.nextInt(WIDTH));
                    }
                    for (int pick : picks) {
                        chosen.add("j" + (layer - 1) + "-" + pick);
                    }
                    chosen.forEach(dep -> value.addAll(tree.values.get(dep)));
                }
                tree.deps.put(name, chosen);
                tree.values.put(name, value);
                yaml.append(job(name, salt, chosen, layer == 0, 50 + random.nextInt(201), runLog));
            }
        }
        Files.writeString(dir.resolve("distbuild.yaml"), yaml);
        return tree;
    }

    private static String job(String name, String salt, List<String> deps, boolean readsSource, int sleepMs, Path runLog) {
        StringBuilder reads = new StringBuilder();
        if (readsSource) {
            reads.append(" src/").append(name).append(".txt");
        }
        deps.forEach(dep -> reads.append(" out/").append(dep).append(".txt"));
        StringBuilder job = new StringBuilder("  - name: ").append(name).append('\n');
        if (readsSource) {
            job.append("    inputs: src/").append(name).append(".txt\n");
        }
        if (!deps.isEmpty()) {
            job.append("    deps: [").append(String.join(", ", deps)).append("]\n");
        }
        job.append("    run: echo '").append(salt).append(' ').append(name).append("' >> ").append(runLog)
                .append(" && sleep ").append(sleepMs / 1000.0)
                .append(" && mkdir -p out && { echo '").append(salt).append(' ').append(name).append("'; cat")
                .append(reads).append("; } | sort -u > out/").append(name).append(".txt\n")
                .append("    outputs: out/").append(name).append(".txt\n");
        return job.toString();
    }

    public String salt() {
        return salt;
    }

    public Path dir() {
        return dir;
    }

    /** The jobs nothing depends on: the build's targets, whose outputs {@code --output} delivers. */
    List<String> targets() {
        TreeSet<String> needed = new TreeSet<>();
        deps.values().forEach(needed::addAll);
        return deps.keySet().stream().filter(name -> !needed.contains(name)).toList();
    }

    /**
     * What is wrong with the outputs delivered into {@code out}: each target's file must hold its
     * set, line by line; empty when all are right.
     */
    List<String> problems(Path out) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String target : targets()) {
            Path file = out.resolve("out/" + target + ".txt");
            String expected = String.join("\n", values.get(target)) + "\n";
            if (!Files.isRegularFile(file)) {
                problems.add(target + ": missing from " + out);
            } else if (!Files.readString(file).equals(expected)) {
                problems.add(target + ": holds " + Files.readString(file).replace("\n", "|") + " instead of "
                        + expected.replace("\n", "|"));
            }
        }
        return problems;
    }
}
