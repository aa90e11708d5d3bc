package distbuild.ninjaplan;

import distbuild.includes.CompileCommand;
import distbuild.includes.IncludeScanException;
import distbuild.includes.IncludeScanner;
import distbuild.includes.ParsedCommand;
import distbuild.includes.ScanMemo;
import distbuild.includes.ScanResult;
import distbuild.includes.ScanScope;
import distbuild.includes.ScanSession;
import distbuild.ninja.NinjaEdge;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compile's reads found by scanning its includes ({@link IncludeScanner}) before it runs; a
 * command that is not a compile reads what its edge declares. A compile the scanner cannot follow
 * (an unknown compiler, a shell expansion in its command) must run on the client.
 */
final class ScannedIncludes implements InputDiscovery {
    /** Where the scans of one build are remembered for the next, beside ninja's own records. */
    static final String MEMO_FILE = ".distbuild-scans";

    private final IncludeScanner scanner = new IncludeScanner();
    private final TreeLayout layout;
    private Set<Path> generated = Set.of();
    private ScanSession session;
    /** Read at the first plan, written after each. */
    private ScanMemo memo;

    ScannedIncludes(TreeLayout layout) {
        this.layout = layout;
    }

    /** A new session over the shared caches, knowing the files this build's edges make (and no other edge's). */
    @Override
    public void lookAgain(Set<Path> generated) {
        this.generated = Set.copyOf(generated);
        if (memo == null) {
            memo = ScanMemo.load(layout.buildDir().resolve(MEMO_FILE));
        }
        session = scanner.session(new ScanScope(List.of(layout.sourceDir(), layout.buildDir()), this.generated), memo);
    }

    /** Keeps this plan's scans for the next build; one that cannot be written is scanned again then. */
    @Override
    public void planned() {
        if (memo != null) {
            memo.save();
        }
    }

    /**
     * The build's own files a command that is not a compile names among its words, which the
     * worker must have although the edge does not declare them: a CMake custom command copies a
     * source it does not declare ({@code cmake -E copy /src/doc/tool.1 .}), and Meson links against
     * a shared library it declares only through its symbols file. Words are read relative to the
     * directory the command is in at that point ({@code cd DIR &&}); the edge's own outputs are left
     * out, and so are directories (what the edge declares of those stands).
     */
    private Set<Path> filesNamedIn(NinjaEdge edge) {
        Set<Path> own = new java.util.HashSet<>();
        edge.allOutputs().forEach(output -> own.add(layout.buildDir().resolve(output).normalize()));
        Set<Path> files = new LinkedHashSet<>();
        Path cwd = layout.buildDir();
        for (List<String> simple : ShellWords.simpleCommands(edge.command())) {
            if (simple.size() == 2 && simple.getFirst().equals("cd")) {
                cwd = cwd.resolve(simple.get(1)).normalize();
                continue;
            }
            for (String word : simple) {
                for (String candidate : pathsIn(word)) {
                    Path path;
                    try {
                        path = cwd.resolve(candidate).normalize();
                    } catch (java.nio.file.InvalidPathException notAPath) {
                        continue;
                    }
                    if (layout.treePath(path).isEmpty() || own.contains(path)) {
                        continue;
                    }
                    if (generated.contains(path) || java.nio.file.Files.isRegularFile(path)) {
                        files.add(path);
                    }
                }
            }
        }
        return files;
    }

    /**
     * What in a word may be a path: the word, what follows an {@code =}, and each part of an
     * option passed on through commas ({@code -Wl,--version-script,libjpeg.map}).
     */
    private static List<String> pathsIn(String word) {
        List<String> candidates = new java.util.ArrayList<>();
        if (!word.startsWith("-")) {
            candidates.add(word);
        }
        int equals = word.indexOf('=');
        if (equals >= 0 && equals + 1 < word.length()) {
            candidates.add(word.substring(equals + 1));
        }
        if (word.startsWith("-W") && word.contains(",")) {
            for (String part : word.split(",")) {
                if (!part.isEmpty() && !part.startsWith("-")) {
                    candidates.add(part.contains("=") ? part.substring(part.indexOf('=') + 1) : part);
                }
            }
        }
        return candidates;
    }

    @Override
    public Reads readsOf(NinjaEdge edge) {
        Path buildDir = layout.buildDir();
        Map<Path, String> rsp = edge.rspfile().isEmpty() ? Map.of()
                : Map.of(buildDir.resolve(edge.rspfile()).normalize(), edge.rspfileContent());
        return switch (CompileCommand.parse(edge.command(), buildDir, rsp)) {
            case ParsedCommand.NotACompile notACompile -> new Reads.Known(filesNamedIn(edge), List.of());
            case ParsedCommand.Unsupported unsupported -> new Reads.Unknowable(unsupported.why());
            case ParsedCommand.Compile compile -> {
                ScanResult result;
                try {
                    result = session.scan(compile.command());
                } catch (IncludeScanException e) {
                    yield new Reads.Unknowable("its includes could not be scanned: " + e.getMessage());
                }
                if (!result.isComplete()) {
                    yield new Reads.AfterGenerated(result.notYetGenerated());
                }
                for (Path file : result.systemFiles()) {
                    if (!TreeLayout.isMachineFile(file)) {
                        yield new Reads.Unknowable("it reads " + file + ", which lies outside the source and build"
                                + " directories and outside the machine's system directories: only this machine has it");
                    }
                }
                Set<Path> reads = new LinkedHashSet<>(result.shippedFiles());
                reads.addAll(result.generatedFiles());
                yield new Reads.Known(reads, result.systemDirectories().stream().filter(TreeLayout::isMachineFile).toList());
            }
        };
    }
}
