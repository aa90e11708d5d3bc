package distbuild.ninja;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ninja's dependency log, {@code .ninja_deps}, version 4 (ninja 1.10 and 1.11): the headers each
 * {@code deps = gcc|msvc} output read when it was last built, so ninja need not keep depfiles.
 *
 * <p>The file is {@code "# ninjadeps\n"} and the version (int32 4), then records, all
 * little-endian. Each record starts with its size (uint32); the high bit marks a deps record.
 * A path record is the path's bytes padded with NULs to 4 bytes and the complement of its ID
 * (IDs count path records from 0, so the complement catches two writers at once). A deps record
 * is the output's ID, its mtime (nanoseconds, low then high 32 bits) and its inputs' IDs. Knows
 * nothing of the graph.
 */
public final class NinjaDeps {
    private static final byte[] SIGNATURE = "# ninjadeps\n".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 4;
    /** Ninja's limit on one record, set by its read buffer. */
    private static final int MAX_RECORD_SIZE = (1 << 19) - 1;
    private static final int DEPS_RECORD = 0x80000000;

    /**
     * What one output read when it was last built.
     *
     * @param mtime the output's mtime when its deps were recorded (nanoseconds since the epoch);
     *     ninja rebuilds an output that is newer than this
     */
    public record Entry(String output, long mtime, List<String> inputs) {
        public Entry {
            inputs = List.copyOf(inputs);
        }
    }

    private NinjaDeps() {}

    /**
     * Every output's last deps, by output, in the order of the outputs' IDs; later records of
     * an output replace earlier ones, as when ninja reads it. An absent file is an empty log.
     */
    public static Map<String, Entry> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < SIGNATURE.length + 4
                || !Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new MalformedNinjaFileException(file + ": not a ninja deps log (it does not start with '# ninjadeps')");
        }
        in.position(SIGNATURE.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new MalformedNinjaFileException(file + ": deps log version " + version + ", only version " + VERSION
                    + " (ninja 1.10 and 1.11) is read");
        }
        List<String> paths = new ArrayList<>();
        Map<Integer, Entry> byId = new HashMap<>();
        while (in.hasRemaining()) {
            long recordAt = in.position();
            if (in.remaining() < 4) {
                throw truncated(file, recordAt);
            }
            int header = in.getInt();
            boolean deps = (header & DEPS_RECORD) != 0;
            int size = header & ~DEPS_RECORD;
            if (size > MAX_RECORD_SIZE || size > in.remaining() || size % 4 != 0 && deps) {
                throw truncated(file, recordAt);
            }
            if (deps) {
                if (size < 12) {
                    throw new MalformedNinjaFileException(file + ": deps record at byte " + recordAt + " is too short");
                }
                int output = in.getInt();
                long mtime = Integer.toUnsignedLong(in.getInt()) | (long) in.getInt() << 32;
                List<String> inputs = new ArrayList<>((size - 12) / 4);
                for (int i = 0; i < (size - 12) / 4; i++) {
                    inputs.add(path(paths, in.getInt(), file, recordAt));
                }
                byId.put(output, new Entry(path(paths, output, file, recordAt), mtime, inputs));
            } else {
                paths.add(pathRecord(in, size, paths.size(), file, recordAt));
            }
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int id = 0; id < paths.size(); id++) {
            Entry entry = byId.get(id);
            if (entry != null) {
                entries.put(entry.output(), entry);
            }
        }
        return entries;
    }

    private static String pathRecord(ByteBuffer in, int size, int id, Path file, long recordAt)
            throws MalformedNinjaFileException {
        if (size < 8) {
            throw new MalformedNinjaFileException(file + ": path record at byte " + recordAt + " is too short");
        }
        byte[] path = new byte[size - 4];
        in.get(path);
        int length = path.length;
        while (length > 0 && path.length - length < 3 && path[length - 1] == 0) {
            length--; // up to 3 bytes of padding
        }
        int checksum = in.getInt();
        if (~checksum != id) {
            throw new MalformedNinjaFileException(file + ": path record at byte " + recordAt + " has checksum for ID "
                    + ~checksum + " where ID " + id + " was due (two ninjas wrote the log at once?)");
        }
        return new String(path, 0, length, StandardCharsets.UTF_8);
    }

    private static String path(List<String> paths, int id, Path file, long recordAt) throws MalformedNinjaFileException {
        if (id < 0 || id >= paths.size()) {
            throw new MalformedNinjaFileException(file + ": deps record at byte " + recordAt + " names path ID " + id
                    + ", which no path record before it defines");
        }
        return paths.get(id);
    }

    private static MalformedNinjaFileException truncated(Path file, long recordAt) {
        return new MalformedNinjaFileException(file + ": the record at byte " + recordAt + " is cut short or damaged");
    }

    /**
     * Writes a log holding exactly {@code entries}, replacing any file there. IDs are given as
     * ninja gives them: to each output, then to its inputs, the first time each path appears.
     */
    public static void write(Path file, Collection<Entry> entries) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(SIGNATURE);
            out.write(int32(VERSION));
            for (Entry entry : entries) {
                writePath(entry.output(), ids, out);
                for (String input : entry.inputs()) {
                    writePath(input, ids, out);
                }
                int size = 4 * (3 + entry.inputs().size());
                if (size > MAX_RECORD_SIZE) {
                    throw new IOException("the deps of " + entry.output() + " are too many for one record: "
                            + entry.inputs().size() + " inputs");
                }
                ByteBuffer record = ByteBuffer.allocate(4 + size).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(size | DEPS_RECORD);
                record.putInt(ids.get(entry.output()));
                record.putInt((int) entry.mtime());
                record.putInt((int) (entry.mtime() >>> 32));
                for (String input : entry.inputs()) {
                    record.putInt(ids.get(input));
                }
                out.write(record.array());
            }
        }
    }

    private static void writePath(String path, Map<String, Integer> ids, OutputStream out) throws IOException {
        if (ids.containsKey(path)) {
            return;
        }
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw new IOException("an empty path cannot be recorded in a deps log");
        }
        int padding = (4 - bytes.length % 4) % 4;
        int size = bytes.length + padding + 4;
        if (size > MAX_RECORD_SIZE) {
            throw new IOException("a path too long for a deps log: " + path.substring(0, 100) + "...");
        }
        int id = ids.size();
        ids.put(path, id);
        out.write(int32(size));
        out.write(bytes);
        out.write(new byte[padding]);
        out.write(int32(~id));
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
