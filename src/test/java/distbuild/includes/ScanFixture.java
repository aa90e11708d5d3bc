package distbuild.includes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A tree to scan compiles in, with the real gcc to hold each scan to. */
final class ScanFixture {
    /** One per test run: asking gcc for its directories once per toolchain is the point of it. */
    static final CompilerSearchPaths COMPILERS = new CompilerSearchPaths();

    final Tree tree;
    final IncludeScanner scanner = new IncludeScanner(new DirectiveCache(), COMPILERS);

    ScanFixture(Path dir) {
        this.tree = new Tree(dir);
    }

    CompileCommand compile(String command) {
        return compile(command, "");
    }

    /** {@code command} parsed in {@code directory} (relative to the tree), which must be a compile. */
    CompileCommand compile(String command, String directory) {
        ParsedCommand parsed = CompileCommand.parse(command, tree.path(directory));
        assertThat(parsed).as("parsed %s", command).isInstanceOf(ParsedCommand.Compile.class);
        return ((ParsedCommand.Compile) parsed).command();
    }

    ScanResult scan(String command) {
        return scan(compile(command), Set.of());
    }

    ScanResult scan(CompileCommand compile, Set<String> generated) {
        ScanScope scope = new ScanScope(List.of(tree.root()), generated.stream().map(tree::path).collect(
                java.util.stream.Collectors.toSet()));
        return scanner.session(scope).scan(compile);
    }

    /** Scans {@code command} and fails, naming them, if gcc reads a file the scan did not find. */
    ScanResult scanNeverMissing(String command) {
        return scanNeverMissing(command, "");
    }

    ScanResult scanNeverMissing(String command, String directory) {
        RealGcc.assumeInstalled();
        CompileCommand compile = compile(command, directory);
        ScanResult result = scan(compile, Set.of());
        assertThat(RealGcc.missedBy(result, compile)).as("files gcc reads for '%s' that the scan missed", command)
                .isEmpty();
        return result;
    }

    Set<String> shipped(ScanResult result) {
        return tree.relative(result.shippedFiles());
    }
}
