package distbuild.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A download that fails once a read has waited too long for its peer: a read timeout. The JDK's
 * HTTP client bounds the wait for an answer to begin, but a body that stops half-way would block
 * its reader for ever (a peer that hung, a network that dropped it): a watchdog closes the stream
 * then, which ends the blocked read, and the reader gets an {@link IOException} that says why.
 * Only time spent inside a read counts, so a reader that pauses (writing to a slow client) is not
 * taken for a silent peer.
 */
final class SilenceLimitedStream extends FilterInputStream {
    private final Duration limit;
    private final String source;
    private final Thread watchdog;
    /** When the read now blocked began; 0 when no read is going on. */
    private volatile long readingSince;
    private volatile boolean timedOut;

    SilenceLimitedStream(InputStream in, Duration limit, String source) {
        super(in);
        this.limit = limit;
        this.source = source;
        this.watchdog = Thread.ofVirtual().name("silence-watchdog").start(this::watch);
    }

    private void watch() {
        try {
            while (true) {
                Thread.sleep(Math.max(1, limit.toMillis() / 4)); // a watchdog's tick, not a wait for an event
                long since = readingSince;
                if (since != 0 && System.nanoTime() - since > limit.toNanos()) {
                    timedOut = true;
                    in.close(); // ends the blocked read
                    return;
                }
            }
        } catch (InterruptedException | IOException stopped) {
            // closed by the reader, or closing failed: either way nothing more to watch
        }
    }

    @Override
    public int read() throws IOException {
        readingSince = System.nanoTime();
        try {
            return endOrFailure(in.read());
        } catch (IOException e) {
            throw explained(e);
        } finally {
            readingSince = 0;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        readingSince = System.nanoTime();
        try {
            return endOrFailure(in.read(buffer, offset, length));
        } catch (IOException e) {
            throw explained(e);
        } finally {
            readingSince = 0;
        }
    }

    /** A read's result; but an end that came only because the watchdog closed the stream is a failure, never a short body. */
    private int endOrFailure(int result) throws IOException {
        if (result < 0 && timedOut) {
            throw explained(new IOException("closed by the watchdog"));
        }
        return result;
    }

    private IOException explained(IOException e) {
        return timedOut ? new IOException(source + " sent nothing for " + limit.toSeconds() + " s; gave up on it", e) : e;
    }

    @Override
    public void close() throws IOException {
        watchdog.interrupt();
        super.close();
    }
}
