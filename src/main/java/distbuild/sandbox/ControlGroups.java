package distbuild.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Where this worker can give each job a control group of its own, and with which controllers:
 * {@code memory} bounds all of a job's processes together and {@code pids} how many it has at
 * once, where rlimits only bound each process (or each user). Found under the worker's own cgroup,
 * in cgroup v1 hierarchies (on hosts that mount them) or in cgroup v2 where the
 * worker's cgroup offers the controllers (a systemd service with {@code Delegate=yes}, a container
 * given its cgroup). Where neither can be used, jobs have rlimits alone, and the worker says so.
 */
final class ControlGroups {
    enum Controller {
        MEMORY("memory"), PIDS("pids");

        final String kernelName;

        Controller(String kernelName) {
            this.kernelName = kernelName;
        }
    }

    enum Version { V1, V2 }

    /** Where a controller's job groups are made: a directory of the worker's cgroup in one hierarchy. */
    record Parent(Version version, Path dir) {}

    private static final String GROUP_PREFIX = "distbuild-job-";
    private static final AtomicLong NEXT_GROUP = new AtomicLong();
    /** Each worker's sandbox in this process keeps groups of its own: its number tells their names apart. */
    private static final AtomicLong NEXT_KEEPER = new AtomicLong();

    private final Map<Controller, Parent> parents;
    private final String unavailable;

    private ControlGroups(Map<Controller, Parent> parents, String unavailable) {
        this.parents = Map.copyOf(parents);
        this.unavailable = unavailable;
    }

    static ControlGroups none(String why) {
        return new ControlGroups(Map.of(), why);
    }

    boolean has(Controller controller) {
        return parents.containsKey(controller);
    }

    /** Which controllers jobs get, or why none: for the line a worker logs when it starts. */
    String describe() {
        if (parents.isEmpty()) {
            return "no cgroup (" + unavailable + ")";
        }
        List<String> each = new ArrayList<>();
        parents.forEach((controller, parent) -> each.add(controller.kernelName + " in cgroup "
                + parent.version().name().toLowerCase(java.util.Locale.ROOT) + " " + parent.dir()));
        return String.join(", ", each);
    }

    /**
     * The controllers this process can use for its jobs. Never fails: a host without usable cgroups
     * gets {@link #none}, naming why.
     */
    static ControlGroups find(Logger log) {
        List<String> cgroupLines;
        List<Mount> mounts;
        try {
            cgroupLines = Files.readAllLines(Path.of("/proc/self/cgroup"));
            mounts = Mount.all(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            return none("cannot read /proc/self/cgroup or /proc/self/mountinfo: " + e.getMessage());
        }
        Map<Controller, Parent> found = new EnumMap<>(Controller.class);
        List<String> problems = new ArrayList<>();
        for (Controller controller : Controller.values()) {
            v1Parent(controller, cgroupLines, mounts).ifPresent(dir -> found.put(controller, new Parent(Version.V1, dir)));
        }
        if (found.size() < Controller.values().length) {
            v2Parent(cgroupLines, mounts, found.keySet(), problems, log).forEach(found::putIfAbsent);
        }
        Map<Controller, Parent> usable = new EnumMap<>(Controller.class);
        found.forEach((controller, parent) -> {
            Optional<String> problem = tryMaking(parent);
            if (problem.isEmpty()) {
                usable.put(controller, parent);
            } else {
                problems.add(controller.kernelName + ": " + problem.get());
            }
        });
        usable.values().stream().map(Parent::dir).distinct().forEach(dir -> removeStale(dir, log));
        String why = problems.isEmpty() ? "no memory or pids controller is mounted for this process" : String.join("; ", problems);
        return new ControlGroups(usable, why);
    }

    /** A v1 hierarchy of {@code controller}, mounted, and this process's group in it. */
    private static Optional<Path> v1Parent(Controller controller, List<String> cgroupLines, List<Mount> mounts) {
        for (String line : cgroupLines) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && List.of(fields[1].split(",")).contains(controller.kernelName)) {
                for (Mount mount : mounts) {
                    if (mount.type().equals("cgroup") && mount.superOptions().contains(controller.kernelName)) {
                        return mount.below(fields[2]);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The controllers of this process's cgroup v2 that it may hand to children. The kernel lets a
     * group hand controllers down only while no process lives in it, so the worker first moves
     * itself into a child group of its own (where it changes nothing: the parent's limits hold).
     */
    private static Map<Controller, Parent> v2Parent(List<String> cgroupLines, List<Mount> mounts,
            java.util.Set<Controller> already, List<String> problems, Logger log) {
        Optional<String> path = cgroupLines.stream().filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
        Optional<Mount> unified = mounts.stream().filter(mount -> mount.type().equals("cgroup2")).findFirst();
        if (path.isEmpty() || unified.isEmpty()) {
            return Map.of();
        }
        Optional<Path> dir = unified.get().below(path.get());
        if (dir.isEmpty()) {
            return Map.of();
        }
        Map<Controller, Parent> offered = new EnumMap<>(Controller.class);
        try {
            List<String> available = words(dir.get().resolve("cgroup.controllers"));
            List<String> handedDown = words(dir.get().resolve("cgroup.subtree_control"));
            List<String> enable = new ArrayList<>();
            for (Controller controller : Controller.values()) {
                if (!already.contains(controller) && available.contains(controller.kernelName)) {
                    offered.put(controller, new Parent(Version.V2, dir.get()));
                    if (!handedDown.contains(controller.kernelName)) {
                        enable.add("+" + controller.kernelName);
                    }
                }
            }
            if (!enable.isEmpty()) {
                Path own = Files.createDirectories(dir.get().resolve("distbuild-worker-" + ProcessHandle.current().pid()));
                write(own.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
                write(dir.get().resolve("cgroup.subtree_control"), String.join(" ", enable));
                log.debug("moved into cgroup {} to hand {} to jobs' groups", own, enable);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("cgroup v2 " + dir.get() + ": " + e.getMessage());
            return Map.of();
        }
        return offered;
    }

    private static List<String> words(Path file) throws IOException {
        return List.of(Files.readString(file).strip().split("\\s+"));
    }

    /** Empty if a job group can be made (and removed) under {@code parent}; else why not. */
    private static Optional<String> tryMaking(Parent parent) {
        Path probe = parent.dir().resolve(GROUP_PREFIX + ProcessHandle.current().pid() + "-probe");
        try {
            Files.createDirectory(probe);
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot make a group in " + parent.dir() + " (" + e.getClass().getSimpleName().replace("Exception", "")
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")");
        }
    }

    /** Groups that workers which died left behind, empty now that their processes are gone. */
    private static void removeStale(Path parent, Logger log) {
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.startsWith(GROUP_PREFIX)) {
                    continue;
                }
                String[] parts = name.substring(GROUP_PREFIX.length()).split("-");
                try {
                    long pid = Long.parseLong(parts[0]);
                    if (ProcessHandle.of(pid).isEmpty()) {
                        Files.delete(child);
                    }
                } catch (NumberFormatException | IOException e) {
                    log.debug("left the cgroup {} alone: {}", child, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.debug("could not look for stale job groups in {}: {}", parent, e.getMessage());
        }
    }

    /** The groups kept for each job user, made at its first job. */
    private final Map<Integer, JobGroup> kept = new java.util.concurrent.ConcurrentHashMap<>();
    private final long keeper = NEXT_KEEPER.incrementAndGet();

    /** The group of the jobs of job user {@code uid}, made with its limits at the first of them. */
    JobGroup forUser(int uid, JobLimits limits) throws IOException {
        JobGroup group = kept.get(uid);
        if (group == null) {
            group = create(limits, "k" + keeper + "-u" + uid);
            kept.put(uid, group);
        }
        return group;
    }

    /** Removes the groups kept for job users (the worker is stopping). */
    void removeKept() {
        for (JobGroup group : kept.values()) {
            try {
                group.close();
            } catch (IOException e) {
                // left for the next start to remove
            }
        }
        kept.clear();
    }

    /** A new group for one job, with its limits set; the job's first process must enter it with {@link JobGroup#procsFiles}. */
    JobGroup create(JobLimits limits) throws IOException {
        return create(limits, Long.toString(NEXT_GROUP.incrementAndGet()));
    }

    private JobGroup create(JobLimits limits, String suffix) throws IOException {
        String name = GROUP_PREFIX + ProcessHandle.current().pid() + "-" + suffix;
        Map<Path, Version> dirs = new LinkedHashMap<>();
        Map<Controller, Path> byController = new EnumMap<>(Controller.class);
        try {
            for (Map.Entry<Controller, Parent> entry : parents.entrySet()) {
                Path dir = entry.getValue().dir().resolve(name);
                if (!dirs.containsKey(dir)) {
                    Files.createDirectory(dir);
                    dirs.put(dir, entry.getValue().version());
                }
                byController.put(entry.getKey(), dir);
                setLimit(entry.getKey(), entry.getValue().version(), dir, limits);
            }
        } catch (IOException | RuntimeException e) {
            new JobGroup(dirs, byController).close();
            throw new IOException("cannot make the job's control group " + name + ": " + e.getMessage(), e);
        }
        return new JobGroup(dirs, byController);
    }

    private static void setLimit(Controller controller, Version version, Path dir, JobLimits limits) throws IOException {
        switch (controller) {
            case PIDS -> write(dir.resolve("pids.max"), Integer.toString(limits.processes()));
            case MEMORY -> {
                String bytes = Long.toString(limits.memoryBytes());
                if (version == Version.V1) {
                    write(dir.resolve("memory.limit_in_bytes"), bytes);
                    writeIfPresent(dir.resolve("memory.memsw.limit_in_bytes"), bytes); // no swapping past it either
                } else {
                    write(dir.resolve("memory.max"), bytes);
                    writeIfPresent(dir.resolve("memory.swap.max"), "0");
                }
            }
        }
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardOpenOption.WRITE);
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            write(file, value);
        }
    }

    /** A line of /proc/self/mountinfo: where a file system is mounted, and the part of it seen there. */
    record Mount(String root, Path mountPoint, String type, List<String> superOptions) {
        static List<Mount> all(List<String> mountinfo) {
            List<Mount> mounts = new ArrayList<>();
            for (String line : mountinfo) {
                int separator = line.indexOf(" - ");
                if (separator < 0) {
                    continue;
                }
                String[] left = line.substring(0, separator).split(" ");
                String[] right = line.substring(separator + 3).split(" ");
                if (left.length >= 5 && right.length >= 3) {
                    mounts.add(new Mount(unescape(left[3]), Path.of(unescape(left[4])), right[0], List.of(right[2].split(","))));
                }
            }
            return mounts;
        }

        /** Where the group at {@code cgroupPath} of this hierarchy is seen, if this mount shows it. */
        Optional<Path> below(String cgroupPath) {
            String relative;
            if (root.equals("/")) {
                relative = cgroupPath;
            } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
                relative = cgroupPath.substring(root.length());
            } else {
                return Optional.empty();
            }
            Path dir = mountPoint.resolve(relative.replaceFirst("^/+", ""));
            return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
        }

        /** mountinfo writes a space, tab, newline or backslash in a path as an octal escape. */
        private static String unescape(String field) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                    out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                    i += 3;
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
