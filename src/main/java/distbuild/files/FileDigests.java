package distbuild.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A file's SHA-256, read as a stream: how a program is named by its content. */
public final class FileDigests {
    /**
     * Programs' digests, shared by everything in this process that names programs (a local
     * cluster's planner and its workers), so that a compiler of tens of megabytes is read once,
     * not once by each. An entry holds while the file keeps its inode, size and times (a write
     * changes its ctime, which no one can set back).
     */
    private static final Map<Path, Remembered> PROGRAMS = new ConcurrentHashMap<>();
    /** Where digests are also kept for later processes, or null: see {@link #rememberProgramsIn}. */
    private static volatile Path memoFile;

    private record Remembered(String identity, String sha256) {
        String line(Path real) {
            return sha256 + '\t' + identity + '\t' + real + '\n';
        }
    }

    private FileDigests() {}

    /**
     * Keeps programs' digests in {@code file} too, so that a command run again (each build's
     * planner reads the compiler it names) does not read a compiler of tens of megabytes again.
     * A damaged or unreadable file is only a cost, never an error: its lines are checked against
     * the file each names before they are believed. Null: keep them in this process only. What
     * this process remembered before is forgotten.
     */
    public static void rememberProgramsIn(Path file) {
        memoFile = null;
        PROGRAMS.clear(); // believed again only from this file, or read again
        if (file == null) {
            return; // keep them in this process only
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split("\t", 3);
                try {
                    if (fields.length == 3 && distbuild.model.Sha256Hex.isValid(fields[0])) {
                        PROGRAMS.put(Path.of(fields[2]), new Remembered(fields[1], fields[0])); // the latest line wins
                    }
                } catch (RuntimeException damaged) {
                    // one bad line costs only itself
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Read again as it comes.
        }
        memoFile = file;
    }

    /**
     * The SHA-256 of a program the machine has (a file that changes rarely), remembered while the
     * file stays the same; links are followed.
     */
    public static String programSha256(Path program) throws IOException {
        Path real = program.toRealPath();
        Map<String, Object> attributes = Files.readAttributes(real, "unix:dev,ino,size,lastModifiedTime,ctime");
        long changedNanos = ((FileTime) attributes.get("ctime")).to(TimeUnit.NANOSECONDS);
        String identity = attributes.get("dev") + ":" + attributes.get("ino") + " " + attributes.get("size") + " "
                + ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS) + " " + changedNanos;
        Remembered known = PROGRAMS.get(real);
        if (known != null && known.identity().equals(identity)) {
            return known.sha256();
        }
        // Several threads may miss at once and each read it: the same answer, at worst read twice.
        Remembered now = new Remembered(identity, sha256(real));
        PROGRAMS.put(real, now);
        Path file = memoFile;
        // Not kept for later when the file changed just now: a write within the same tick of the
        // file system's clock would leave its times as they are (as git treats "racily clean" files).
        boolean settled = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(changedNanos) > 2_000;
        if (file != null && settled && !real.toString().contains("\n")) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, now.line(real), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException notKept) {
                // Only a cost: read again next time.
            }
        }
        return now.sha256();
    }

    /** The SHA-256 of the file's content, as 64 hex digits. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest; every JDK has one. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
