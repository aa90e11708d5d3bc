package distbuild.includes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compilers' own include directories, asked of each compiler once per {@link Toolchain} and
 * kept for the life of the process: {@code cc -x c -E -v /dev/null} prints them between
 * {@code #include "..." search starts here:}, {@code #include <...> search starts here:} and
 * {@code End of search list.}, in gcc's and clang's words alike. The question is asked in the C
 * locale, since gcc translates those lines. Thread-safe: concurrent scans needing the same
 * toolchain wait for one query.
 */
public final class CompilerSearchPaths {
    private static final String QUOTE_START = "#include \"...\" search starts here:";
    private static final String BRACKET_START = "#include <...> search starts here:";
    private static final String END = "End of search list.";
    private static final long TIMEOUT_SECONDS = 60;

    private final ConcurrentHashMap<Toolchain, CompletableFuture<ToolchainDirectories>> known = new ConcurrentHashMap<>();
    private final AtomicLong queries = new AtomicLong();

    /** The directories of {@code toolchain}, asking its compiler the first time. */
    public ToolchainDirectories directories(Toolchain toolchain) {
        CompletableFuture<ToolchainDirectories> mine = new CompletableFuture<>();
        CompletableFuture<ToolchainDirectories> existing = known.putIfAbsent(toolchain, mine);
        if (existing == null) {
            try {
                mine.complete(query(toolchain));
            } catch (RuntimeException e) {
                // A failure is not kept: the next scan asks again (the compiler may be installed by then).
                known.remove(toolchain, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IncludeScanException scanException) {
                throw scanException;
            }
            throw new IncludeScanException("asking " + toolchain.compiler() + " for its include directories failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncludeScanException("interrupted while waiting for " + toolchain.compiler()
                    + "'s include directories", e);
        }
    }

    /** How many times a compiler was run: what the cache did not save. */
    public long queries() {
        return queries.get();
    }

    private ToolchainDirectories query(Toolchain toolchain) {
        List<String> command = new ArrayList<>();
        command.add(toolchain.compiler());
        command.addAll(toolchain.flags());
        command.addAll(List.of("-x", toolchain.language().gccName(), "-E", "-v", "-o", "/dev/null", "/dev/null"));
        queries.incrementAndGet();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("LC_ALL", "C");
        builder.environment().remove("LANGUAGE");
        String output;
        int exit;
        try {
            Process process = builder.start();
            try {
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IncludeScanException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS
                            + " s while asked for its include directories");
                }
                exit = process.exitValue();
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IncludeScanException("cannot run the compiler '" + toolchain.compiler()
                    + "' to ask for its include directories: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncludeScanException("interrupted while asking " + toolchain.compiler()
                    + " for its include directories", e);
        }
        if (exit != 0) {
            throw new IncludeScanException(String.join(" ", command) + " failed with exit code " + exit
                    + " when asked for its include directories:\n" + tail(output));
        }
        return parse(output, String.join(" ", command));
    }

    /** Reads the search list out of a {@code -v} output. */
    static ToolchainDirectories parse(String output, String command) {
        List<Path> quote = new ArrayList<>();
        List<Path> bracket = new ArrayList<>();
        List<Path> current = null;
        boolean ended = false;
        for (String line : output.split("\n")) {
            String stripped = line.strip();
            if (stripped.equals(QUOTE_START)) {
                current = quote;
            } else if (stripped.equals(BRACKET_START)) {
                current = bracket;
            } else if (stripped.equals(END)) {
                ended = current != null;
                current = null;
            } else if (current != null && line.startsWith(" ")) {
                // clang marks macOS framework directories; frameworks are not searched here.
                if (!stripped.endsWith("(framework directory)")) {
                    current.add(Path.of(stripped));
                }
            }
        }
        if (!ended) {
            throw new IncludeScanException(command + " did not print its include search list (no '" + BRACKET_START
                    + "' ... '" + END + "'):\n" + tail(output));
        }
        return new ToolchainDirectories(quote, bracket);
    }

    private static String tail(String output) {
        return output.length() <= 2_000 ? output : "..." + output.substring(output.length() - 2_000);
    }
}
