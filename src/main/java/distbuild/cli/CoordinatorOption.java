package distbuild.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** {@code --coordinator URL}: where the coordinator a client or worker talks to is. */
final class CoordinatorOption {
    @Option(names = "--coordinator", required = true, paramLabel = "URL",
            description = "The coordinator's base URL, such as http://127.0.0.1:7000/coordinator.")
    URI url;
}
