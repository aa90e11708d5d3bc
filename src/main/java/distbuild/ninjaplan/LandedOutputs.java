package distbuild.ninjaplan;

import distbuild.model.Id;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the last builds landed in a build directory, job by job: each file by its size, its time
 * and the time its inode last changed (any write, rename or change of mode moves it), each link by
 * its target, as they were left; paths relative to the build directory where they lie in it. A job whose files are all still so need not be
 * fetched and compared again: its outputs are in place. Kept in {@code BUILD/.distbuild-landed};
 * a file or a record that does not match (an output edited, touched or deleted since) only means
 * landing that job again. Not thread-safe: its directory's lock guards it.
 */
final class LandedOutputs {
    static final String FILE = ".distbuild-landed";

    /** One file or link as landed: a link's {@code size} is -1 and {@code target} what it points at. */
    record Landed(String path, long size, long mtimeNanos, long ctimeNanos, String target) {}

    private final Path buildDir;
    private final Map<Id, List<Landed>> before;
    private final Map<Id, List<Landed>> now = new LinkedHashMap<>();

    private LandedOutputs(Path buildDir, Map<Id, List<Landed>> before) {
        this.buildDir = buildDir;
        this.before = before;
    }

    /** The record in {@code buildDir}; empty when there is none or it cannot be read. */
    static LandedOutputs read(Path buildDir) {
        Map<Id, List<Landed>> read = new HashMap<>();
        try {
            for (String line : Files.readAllLines(buildDir.resolve(FILE), StandardCharsets.UTF_8)) {
                String[] fields = line.split("\t", 6);
                try {
                    if (fields.length == 6) {
                        read.computeIfAbsent(Id.parse(fields[0]), id -> new ArrayList<>()).add(new Landed(fields[1],
                                Long.parseLong(fields[2]), Long.parseLong(fields[3]), Long.parseLong(fields[4]), fields[5]));
                    }
                } catch (RuntimeException damaged) {
                    // that job lands again
                }
            }
        } catch (IOException | RuntimeException none) {
            // every job lands
        }
        return new LandedOutputs(buildDir, read);
    }

    /** Whether everything {@code job} landed before is still as it was left (and it landed something). */
    boolean inPlace(Id job) {
        List<Landed> landed = before.get(job);
        if (landed == null || landed.isEmpty()) {
            return false;
        }
        for (Landed each : landed) {
            try {
                if (!each.equals(describe(each.path()))) {
                    return false;
                }
            } catch (IOException gone) {
                return false;
            }
        }
        now.put(job, landed);
        return true;
    }

    /** The oldest time among what {@code job} landed, as {@link #inPlace} found it; MAX_VALUE for none. */
    long oldestTime(Id job) {
        return now.getOrDefault(job, List.of()).stream().filter(each -> each.size() >= 0).mapToLong(Landed::mtimeNanos)
                .min().orElse(Long.MAX_VALUE);
    }

    /** Notes what {@code job} has just landed, at the build-directory paths given, as they are now. */
    void landed(Id job, List<String> paths) throws IOException {
        List<Landed> each = new ArrayList<>();
        for (String path : paths) {
            if (path.contains("\t") || path.contains("\n")) {
                return; // not recordable: the job simply lands again next time
            }
            Path file = Path.of(path);
            each.add(describe(file.startsWith(buildDir) ? buildDir.relativize(file).toString() : path));
        }
        now.put(job, each);
    }

    /**
     * Writes what this build left in place, and what earlier builds left of jobs this one did not
     * land (other targets, or a build that failed first) where this one wrote nothing over it. A
     * file gone since it landed (a depfile ninja's records took in) is left out.
     */
    void write() throws IOException {
        Map<Id, List<Landed>> kept = new LinkedHashMap<>(now);
        java.util.Set<String> written = new java.util.HashSet<>();
        now.values().forEach(files -> files.forEach(file -> written.add(file.path())));
        before.forEach((job, files) -> {
            if (!kept.containsKey(job) && files.stream().noneMatch(file -> written.contains(file.path()))) {
                kept.put(job, files);
            }
        });
        Path fresh = buildDir.resolve(FILE + ".new");
        try (BufferedWriter out = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
            for (Map.Entry<Id, List<Landed>> job : kept.entrySet()) {
                for (Landed each : job.getValue()) {
                    if (!Files.exists(buildDir.resolve(each.path()), LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    out.write(job.getKey().hex() + "\t" + each.path() + "\t" + each.size() + "\t" + each.mtimeNanos() + "\t"
                            + each.ctimeNanos() + "\t" + each.target() + "\n");
                }
            }
        }
        Files.move(fresh, buildDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Landed describe(String path) throws IOException {
        Path file = buildDir.resolve(path);
        Map<String, Object> attributes = Files.readAttributes(file, "unix:isSymbolicLink,size,lastModifiedTime,ctime",
                LinkOption.NOFOLLOW_LINKS);
        if ((Boolean) attributes.get("isSymbolicLink")) {
            return new Landed(path, -1, 0, 0, Files.readSymbolicLink(file).toString());
        }
        return new Landed(path, (Long) attributes.get("size"),
                ((java.nio.file.attribute.FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                ((java.nio.file.attribute.FileTime) attributes.get("ctime")).to(TimeUnit.NANOSECONDS), "");
    }
}
