package distbuild.cli;

import distbuild.protocol.WireFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {
            "Print the wire graph (SPEC §4) a build file turns into: every job with its content ID,",
            "inputs, deps and the commands a worker runs. Nothing is built."
        })
final class GraphCommand implements Callable<Integer> {
    @Mixin
    BuildSource source;

    @Override
    public Integer call() throws Exception {
        System.out.println(WireFormat.encodeIndented(source.load().plan().graph()));
        return 0;
    }
}
