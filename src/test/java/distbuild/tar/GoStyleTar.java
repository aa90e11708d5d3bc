package distbuild.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds tar archives byte by byte the way Go's {@code archive/tar} writes them — USTAR headers,
 * PAX 'x' headers for names longer than 100 bytes, two zero blocks at the end and no padding to
 * a 10 KiB record — so the reader is tested against that layout and not against our own writer.
 */
final class GoStyleTar {
    private static final int BLOCK = 512;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    GoStyleTar file(String name, int mode, String content) {
        return entry(name, mode, '0', content.getBytes(StandardCharsets.UTF_8));
    }

    GoStyleTar directory(String name, int mode) {
        return entry(name, mode, '5', new byte[0]);
    }

    /** A file with a name too long for the header, carried in a PAX extended header before it. */
    GoStyleTar fileWithLongName(String name, int mode, String content) {
        int slash = name.lastIndexOf('/');
        // Go names the extended header after the file: "<dir>/PaxHeaders.0/<base>", cut to 100 bytes.
        String paxName = name.substring(0, slash + 1) + "PaxHeaders.0/" + name.substring(slash + 1);
        entry(paxName.substring(0, Math.min(100, paxName.length())), 0644, 'x', paxRecord("path", name));
        // The USTAR name field then holds as much of the name as fits.
        return entry(name.substring(0, 100), mode, '0', content.getBytes(StandardCharsets.UTF_8));
    }

    /** Any header and data; typeflag '\0' is the legacy flag for a regular file. */
    GoStyleTar entry(String name, int mode, char typeflag, byte[] data) {
        out.writeBytes(header(name, mode, data.length, typeflag));
        out.writeBytes(data);
        out.writeBytes(new byte[padding(data.length)]);
        return this;
    }

    byte[] finish() {
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /** Without the two zero blocks: an archive whose transfer was cut between entries. */
    byte[] cutOffBeforeEnd() {
        return out.toByteArray();
    }

    private static byte[] header(String name, int mode, long size, char typeflag) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name);
        put(header, 100, 8, octal(mode, 7));
        put(header, 108, 8, octal(1000, 7)); // uid
        put(header, 116, 8, octal(1000, 7)); // gid
        put(header, 124, 12, octal(size, 11));
        put(header, 136, 12, octal(1_700_000_000L, 11)); // mtime
        header[156] = (byte) typeflag;
        put(header, 257, 6, "ustar\0");
        put(header, 263, 2, "00");
        put(header, 265, 32, "gopher"); // uname
        put(header, 297, 32, "gopher"); // gname
        put(header, 329, 8, octal(0, 7)); // devmajor
        put(header, 337, 8, octal(0, 7)); // devminor
        // The checksum is computed with its own field taken as eight spaces.
        Arrays.fill(header, 148, 156, (byte) ' ');
        int checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, 8, octal(checksum, 6) + " ");
        return header;
    }

    /** A PAX record "<length> <key>=<value>\n", where length counts the whole record, itself included. */
    private static byte[] paxRecord(String key, String value) {
        String rest = " " + key + "=" + value + "\n";
        int length = rest.length() + 1;
        while (String.valueOf(length).length() + rest.length() != length) {
            length++;
        }
        return (length + rest).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code digits} octal digits and a NUL, as Go's formatter writes numeric fields. */
    private static String octal(long value, int digits) {
        String text = Long.toOctalString(value);
        return "0".repeat(digits - text.length()) + text + "\0";
    }

    private static void put(byte[] header, int offset, int length, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IllegalArgumentException("\"" + text + "\" does not fit in " + length + " bytes");
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static int padding(int size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }
}
