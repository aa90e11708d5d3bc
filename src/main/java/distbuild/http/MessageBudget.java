package distbuild.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the memory that request bodies read whole (JSON messages, parsed into trees) can take
 * while they are being read. Each message takes permits for its bytes as they arrive and gives them
 * back once read (or when its request ends); one that would go over the budget waits a while, then is refused with a 503,
 * so a flood of large messages slows its senders instead of exhausting the heap. One message
 * may not be larger than {@link #maxMessageBytes()} (a 413).
 */
public final class MessageBudget {
    /** A heartbeat carrying several jobs' whole output (4 MiB of stdout and of stderr each) fits. */
    public static final long DEFAULT_MAX_MESSAGE = 128L << 20;
    /** Two messages of the largest size at once; everything smaller shares it. */
    public static final long DEFAULT_BUDGET = 256L << 20;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    /** Permits are kilobytes, so a budget of gigabytes fits an int. */
    private static final int UNIT = 1024;

    /** The one budget of this process: memory is the process's, whatever server a request came to. */
    public static final MessageBudget SHARED = new MessageBudget(DEFAULT_MAX_MESSAGE, DEFAULT_BUDGET, DEFAULT_WAIT);

    private final long maxMessageBytes;
    private final Semaphore permits;
    private final Duration wait;

    /** @param wait how long a message waits for room in the budget before it is refused */
    public MessageBudget(long maxMessageBytes, long budgetBytes, Duration wait) {
        if (maxMessageBytes > budgetBytes) {
            throw new IllegalArgumentException("a message (" + maxMessageBytes + " bytes) cannot be larger than the budget ("
                    + budgetBytes + ")");
        }
        this.maxMessageBytes = maxMessageBytes;
        this.permits = new Semaphore(Math.toIntExact(budgetBytes / UNIT), true);
        this.wait = wait;
    }

    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Permits not taken right now, in bytes. */
    public long availableBytes() {
        return (long) permits.availablePermits() * UNIT;
    }

    /**
     * {@code body} read against the budget; what it took is given back when it is read to its end
     * or closed, or at the latest when its request ends (the exchange releases it).
     *
     * @param declaredLength the request's Content-Length, or -1; a declared length over the
     *     limit is refused before a byte is read
     */
    Metered meter(InputStream body, long declaredLength) {
        if (declaredLength > maxMessageBytes) {
            throw tooLarge(declaredLength);
        }
        return new Metered(body);
    }

    private RequestException tooLarge(long bytes) {
        return new RequestException(413, "the request body is " + (bytes > maxMessageBytes ? "over " : "")
                + maxMessageBytes + " bytes, more than a message may be here");
    }

    /**
     * A body whose bytes are paid for as they are read. Its own {@code InputStream}, not a filter:
     * every read, bulk ones included, must come through {@link #read(byte[], int, int)} to be paid for.
     */
    final class Metered extends InputStream {
        private final InputStream in;
        private long read;
        private int held;
        private boolean released;

        private Metered(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                // Read whole: what it becomes is the endpoint's to keep (a build's graph lives as long as the
                // build). The budget bounds messages being read at once, not the state they turn into.
                release();
            }
            if (n > 0) {
                read += n;
                if (read > maxMessageBytes) {
                    throw tooLarge(read);
                }
                pay(read);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        /** Jackson closes what it parsed from once it has the whole message, which seldom ends in a read of -1. */
        @Override
        public void close() throws IOException {
            release();
            in.close();
        }

        @Override
        public long skip(long n) throws IOException {
            int n32 = (int) Math.min(n, 8192);
            return Math.max(0, read(new byte[n32], 0, n32)); // skipped bytes count like read ones
        }

        /** Holds permits for at least {@code bytes} bytes, waiting for them if the budget is spent. */
        private void pay(long bytes) throws IOException {
            if (released) {
                return;
            }
            int needed = Math.toIntExact((bytes + UNIT - 1) / UNIT) - held;
            if (needed <= 0) {
                return;
            }
            // Take a little ahead, so a message read in small pieces does not touch the semaphore for each.
            int taking = Math.max(needed, Math.min(64, Math.toIntExact(maxMessageBytes / UNIT) - held));
            try {
                if (!permits.tryAcquire(taking, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new RequestException(503, "the server is busy reading other large requests; try again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting to read a request");
            }
            held += taking;
        }

        /** Gives the permits back: at the end of the message, or of its request if it was not read to the end. */
        void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            permits.release(held);
        }
    }
}
