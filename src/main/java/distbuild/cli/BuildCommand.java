package distbuild.cli;

import ch.qos.logback.classic.Level;
import distbuild.client.Client;
import distbuild.model.Graph;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = {
            "Run a build on a running coordinator and print each job's output, prefixed by the job's name.",
            "Exits 0 when the build succeeded, 1 when it failed, 2 when it could not run."
        })
final class BuildCommand implements Callable<Integer> {
    @Option(names = "--coordinator", required = true, paramLabel = "URL",
            description = "The coordinator's base URL, such as http://127.0.0.1:7000/coordinator.")
    URI coordinator;

    @Option(names = "--graph", required = true, paramLabel = "GRAPH.json", description = "The build graph, in the wire format.")
    Path graph;

    @Option(names = "--src", paramLabel = "DIR", description = "The source tree the graph's paths are relative to (default: the graph file's directory).")
    Path src;

    @Mixin
    Logging logging;

    @Override
    public Integer call() throws Exception {
        logging.apply(Level.WARN);
        Graph graph = GraphFile.read(this.graph);
        Path sourceDir = src != null ? src : this.graph.toAbsolutePath().getParent();
        try (Client client = new Client(LoggerFactory.getLogger("distbuild.client"), coordinator)) {
            return ConsoleBuild.run(client, graph, sourceDir, System.out, System.err);
        }
    }
}
