package distbuild.cli;

import distbuild.security.CredentialsDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = {
            "Create the credentials of a new cluster in DIR: a client token and a worker token and, with --tls-host,",
            "a certificate authority and a certificate for those hosts (made with openssl). DIR gets one directory",
            "per kind of process; copy each to the machines of that kind and pass it as --credentials:",
            "  DIR/coordinator  to the coordinator (both tokens; its TLS certificate and key)",
            "  DIR/worker       to every worker     (worker token; the workers' TLS certificate and key)",
            "  DIR/client       to everyone who runs builds (client token; the CA to check the coordinator)",
            "Existing credentials are never overwritten."
        })
final class CredentialsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "A new (or empty) directory to create the credentials in.")
    Path dir;

    @Option(names = "--tls-host", paramLabel = "HOST", description = {
        "A host name or IP address the coordinator and workers are reached at (repeatable); with any, TLS files",
        "are made as well. Include every name in the URLs clients and workers use, such as 127.0.0.1 for loopback."})
    List<String> tlsHosts = new ArrayList<>();

    @Option(names = "--worker", paramLabel = "NAME[=HOST,...]", description = {
        "Give the worker NAME a credential of its own (repeatable), in DIR/worker-NAME: the coordinator then knows each",
        "worker by it, binds each worker ID to one, and shuts a worker out at once when its name is added to",
        "DIR/coordinator/revoked-workers. The shared worker token then serves only workers' calls to each other.",
        "With TLS, the worker also gets a certificate and key of its own, naming only the hosts it is reached at:",
        "give them as NAME=HOST,... (required with --tls-host)."})
    List<String> workers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CredentialsDirectory.create(dir, tlsHosts, workers);
        String scheme = tlsHosts.isEmpty() ? "http" : "https";
        System.out.println("created credentials in " + dir + (tlsHosts.isEmpty() ? " (tokens only, no TLS)"
                : " (tokens and TLS for " + String.join(", ", tlsHosts) + ")") + ". Then:");
        System.out.println("  distbuild coordinator --listen HOST:7000 --data DATA --credentials " + dir.resolve("coordinator"));
        System.out.println("  distbuild worker --coordinator " + scheme + "://HOST:7000/coordinator --listen HOST:0 --data DATA"
                + " --credentials " + (workers.isEmpty() ? dir.resolve("worker") : dir.resolve("worker-" + workers.getFirst().replaceFirst("=.*", ""))
                        + (workers.size() > 1 ? "   (each worker its own worker-NAME)" : "")));
        System.out.println("  distbuild build --coordinator " + scheme + "://HOST:7000/coordinator --credentials "
                + dir.resolve("client"));
        System.out.println("  (" + dir.resolve("cache-reader") + " holds a token that only reads the shared caches under /cache/)");
        return 0;
    }
}
