package distbuild.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer on a loopback socket that does whatever the test says with each connection, down to the
 * bytes: answers cut short, bodies that stop half-way, connections held open and silent.
 */
public final class RawHttpPeer implements AutoCloseable {
    /** What the peer does with one connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new ArrayList<>();

    public RawHttpPeer(Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    synchronized (sockets) {
                        sockets.add(socket);
                    }
                    Thread.ofVirtual().start(() -> {
                        try {
                            behaviour.serve(socket);
                        } catch (IOException e) {
                            // the other side hung up
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Reads the request line and the headers, up to the blank line that ends them (a GET has no body); returns the request line. */
    public static String readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            head.append((char) b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        int lineEnd = head.indexOf("\r\n");
        return lineEnd < 0 ? head.toString() : head.substring(0, lineEnd);
    }

    @Override
    public void close() throws Exception {
        server.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        acceptor.join();
    }
}
