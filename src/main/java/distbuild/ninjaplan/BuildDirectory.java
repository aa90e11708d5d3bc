package distbuild.ninjaplan;

import distbuild.files.FileTrees;
import distbuild.model.Id;
import distbuild.ninja.CanonicalPath;
import distbuild.ninja.Depfile;
import distbuild.ninja.DepsStyle;
import distbuild.ninja.NinjaDeps;
import distbuild.ninja.NinjaEdge;
import distbuild.ninja.NinjaLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client's build directory, left as ninja would leave it: each built edge's outputs (and the
 * files its command wrote besides) moved into place — only those whose content changed are
 * rewritten, the others keep their files — links made again, and ninja's own records written
 * ({@code .ninja_log} for every edge, {@code .ninja_deps} from the depfiles of {@code deps = gcc}
 * edges, which ninja then deletes), so that a plain {@code ninja} afterwards finds nothing to do.
 * A job whose outputs an earlier build landed and nobody touched since is not landed again
 * ({@link LandedOutputs}).
 */
public final class BuildDirectory {
    /** Gets a job's whole artifact into an empty directory. */
    @FunctionalInterface
    public interface ArtifactFetcher {
        void fetch(Id job, Path into) throws IOException, InterruptedException;
    }

    private static final java.util.Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final java.util.Set<PosixFilePermission> PLAIN = PosixFilePermissions.fromString("rw-r--r--");

    private final TreeLayout layout;
    private final Path staging;
    /** The edges built in this run, for ninja's records. */
    private final List<NinjaEdge> built = new ArrayList<>();
    /** The jobs whose artifacts are in place. */
    private final java.util.Set<Id> landed = new java.util.HashSet<>();
    /**
     * Held while the directory changes: jobs land on a thread of their own while the build goes
     * on. A lock, not {@code synchronized}: a landing waits on the network, and a virtual thread
     * waiting inside {@code synchronized} holds its carrier on JDK 21.
     */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private int written;
    private int unchanged;
    /** What earlier builds left in place, so that a job whose outputs are still there is not fetched again. */
    private final LandedOutputs inPlace;
    /** What ninja's deps log said when this build began (headers of {@code deps = gcc} edges), read when first needed. */
    private Map<String, NinjaDeps.Entry> depsLog;

    public BuildDirectory(TreeLayout layout) {
        this.layout = layout;
        this.staging = layout.buildDir().resolve(".distbuild-landing");
        this.inPlace = LandedOutputs.read(layout.buildDir());
    }

    /**
     * Moves every job's artifact of {@code plan} into place that has not landed yet (jobs may land
     * one by one as they finish: {@link #land(NinjaPlan, Id, ArtifactFetcher)}).
     */
    public void land(NinjaPlan plan, ArtifactFetcher fetcher) throws IOException, InterruptedException {
        lock.lock();
        try {
            for (Id job : plan.edges().keySet()) {
                landOne(plan, job, fetcher);
            }
        } finally {
            try {
                FileTrees.deleteRecursively(staging);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Moves one job's artifact into place, unless it already was. */
    public void land(NinjaPlan plan, Id job, ArtifactFetcher fetcher) throws IOException, InterruptedException {
        lock.lock();
        try {
            landOne(plan, job, fetcher);
        } finally {
            lock.unlock();
        }
    }

    /** Removes what landings left behind (after a build that failed, say). */
    public void cleanUp() throws IOException {
        lock.lock();
        try {
            FileTrees.deleteRecursively(staging);
        } finally {
            lock.unlock();
        }
    }

    private void landOne(NinjaPlan plan, Id job, ArtifactFetcher fetcher) throws IOException, InterruptedException {
        NinjaEdge edge = plan.edges().get(job);
        if (edge == null || !landed.add(job)) {
            return;
        }
        Path into = staging.resolve(job.hex());
        try {
            // Landed by an earlier build and left as it was: nothing to fetch, compare or write.
            if (stillInPlace(job, edge)) {
                built.add(edge);
                unchanged++;
                return;
            }
            FileTrees.deleteRecursively(into);
            Files.createDirectories(into);
            fetcher.fetch(job, into);
            checkReads(edge, plan.reads().get(job), into);
            clientPathsInDepfile(edge, plan.reads().get(job), into);
            List<String> placed = moveIntoPlace(into);
            built.add(edge);
            freshen(edge);
            inPlace.landed(job, placed);
        } catch (IOException | InterruptedException | RuntimeException e) {
            landed.remove(job); // not in place: it is landed again at the end, or the build fails
            throw e;
        } finally {
            FileTrees.deleteRecursively(into);
        }
    }

    /**
     * Holds what a remote compile read, by its depfile, against where it may read: a file of the
     * machine's outside its compiler's own directories means its result may not be the one this
     * build would make here — the one thing a build system must never give — so the build fails,
     * naming them.
     */
    private void checkReads(NinjaEdge edge, NinjaPlan.JobReads reads, Path artifact) throws IOException {
        if (reads == null || edge.depfile().isEmpty()) {
            return;
        }
        var treePath = layout.treePath(ninjaFile(edge.depfile()));
        if (treePath.isEmpty() || !Files.isRegularFile(artifact.resolve(treePath.get()))) {
            return;
        }
        Path depfile = artifact.resolve(treePath.get());
        // Under the build's own directories a job sees only what it was given (its tree is mounted over
        // them), so a file there it read was sent or made by a dep. Outside them, only the machine's own.
        List<String> foreign = new ArrayList<>();
        for (String input : Depfile.read(depfile).inputs()) {
            Path path = JobPaths.toClient(layout.buildDir().resolve(input).normalize(), layout);
            if (layout.treePath(path).isEmpty() && !reads.machineDirectories().isEmpty()
                    && reads.machineDirectories().stream().noneMatch(dir -> path.startsWith(dir.normalize()))) {
                foreign.add(path.toString());
            }
        }
        if (!foreign.isEmpty()) {
            throw new UnsentReadsException("'" + edge.description() + "' read " + String.join(", ", foreign) + ", outside the"
                    + " source and build directories and outside its compiler's own: each machine has its own copy, so its"
                    + " result may not be what this machine would make; move them under the source directory");
        }
    }

    /** A depfile ninja will read itself (no {@code deps =}) names the client's paths, not the fixed ones the job ran at. */
    private void clientPathsInDepfile(NinjaEdge edge, NinjaPlan.JobReads reads, Path artifact) throws IOException {
        if (reads == null || !reads.fixedPaths() || edge.depfile().isEmpty()) {
            return;
        }
        var treePath = layout.treePath(ninjaFile(edge.depfile()));
        if (treePath.isPresent() && Files.isRegularFile(artifact.resolve(treePath.get()))) {
            Path depfile = artifact.resolve(treePath.get());
            Files.writeString(depfile, JobPaths.toClient(Files.readString(depfile), layout));
        }
    }

    /** Notes an edge the client ran itself, for ninja's records. */
    public void ranHere(NinjaEdge edge) throws IOException {
        lock.lock();
        try {
            built.add(edge);
            freshen(edge);
        } finally {
            lock.unlock();
        }
    }

    public int written() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }

    public int unchanged() {
        lock.lock();
        try {
            return unchanged;
        } finally {
            lock.unlock();
        }
    }

    /** Moves an artifact's files and links into place; returns where each went. */
    private List<String> moveIntoPlace(Path artifact) throws IOException {
        List<String> placed = new ArrayList<>();
        Files.walkFileTree(artifact, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String treePath = artifact.relativize(file).toString();
                if (treePath.endsWith(NinjaLowering.LINK_SUFFIX)) {
                    Path link = layout.clientPath(treePath.substring(0, treePath.length() - NinjaLowering.LINK_SUFFIX.length()));
                    refuseLinkedParents(link);
                    Path target = Path.of(Files.readString(file).stripTrailing());
                    placed.add(link.toString());
                    if (!Files.isSymbolicLink(link) || !Files.readSymbolicLink(link).equals(target)) {
                        Files.createDirectories(link.getParent());
                        Files.deleteIfExists(link);
                        Files.createSymbolicLink(link, target);
                        written++;
                    } else {
                        unchanged++;
                    }
                    return FileVisitResult.CONTINUE;
                }
                Path target = layout.clientPath(treePath);
                refuseLinkedParents(target);
                placed.add(target.toString());
                boolean executable = Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
                if (sameContent(file, target)) {
                    unchanged++;
                    if (Files.getPosixFilePermissions(target).contains(PosixFilePermission.OWNER_EXECUTE) != executable) {
                        Files.setPosixFilePermissions(target, executable ? EXECUTABLE : PLAIN);
                    }
                    return FileVisitResult.CONTINUE;
                }
                Files.createDirectories(target.getParent());
                Files.setPosixFilePermissions(file, executable ? EXECUTABLE : PLAIN);
                Files.deleteIfExists(target); // a link or a read-only file where the output goes
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                written++;
                return FileVisitResult.CONTINUE;
            }
        });
        return placed;
    }

    /**
     * An output goes only into the build's own directories, never through a link on the way: an
     * artifact that made a link to elsewhere and then a file under it would write outside them.
     */
    private void refuseLinkedParents(Path target) throws IOException {
        Path base = target.startsWith(layout.buildDir()) ? layout.buildDir() : layout.sourceDir();
        for (Path dir = target.getParent(); dir != null && dir.startsWith(base) && !dir.equals(base); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                throw new IOException("an output at " + target + " would be written through the link " + dir
                        + "; outputs are written only into the build's own directories");
            }
        }
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        if (!Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS) || Files.size(a) != Files.size(b)) {
            return false;
        }
        try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
            byte[] bx = new byte[1 << 16];
            byte[] by = new byte[1 << 16];
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length);
                int ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
                    return false;
                }
                if (nx == 0) {
                    return true;
                }
            }
        }
    }

    /**
     * An output left as it was (same content) may be older than an input that changed only its
     * time: ninja, which compares times, would build it again. Such outputs get the time of now.
     */
    private void freshen(NinjaEdge edge) throws IOException {
        long newestInput = newestInput(edge);
        FileTime now = FileTime.from(java.time.Instant.now());
        for (String output : edge.allOutputs()) {
            Path path = ninjaFile(output);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)
                    && Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS) < newestInput) {
                Files.setLastModifiedTime(path, now);
            }
        }
    }

    /**
     * Whether what an earlier build landed for {@code job} is there as it was left, every output of
     * the edge exists, none is older than an input, and ninja's records of a {@code deps = gcc}
     * edge are there (they were written from the depfile that landing would bring again).
     */
    private boolean stillInPlace(Id job, NinjaEdge edge) throws IOException {
        if (!inPlace.inPlace(job)) {
            return false;
        }
        for (String output : edge.allOutputs()) {
            if (!Files.exists(ninjaFile(output), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        if (edge.deps() == DepsStyle.GCC && !edge.depfile().isEmpty()) {
            for (String output : edge.outputs()) {
                NinjaDeps.Entry entry = depsLog().get(output);
                if (entry == null || entry.mtime() < mtime(ninjaFile(output))) {
                    return false;
                }
            }
        }
        return newestInput(edge) <= inPlace.oldestTime(job);
    }

    private Map<String, NinjaDeps.Entry> depsLog() throws IOException {
        if (depsLog == null) {
            depsLog = readDeps(layout.buildDir().resolve(".ninja_deps"));
        }
        return depsLog;
    }

    /**
     * The time of the edge's newest input, as ninja compares them: its explicit and implicit inputs
     * (not its order-only ones, whose times ninja ignores), and the headers its depfile names (in
     * place, or for a {@code deps = gcc} edge, recorded in ninja's deps log).
     */
    private long newestInput(NinjaEdge edge) throws IOException {
        List<String> inputs = new ArrayList<>(edge.inputs());
        inputs.addAll(edge.implicitInputs());
        if (!edge.depfile().isEmpty() && Files.isRegularFile(ninjaFile(edge.depfile()))) {
            inputs.addAll(depfileInputs(ninjaFile(edge.depfile()))); // the headers, which ninja compares too
        } else if (edge.deps() == DepsStyle.GCC) {
            for (String output : edge.outputs()) {
                NinjaDeps.Entry entry = depsLog().get(output);
                if (entry != null) {
                    inputs.addAll(entry.inputs());
                }
            }
        }
        long newest = Long.MIN_VALUE;
        for (String input : inputs) {
            Path path = ninjaFile(input);
            if (Files.exists(path)) {
                newest = Math.max(newest, Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS));
            }
        }
        return newest;
    }

    /**
     * Writes ninja's records for the edges built: their commands' hashes and outputs' times in
     * {@code .ninja_log}, and what each {@code deps = gcc} edge read in {@code .ninja_deps} (its
     * depfile, then deleted, as ninja does).
     */
    public void writeNinjaRecords() throws IOException {
        lock.lock();
        try {
            writeRecords();
        } finally {
            lock.unlock();
        }
    }

    private void writeRecords() throws IOException {
        Path logFile = layout.buildDir().resolve(".ninja_log");
        Map<String, NinjaLog.Entry> log = new LinkedHashMap<>(readLog(logFile));
        Path depsFile = layout.buildDir().resolve(".ninja_deps");
        Map<String, NinjaDeps.Entry> deps = new LinkedHashMap<>(readDeps(depsFile));
        boolean depsChanged = false;
        for (NinjaEdge edge : built) {
            long hash = NinjaLog.commandHash(edge.commandForLog());
            if (edge.deps() == DepsStyle.GCC && !edge.depfile().isEmpty()) {
                Path depfile = ninjaFile(edge.depfile());
                if (Files.isRegularFile(depfile)) {
                    List<String> inputs = depfileInputs(depfile).stream().map(CanonicalPath::of).toList();
                    for (String output : edge.outputs()) {
                        deps.put(output, new NinjaDeps.Entry(output, mtime(ninjaFile(output)), inputs));
                    }
                    Files.delete(depfile);
                    depsChanged = true;
                }
            }
            for (String output : edge.allOutputs()) {
                Path path = ninjaFile(output);
                if (Files.exists(path)) {
                    log.put(output, new NinjaLog.Entry(0, 0, mtime(path), output, hash));
                }
            }
        }
        NinjaLog.write(logFile, log.values());
        if (depsChanged) {
            NinjaDeps.write(depsFile, deps.values());
        }
        built.clear();
        inPlace.write();
    }

    /**
     * A depfile's inputs as the client names them: a job at the fixed paths wrote those
     * ({@code /distbuild/source/…}), which are the client's own directories here.
     */
    private List<String> depfileInputs(Path depfile) throws IOException {
        List<String> inputs = new ArrayList<>();
        for (String input : Depfile.read(depfile).inputs()) {
            Path path = Path.of(input);
            inputs.add(path.isAbsolute() ? JobPaths.toClient(path.normalize(), layout).toString() : input);
        }
        return inputs;
    }

    private static Map<String, NinjaLog.Entry> readLog(Path file) throws IOException {
        try {
            return NinjaLog.read(file);
        } catch (distbuild.ninja.MalformedNinjaFileException e) {
            return Map.of(); // ninja starts a damaged log afresh too
        }
    }

    private static Map<String, NinjaDeps.Entry> readDeps(Path file) throws IOException {
        try {
            return NinjaDeps.read(file);
        } catch (distbuild.ninja.MalformedNinjaFileException e) {
            return Map.of();
        }
    }

    /** A file's time as ninja reads it: through a link, the time of what it points at. */
    private static long mtime(Path path) throws IOException {
        return Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS);
    }

    private Path ninjaFile(String ninjaPath) {
        return layout.buildDir().resolve(ninjaPath).normalize();
    }
}
