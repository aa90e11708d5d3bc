package distbuild.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain copy over loopback HTTP, the baseline of an artifact transfer: a static file server
 * ({@code python3 -m http.server}, or the JDK's {@code jwebserver} where there is no python3) and
 * {@code curl} (or, without curl, the JDK's HTTP client) saving the file to disk.
 */
final class LoopbackCopy implements AutoCloseable {
    private final Server server;
    private final int port;
    private final String serverName;

    private LoopbackCopy(Server server, int port, String serverName) {
        this.server = server;
        this.port = port;
        this.serverName = serverName;
    }

    /** Serves the files of {@code dir} on a free loopback port, once it accepts connections. */
    static LoopbackCopy serve(Bench bench, Path dir) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        boolean python = onPath("python3");
        List<String> command = python
                ? List.of("python3", "-m", "http.server", Integer.toString(port), "--bind", "127.0.0.1", "--directory", dir.toString())
                : List.of(bench.java().resolveSibling("jwebserver").toString(), "-b", "127.0.0.1", "-p", Integer.toString(port),
                        "-d", dir.toString(), "-o", "none");
        Server server = Server.start("static file server", command, dir, Map.of(), bench.logFile("static-server"));
        LoopbackCopy copy = new LoopbackCopy(server, port, python ? "`python3 -m http.server`" : "`jwebserver`");
        try {
            await("the static file server to listen on port " + port).atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                if (!server.isAlive()) {
                    throw new IllegalStateException("the static file server exited:\n" + server.output());
                }
                return accepts(port);
            });
            return copy;
        } catch (Exception | Error e) {
            copy.close();
            throw e;
        }
    }

    String url(String file) {
        return "http://127.0.0.1:" + port + "/" + file;
    }

    /** How the copy was made, for the notes. */
    String describe() {
        return (onPath("curl") ? "`curl`" : "the JDK's HTTP client") + " of a file served by " + serverName;
    }

    /** Downloads {@code url} into {@code file}; returns the wall time in nanoseconds. */
    static long download(Bench bench, String url, Path file) throws Exception {
        if (onPath("curl")) {
            return bench.run(List.of("curl", "-sSf", "-o", file.toString(), url), file.getParent()).check().nanos();
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            long start = System.nanoTime();
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            long nanos = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + " answered " + response.statusCode());
            }
            return nanos;
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }
}
