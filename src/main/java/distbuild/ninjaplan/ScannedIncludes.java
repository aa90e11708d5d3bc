package distbuild.ninjaplan;

import distbuild.includes.CompileCommand;
import distbuild.includes.IncludeScanException;
import distbuild.includes.IncludeScanner;
import distbuild.includes.ParsedCommand;
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
    private final IncludeScanner scanner = new IncludeScanner();
    private final TreeLayout layout;
    private final Set<Path> generated;
    private ScanSession session;

    ScannedIncludes(TreeLayout layout, Set<Path> generated) {
        this.layout = layout;
        this.generated = Set.copyOf(generated);
        lookAgain();
    }

    @Override
    public void lookAgain() {
        session = scanner.session(new ScanScope(List.of(layout.sourceDir(), layout.buildDir()), generated));
    }

    @Override
    public Reads readsOf(NinjaEdge edge) {
        Path buildDir = layout.buildDir();
        Map<Path, String> rsp = edge.rspfile().isEmpty() ? Map.of()
                : Map.of(buildDir.resolve(edge.rspfile()).normalize(), edge.rspfileContent());
        return switch (CompileCommand.parse(edge.command(), buildDir, rsp)) {
            case ParsedCommand.NotACompile notACompile -> new Reads.Known(Set.of(), List.of());
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
                Set<Path> reads = new LinkedHashSet<>(result.shippedFiles());
                reads.addAll(result.generatedFiles());
                yield new Reads.Known(reads, result.systemDirectories());
            }
        };
    }
}
