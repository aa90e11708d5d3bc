package distbuild.ninjaplan;

import distbuild.ninja.NinjaEdge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The scan's answer, widened by what ninja recorded of a last build: a file either names is sent.
 * When the scan cannot tell, or must wait for generated headers, that stands.
 */
final class BothDiscoveries implements InputDiscovery {
    private final InputDiscovery scan;
    private final InputDiscovery recorded;

    BothDiscoveries(InputDiscovery scan, InputDiscovery recorded) {
        this.scan = scan;
        this.recorded = recorded;
    }

    @Override
    public Reads readsOf(NinjaEdge edge) throws IOException {
        Reads scanned = scan.readsOf(edge);
        if (scanned instanceof Reads.Known known && recorded.readsOf(edge) instanceof Reads.Known before) {
            Set<Path> files = new LinkedHashSet<>(known.files());
            files.addAll(before.files());
            return new Reads.Known(files, known.machineDirectories());
        }
        return scanned;
    }

    @Override
    public void lookAgain(Set<Path> generated) {
        scan.lookAgain(generated);
        recorded.lookAgain(generated);
    }

    @Override
    public void planned() {
        scan.planned();
        recorded.planned();
    }
}
