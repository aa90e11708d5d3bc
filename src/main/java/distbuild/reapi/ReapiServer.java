package distbuild.reapi;

import distbuild.store.BlobStore;
import distbuild.store.ActionResults;
import distbuild.security.Credentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The API's gRPC port: its services over one store, one action cache and one table of operations,
 * one virtual thread per call. TLS and the client role's token as the coordinator's own port has them.
 */
public final class ReapiServer implements AutoCloseable {
    /** Room for a batch at its limit and the message around it. */
    static final int MAX_MESSAGE_BYTES = 8 << 20;

    private final Logger log;
    private final Server server;
    private final ExecutorService calls;

    private ReapiServer(Logger log, Server server, ExecutorService calls) {
        this.log = log;
        this.server = server;
        this.calls = calls;
    }

    /** Starts serving on {@code address} (port 0 for any free one). */
    public static ReapiServer start(Logger log, InetSocketAddress address, ReapiBackend backend, Credentials credentials)
            throws IOException {
        Files.createDirectories(backend.dataDir());
        BlobStore store = backend.store().blobs();
        ActionResults cache = backend.store().actions();
        ReapiMetrics metrics = new ReapiMetrics(backend.metrics());
        Operations operations = new Operations(backend.dataDir().resolve("operations"));
        ActionRunner runner = new ActionRunner(log, backend, store, cache, operations, metrics);
        CallerContext callers = new CallerContext(credentials.gate());

        ServerCredentials transport = credentials.serverKeyManagers()
                .<ServerCredentials>map(keys -> TlsServerCredentials.newBuilder().keyManager(keys).build())
                .orElse(InsecureServerCredentials.create());
        ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("reapi-call-", 0).factory());
        InetSocketAddress bound = address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        Server server = NettyServerBuilder.forAddress(bound, transport)
                .executor(calls)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(new CapabilitiesService(), callers))
                .addService(ServerInterceptors.intercept(new CasService(log, store, metrics), callers))
                .addService(ServerInterceptors.intercept(new ByteStreamService(log, store, metrics), callers))
                .addService(ServerInterceptors.intercept(new ActionCacheService(log, cache, metrics), callers))
                .addService(ServerInterceptors.intercept(new ExecutionService(log, runner, operations), callers))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            calls.shutdownNow();
            throw new IOException("cannot serve the Remote Execution API on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        log.info("serving the Remote Execution API on {}://{}:{}", credentials.serves() ? "grpcs" : "grpc",
                address.getHostString(), server.getPort());
        return new ReapiServer(log, server, calls);
    }

    public int port() {
        return server.getPort();
    }

    /** Stops taking calls, lets those running end for a few seconds, then cuts them. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                log.info("cutting the Remote Execution API's calls still running");
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            calls.shutdownNow();
        }
    }
}
