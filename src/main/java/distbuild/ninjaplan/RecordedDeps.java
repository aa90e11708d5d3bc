package distbuild.ninjaplan;

import distbuild.ninja.Depfile;
import distbuild.ninja.DepsStyle;
import distbuild.ninja.NinjaDeps;
import distbuild.ninja.NinjaEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What an edge read when it was last built, as ninja recorded it: its entry in the build
 * directory's {@code .ninja_deps} (for {@code deps = gcc}), or its depfile left in the build
 * directory. Known only after a first build; the include scan covers a clean tree.
 */
final class RecordedDeps implements InputDiscovery {
    private final Path buildDir;
    private final Map<String, NinjaDeps.Entry> log;

    RecordedDeps(Path buildDir) throws IOException {
        this.buildDir = buildDir;
        Map<String, NinjaDeps.Entry> read;
        try {
            read = NinjaDeps.read(buildDir.resolve(".ninja_deps"));
        } catch (distbuild.ninja.MalformedNinjaFileException e) {
            read = Map.of(); // ninja starts afresh with a damaged log; the scan covers the headers
        }
        this.log = read;
    }

    @Override
    public Reads readsOf(NinjaEdge edge) throws IOException {
        Set<Path> reads = new LinkedHashSet<>();
        for (String output : edge.outputs()) {
            NinjaDeps.Entry entry = log.get(output);
            if (entry != null) {
                entry.inputs().forEach(input -> reads.add(buildDir.resolve(input).normalize()));
            }
        }
        if (edge.deps() == DepsStyle.NONE && !edge.depfile().isEmpty()) {
            Path depfile = buildDir.resolve(edge.depfile());
            if (Files.isRegularFile(depfile)) {
                try {
                    Depfile.parse(Files.readString(depfile)).inputs().forEach(input -> reads.add(buildDir.resolve(input).normalize()));
                } catch (RuntimeException unreadable) {
                    // a damaged depfile tells nothing; ninja would rebuild the edge
                }
            }
        }
        return new Reads.Known(reads, java.util.List.of());
    }
}
