package distbuild.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mounts of one bubblewrap command line, in the order they must be made: the machine's own
 * files (read-only in a sandbox, as they are otherwise), what is hidden, the private /tmp, and the
 * binds of the job's directories — some of them at paths this machine does not have (a generated
 * build names its files by the paths they have on the client).
 *
 * <p>A destination that does not exist is made by shadowing its nearest existing parent: an
 * empty tmpfs over it, with each of its entries bound back, so that the new directory can be made
 * and nothing else the job sees changes. Directories made on the way are open to all: bubblewrap
 * would make them readable by root alone, and a sandboxed job is not root.
 */
final class MountPlan {
    /** How the job sees the machine's own files. */
    enum HostView {
        /** Read-only, as in a sandbox. */
        READ_ONLY("--ro-bind"),
        /** As they are, devices included: only the job's tree is moved. */
        AS_IT_IS("--dev-bind");

        final String bind;

        HostView(String bind) {
            this.bind = bind;
        }
    }

    /** One directory of the job's, seen at {@code destination}. */
    record Bind(Path source, Path destination, boolean writable) {}

    private static final Path ROOT = Path.of("/");
    private static final Path PRIVATE_TMP = Path.of("/tmp");

    private final HostView host;
    private final List<Path> hidden;
    private final boolean privateTmp;
    private final boolean openParents;
    private final boolean jobIsAnotherUser;

    /**
     * @param hidden directories replaced by empty ones (each a real path)
     * @param privateTmp whether /tmp is replaced (by the bind the caller gives {@link #args})
     * @param openParents whether this bwrap takes {@code --perms}, to make directories open to all
     * @param jobIsAnotherUser whether the job runs as a user who cannot pass directories closed to others
     */
    MountPlan(HostView host, List<Path> hidden, boolean privateTmp, boolean openParents, boolean jobIsAnotherUser) {
        this.host = host;
        this.hidden = List.copyOf(hidden);
        this.privateTmp = privateTmp;
        this.openParents = openParents;
        this.jobIsAnotherUser = jobIsAnotherUser;
    }

    /**
     * The mount arguments: the host and the shadows, then {@code devices} (the caller's /dev and
     * /proc), the hidden directories, {@code tmp} (the caller's private /tmp), and the binds.
     */
    List<String> args(List<Bind> binds, List<String> devices, List<String> tmp) throws IOException {
        List<Path> shadows = shadowsFor(binds);
        List<String> args = new ArrayList<>();
        if (shadows.contains(ROOT)) {
            rebindEntries(ROOT, args);
        } else {
            args.addAll(List.of(host.bind, "/", "/"));
        }
        for (Path shadow : shadows) {
            if (!shadow.equals(ROOT)) {
                if (openParents) {
                    args.addAll(List.of("--perms", "0755"));
                }
                args.addAll(List.of("--tmpfs", shadow.toString()));
                rebindEntries(shadow, args);
            }
        }
        args.addAll(devices);
        for (Path path : hidden) {
            if (path.getParent() != null) { // hiding / would hide everything
                args.addAll(List.of("--tmpfs", path.toString()));
            }
        }
        args.addAll(tmp);
        List<Path> covered = new ArrayList<>();
        if (jobIsAnotherUser) {
            for (Bind bind : binds) {
                coverClosedParent(bind.destination(), shadows, covered, args);
            }
        }
        Set<Path> made = new HashSet<>();
        for (Bind bind : binds) {
            Path destination = bind.destination();
            for (int depth = 1; depth < destination.getNameCount(); depth++) {
                Path parent = ROOT.resolve(destination.subpath(0, depth));
                if (isOurs(parent, shadows, covered) && made.add(parent)) {
                    if (openParents) {
                        args.addAll(List.of("--perms", "0755"));
                    }
                    args.addAll(List.of("--dir", parent.toString()));
                }
            }
            args.addAll(List.of(bind.writable() ? "--bind" : "--ro-bind", bind.source().toString(), destination.toString()));
        }
        if (host == HostView.READ_ONLY) {
            // The tmpfs that hide things or make room belong to the job's user where it runs as the
            // worker's user: read-only, they hold nothing the job could fill memory with.
            for (Path path : concat(hidden, shadows)) {
                if (path.equals(ROOT)) {
                    args.addAll(List.of("--remount-ro", "/"));
                } else if (isStillMounted(path, covered)) {
                    args.addAll(List.of("--remount-ro", path.toString()));
                }
            }
        }
        return args;
    }

    /** Whether a tmpfs of ours is still where it was put: not gone under the private /tmp, a cover or a hidden directory. */
    private boolean isStillMounted(Path path, List<Path> covered) {
        if (path.getParent() == null || isUnderTmp(path)) {
            return false;
        }
        for (Path over : concat(covered, hidden)) {
            if (path.startsWith(over) && !path.equals(over)) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> concat(List<Path> first, List<Path> second) {
        List<Path> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The existing directories to shadow so that every destination can be made, the shallowest first. */
    private List<Path> shadowsFor(List<Bind> binds) {
        TreeSet<Path> shadows = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
        for (Bind bind : binds) {
            Path destination = bind.destination();
            if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS) || isUnderTmpOrHidden(destination)) {
                continue;
            }
            Path existing = destination.getParent();
            while (existing != null && !Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            if (existing != null && !isUnderTmpOrHidden(existing) && !hidden.contains(existing)) {
                shadows.add(existing);
            }
        }
        return List.copyOf(shadows);
    }

    /** Each entry of {@code dir} bound back at itself (links made again), over the tmpfs that shadows it. */
    private void rebindEntries(Path dir, List<String> args) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            List<Path> sorted = new ArrayList<>();
            entries.forEach(sorted::add);
            sorted.sort(null);
            for (Path entry : sorted) {
                if (Files.isSymbolicLink(entry)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(entry).toString(), entry.toString()));
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    args.addAll(List.of(host.bind, entry.toString(), entry.toString()));
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot make room for the job's tree in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A job of its own user could not pass a directory of the host closed to others (the worker's
     * data in root's home, say) on its way to its own tree: the first such directory above
     * {@code target} is replaced by an empty one, which hides only what the job could not enter anyway.
     */
    private void coverClosedParent(Path target, List<Path> shadows, List<Path> covered, List<String> args) throws IOException {
        for (int depth = 1; depth < target.getNameCount(); depth++) {
            Path parent = ROOT.resolve(target.subpath(0, depth));
            if (shadows.contains(parent)) {
                continue; // a tmpfs of ours, open to all
            }
            if (isOurs(parent, shadows, covered) || covered.contains(parent)) {
                return;
            }
            if (!Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                covered.add(parent);
                if (openParents) {
                    args.addAll(List.of("--perms", "0755"));
                }
                args.addAll(List.of("--tmpfs", parent.toString()));
                return;
            }
        }
    }

    /** Whether {@code path} lies in a tmpfs or a directory of ours, where bubblewrap must make it. */
    private boolean isOurs(Path path, List<Path> shadows, List<Path> covered) {
        if (isUnderTmpOrHidden(path)) {
            return true;
        }
        for (Path dir : covered) {
            if (path.startsWith(dir) && !path.equals(dir)) {
                return true;
            }
        }
        for (Path shadow : shadows) {
            if (path.startsWith(shadow) && !path.equals(shadow) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    private boolean isUnderTmpOrHidden(Path path) {
        if (isUnderTmp(path)) {
            return true;
        }
        for (Path dir : hidden) {
            if (path.startsWith(dir) && !path.equals(dir)) {
                return true;
            }
        }
        return false;
    }

    private boolean isUnderTmp(Path path) {
        return privateTmp && path.startsWith(PRIVATE_TMP) && !path.equals(PRIVATE_TMP);
    }
}
