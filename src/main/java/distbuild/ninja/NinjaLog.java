package distbuild.ninja;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ninja's build log, {@code .ninja_log}, version 5 (ninja 1.10 and 1.11): after a header line,
 * one tab-separated line per output built: start and end (milliseconds since the build
 * started), the output's mtime (decimal), its path and the hash of the command that built it
 * (hexadecimal, without leading zeros, as ninja 1.11 writes and reads it). Ninja
 * rebuilds an output whose command's hash changed or whose logged mtime is older than its
 * newest input. Knows nothing of the graph: the caller hashes what it ran.
 */
public final class NinjaLog {
    public static final String HEADER = "# ninja log v5";
    private static final long SEED = 0xDECAFBADDECAFBADL;
    private static final long MULTIPLIER = 0xc6a4a7935bd1e995L;

    /**
     * One output's line.
     *
     * @param mtime nanoseconds since the epoch: ninja 1.11 records when the command started (the
     *     mtime of a file it touches then), or the outputs' newest mtime for restat and generator
     *     edges; an input newer than this makes the output dirty
     * @param commandHash {@link #commandHash} of {@link NinjaEdge#commandForLog}
     */
    public record Entry(int startMillis, int endMillis, long mtime, String output, long commandHash) {}

    private NinjaLog() {}

    /**
     * The log's entries by output, later lines replacing earlier ones as ninja reads them; an
     * absent file is an empty log. A last line without its newline (a build cut short while
     * writing it) is skipped, as ninja does.
     */
    public static Map<String, Entry> read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return entries;
        }
        try (reader) {
            String header = reader.readLine();
            if (header == null) {
                return entries;
            }
            if (!header.equals(HEADER)) {
                throw new MalformedNinjaFileException(file + ": expected '" + HEADER + "' on the first line, found '"
                        + header + "' (only the log of ninja 1.10 and 1.11 is read)");
            }
            // readLine cannot say whether the last line had its newline: look at the file's last byte.
            boolean lastLineComplete = endsWithNewline(file);
            String line = reader.readLine();
            int number = 2;
            while (line != null) {
                String next = reader.readLine();
                if (next != null || lastLineComplete) {
                    Entry entry = entry(file, number, line);
                    entries.remove(entry.output()); // a rebuilt output moves to the end, as in the file
                    entries.put(entry.output(), entry);
                }
                line = next;
                number++;
            }
        }
        return entries;
    }

    private static Entry entry(Path file, int number, String line) throws MalformedNinjaFileException {
        String[] fields = line.split("\t", 5);
        if (fields.length != 5) {
            throw new MalformedNinjaFileException(file + ":" + number + ": expected 5 tab-separated fields, found "
                    + fields.length);
        }
        try {
            return new Entry(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Long.parseLong(fields[2]), fields[3],
                    Long.parseUnsignedLong(fields[4], 16));
        } catch (NumberFormatException e) {
            throw new MalformedNinjaFileException(file + ":" + number + ": not a number: " + e.getMessage());
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            return last.get(0) == '\n';
        }
    }

    /** Writes a log holding exactly {@code entries}, replacing any file there. */
    public static void write(Path file, Collection<Entry> entries) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write(HEADER + "\n");
            for (Entry entry : entries) {
                writer.write(line(entry));
            }
        }
    }

    /** Adds {@code entries} at the end, as ninja does after each command; starts the file if needed. */
    public static void append(Path file, Collection<Entry> entries) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                writer.write(HEADER + "\n");
            }
            for (Entry entry : entries) {
                writer.write(line(entry));
            }
        }
    }

    private static String line(Entry entry) {
        return entry.startMillis() + "\t" + entry.endMillis() + "\t" + entry.mtime() + "\t" + entry.output() + "\t"
                + Long.toHexString(entry.commandHash()) + "\n";
    }

    /** Ninja's hash of a command line: 64-bit MurmurHash2 (MurmurHash64A) of its UTF-8 bytes, seed 0xDECAFBADDECAFBAD. */
    public static long commandHash(String command) {
        byte[] data = command.getBytes(StandardCharsets.UTF_8);
        int length = data.length;
        long hash = SEED ^ (length * MULTIPLIER);
        ByteBuffer words = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN); // as ninja reads them on x86 and arm
        int blocks = length / 8;
        for (int i = 0; i < blocks; i++) {
            long k = words.getLong(i * 8);
            k *= MULTIPLIER;
            k ^= k >>> 47;
            k *= MULTIPLIER;
            hash ^= k;
            hash *= MULTIPLIER;
        }
        int tail = blocks * 8;
        int remaining = length & 7;
        if (remaining > 0) {
            for (int i = remaining - 1; i >= 0; i--) {
                hash ^= (long) (data[tail + i] & 0xff) << (8 * i);
            }
            hash *= MULTIPLIER;
        }
        hash ^= hash >>> 47;
        hash *= MULTIPLIER;
        hash ^= hash >>> 47;
        return hash;
    }
}
