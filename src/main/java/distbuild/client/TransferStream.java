package distbuild.client;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An artifact's body as it arrives, marking the failures that are the transfer's own: a read
 * that fails is the network or the sender breaking off (worth another try), while everything else
 * the unpacking throws — an unsafe entry, a full disk — is not. Without the mark the two look alike.
 */
final class TransferStream extends FilterInputStream {
    TransferStream(InputStream in) {
        super(in);
    }

    /** Whether {@code failure} came from the transfer breaking off rather than from what was sent. */
    static boolean brokeOff(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // An archive that ends before its end marker was cut off on the way, too.
            if (cause instanceof BrokenOff || cause instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw new BrokenOff(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            throw new BrokenOff(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw new BrokenOff(e);
        }
    }

    private static final class BrokenOff extends IOException {
        BrokenOff(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
