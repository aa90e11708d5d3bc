package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.Digests;
import build.bazel.remote.execution.v2.Action;
import build.bazel.remote.execution.v2.Command;
import build.bazel.remote.execution.v2.Digest;
import build.bazel.remote.execution.v2.Directory;
import build.bazel.remote.execution.v2.DirectoryNode;
import build.bazel.remote.execution.v2.FileNode;
import com.google.protobuf.InvalidProtocolBufferException;
import distbuild.model.Cmd;
import distbuild.model.ContentHash;
import distbuild.model.Graph;
import distbuild.model.Id;
import distbuild.model.Job;
import distbuild.model.Needs;
import distbuild.model.Template;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An action lowered into one job of the seed's model, so that it runs on any worker, ours or the
 * reference design's: the input root becomes the job's source tree, and its commands run there.
 * Lists the worker writes (cat commands, rather than arguments: a tree's paths can pass the limit
 * on a command's) and a shell step lay out what a tree of source files
 * cannot say (empty directories, executable bits, the same content at two paths, the parents of
 * the outputs); then the action's command runs, in an empty environment when it names none; then
 * a last step copies the declared outputs that exist into the job's output directory, at their
 * paths relative to the working directory: the artifact then holds exactly the action's outputs.
 *
 * @param job the job; its ID is derived from the action's digest, so the same action is the same
 *     job and runs once in the cluster
 * @param sourceFiles the seed IDs of the input root's files, by path (one path per content)
 * @param digests the API's digest of each of those files, to name one the store lost meanwhile
 * @param command the action's command, to read its outputs back
 */
record ActionJob(Job job, Map<Id, String> sourceFiles, Map<Id, Digest> digests, Command command) {
    /** Markers between groups of the lay-out list's lines: no path of an input root contains "//". */
    private static final String MKDIR = "//mkdir", COPY = "//copy", CHMOD = "//chmod";
    /** The lay-out list, written by the worker into the output directory and removed once read. */
    private static final String LAY_OUT_LIST = "{{.OutputDir}}/.distbuild-lay-out";
    private static final String LAY_OUT = "set -e; m=; s=; while IFS= read -r a; do case \"$a\" in //*) m=$a; continue;; esac;"
            + " case \"$m\" in //mkdir) mkdir -p -- \"$a\";; //chmod) chmod +x -- \"$a\";;"
            + " //copy) if [ -z \"$s\" ]; then s=$a; else cp -p -- \"$s\" \"$a\"; s=; fi;; esac; done < \"$1\"; rm -f -- \"$1\"";
    /**
     * Copies each declared output that exists: a directory's content into its place (so that an
     * output inside another one lands where it is, not one level deeper), a file as it is. What
     * cannot be copied is said on stderr and left out, as an output the command did not make.
     */
    private static final String COLLECT = "out=$1; while IFS= read -r p; do"
            + " if [ -d \"$p\" ]; then mkdir -p -- \"$out/$p\" && cp -pRL -- \"$p/.\" \"$out/$p/\""
            + " || echo \"distbuild: output $p could not be collected whole\" >&2;"
            + " elif [ -e \"$p\" ]; then mkdir -p -- \"$out/$(dirname -- \"$p\")\" && cp -pL -- \"$p\" \"$out/$p\""
            + " || echo \"distbuild: output $p could not be collected\" >&2; fi; done < \"$2\"; rm -f -- \"$2\"";
    /** The outputs to collect, written beside the lay-out list and removed once read. */
    private static final String COLLECT_LIST = "{{.OutputDir}}/.distbuild-collect";
    /** The most files and directories an input root may hold, counted as laid out (a subtree used twice counts twice). */
    static final int MAX_ENTRIES = 1_000_000;

    Graph graph() {
        return new Graph(sourceFiles, List.of(job));
    }

    /** The outputs the command declares, files and directories alike, relative to its working directory. */
    static List<String> declaredOutputs(Command command) {
        Set<String> all = new LinkedHashSet<>(command.getOutputPathsList());
        all.addAll(command.getOutputFilesList());
        all.addAll(command.getOutputDirectoriesList());
        return List.copyOf(all);
    }

    /**
     * Lowers the action {@code actionDigest}, reading its command and input tree from the store.
     *
     * @param fresh whether it must run again rather than be replayed from a worker's cache (the
     *     client skipped the cache, or the action may not be cached): then it is a job of its own
     *
     * @throws MissingBlobsException naming every blob the action needs that the store lacks
     * @throws IllegalArgumentException for an action or tree the API does not allow
     */
    static ActionJob lower(Digest actionDigest, Action action, BlobStore store, boolean fresh) throws IOException {
        Missing missing = new Missing();
        Command command = missing.read(store, Digests.check(action.getCommandDigest(), "the action's command_digest"), Command::parseFrom);
        Digest rootDigest = Digests.check(action.getInputRootDigest(), "the action's input_root_digest");
        InputTree tree = new InputTree();
        tree.walk(store, missing, rootDigest, "");
        missing.throwIfAny();
        if (command.getArgumentsCount() == 0) {
            throw new IllegalArgumentException("the action's command has no arguments: the first one names the program to run");
        }
        String workDir = relativePath(command.getWorkingDirectory(), "working_directory");
        List<String> outputs = declaredOutputs(command);
        List<String> layOut = new ArrayList<>(List.of(MKDIR));
        layOut.addAll(tree.directories);
        if (!workDir.isEmpty()) {
            layOut.add(workDir);
        }
        for (String output : outputs) {
            String path = join(workDir, relativePath(output, "output path"));
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                layOut.add(path.substring(0, slash));
            }
        }
        layOut.add(COPY);
        tree.copies.forEach(pair -> layOut.addAll(pair));
        layOut.add(CHMOD);
        layOut.addAll(tree.executables);

        for (String line : concat(layOut, outputs)) {
            if (line.contains("\n")) {
                throw new IllegalArgumentException("the path \"" + line.replace("\n", "\\n") + "\" has a line break;"
                        + " this server takes none in an input root's names");
            }
        }

        String inWorkDir = workDir.isEmpty() ? "" : "{{.SourceDir}}/" + Template.literal(workDir);
        List<String> environ = command.getEnvironmentVariablesList().stream()
                .map(variable -> Template.literal(variable.getName() + "=" + variable.getValue())).toList();
        List<String> argv = new ArrayList<>();
        if (environ.isEmpty()) {
            argv.addAll(List.of("env", "-i")); // the API's empty environment, not the worker's (an empty list inherits it)
        }
        command.getArgumentsList().forEach(argument -> argv.add(Template.literal(argument)));
        List<String> collect = List.of("sh", "-c", COLLECT, "distbuild-collect", "{{.OutputDir}}", COLLECT_LIST);

        List<Cmd> cmds = List.of(
                new Cmd.Cat(Template.literal(String.join("\n", layOut) + "\n"), LAY_OUT_LIST),
                new Cmd.Cat(Template.literal(outputs.stream().map(output -> output + "\n").collect(Collectors.joining())),
                        COLLECT_LIST),
                new Cmd.Exec(List.of("sh", "-c", LAY_OUT, "distbuild-lay-out", LAY_OUT_LIST), List.of(), ""),
                new Cmd.Exec(argv, environ, inWorkDir),
                new Cmd.Exec(collect, List.of(), inWorkDir));
        Duration timeout = action.hasTimeout() && (action.getTimeout().getSeconds() > 0 || action.getTimeout().getNanos() > 0)
                ? Duration.ofSeconds(action.getTimeout().getSeconds(), action.getTimeout().getNanos()) : null;
        Needs needs = new Needs(Map.of(), Map.of(), PlatformRequirements.of(action.getPlatform(), command.getPlatform()));
        Job job = new Job(jobIdOf(actionDigest, fresh), name(command, outputs), List.copyOf(tree.files.values()), List.of(), cmds,
                timeout, false, needs);
        return new ActionJob(job, tree.files, tree.digests, command);
    }

    /**
     * The seed ID an action runs under: the same action is the same job, cached and shared as jobs
     * are; an action that must run fresh is a job never seen before.
     */
    static Id jobIdOf(Digest actionDigest, boolean fresh) {
        ContentHash hash = new ContentHash("distbuild-reapi-action-v1").add(Digests.text(actionDigest));
        return (fresh ? hash.add("fresh " + java.util.UUID.randomUUID()) : hash).build();
    }

    /** What the dashboard shows: the program and the first output, such as {@code gcc bazel-out/…/hello.o}. */
    private static String name(Command command, List<String> outputs) {
        String program = command.getArguments(0);
        program = program.substring(program.lastIndexOf('/') + 1);
        return outputs.isEmpty() ? program : program + " " + outputs.getFirst();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static String join(String dir, String path) {
        return dir.isEmpty() ? path : dir + "/" + path;
    }

    /** A path the API calls relative: no leading slash, no "." or ".." or empty components. */
    static String relativePath(String path, String what) {
        if (path.isEmpty()) {
            return path;
        }
        if (path.startsWith("/")) {
            throw new IllegalArgumentException("the command's " + what + " \"" + path + "\" is absolute; the API wants"
                    + " paths relative to the input root");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("the command's " + what + " \"" + path
                        + "\" has an empty, \".\" or \"..\" component; it must stay inside the input root");
            }
        }
        return path;
    }

    /** The input root flattened: every file's seed ID by path, its directories, and what the layout step must do. */
    private static final class InputTree {
        final Map<Id, String> files = new LinkedHashMap<>();
        final Map<Id, Digest> digests = new LinkedHashMap<>();
        final List<String> directories = new ArrayList<>();
        final List<List<String>> copies = new ArrayList<>();
        final List<String> executables = new ArrayList<>();
        private long entries;

        void walk(BlobStore store, Missing missing, Digest digest, String at) throws IOException {
            Directory directory = missing.read(store, Digests.check(digest, "directory " + describe(at)), Directory::parseFrom);
            if (directory == null) {
                return;
            }
            if (!at.isEmpty()) {
                directories.add(at);
            }
            entries += 1 + directory.getFilesCount();
            if (entries > MAX_ENTRIES) {
                throw new IllegalArgumentException("the input root holds more than " + MAX_ENTRIES + " files and directories"
                        + " as laid out; this server takes no more");
            }
            if (directory.getSymlinksCount() > 0) {
                throw new IllegalArgumentException("directory " + describe(at) + " holds symbolic links ("
                        + directory.getSymlinks(0).getName() + "): this server takes regular files and directories only");
            }
            for (FileNode file : directory.getFilesList()) {
                String path = join(at, name(file.getName(), at));
                Digest fileDigest = Digests.check(file.getDigest(), "file " + path);
                store.idOf(fileDigest).ifPresentOrElse(id -> {
                    digests.put(id, fileDigest);
                    String first = files.putIfAbsent(id, path);
                    if (first != null) {
                        copies.add(List.of(first, path)); // a map of source files holds one path per content
                    }
                }, () -> missing.add(fileDigest));
                if (file.getIsExecutable()) {
                    executables.add(path);
                }
            }
            for (DirectoryNode child : directory.getDirectoriesList()) {
                walk(store, missing, child.getDigest(), join(at, name(child.getName(), at)));
            }
        }

        private static String name(String name, String at) {
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("directory " + describe(at) + " has an entry named \"" + name
                        + "\": a name is one path component, not empty, \".\" or \"..\"");
            }
            return name;
        }

        private static String describe(String at) {
            return at.isEmpty() ? "the input root" : "\"" + at + "\"";
        }
    }

    /** The blobs found missing while reading an action, all of them, so that one answer names every one. */
    static final class Missing {
        private final Set<Digest> digests = new LinkedHashSet<>();

        void add(Digest digest) {
            digests.add(digest);
        }

        interface Parser<T> {
            T parse(com.google.protobuf.ByteString bytes) throws InvalidProtocolBufferException;
        }

        /** The message stored as {@code digest}, or null (noted as missing) if the store lacks it. */
        <T> T read(BlobStore store, Digest digest, Parser<T> parser) throws IOException {
            if (!store.has(digest)) {
                digests.add(digest);
                return null;
            }
            try {
                return parser.parse(store.read(digest));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("blob " + Digests.text(digest) + " is not the message it should be: "
                        + e.getMessage());
            } catch (BlobStore.BlobNotFoundException evicted) {
                digests.add(digest);
                return null;
            }
        }

        void throwIfAny() {
            if (!digests.isEmpty()) {
                throw new MissingBlobsException(List.copyOf(digests));
            }
        }
    }

    /** Blobs an action needs that the store lacks: answered as {@code FAILED_PRECONDITION} naming each. */
    static final class MissingBlobsException extends RuntimeException {
        private final List<Digest> missing;

        MissingBlobsException(List<Digest> missing) {
            super(missing.size() + " blob(s) the action needs are not in the store, such as " + Digests.text(missing.getFirst()));
            this.missing = missing;
        }

        List<Digest> missing() {
            return missing;
        }
    }
}
