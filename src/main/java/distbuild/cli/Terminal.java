package distbuild.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this process's standard output is: a terminal (and how wide), or a file or pipe. */
final class Terminal {
    private static final int DEFAULT_COLUMNS = 100;

    private Terminal() {}

    /** Whether stdout is a terminal that understands cursor movement. */
    static boolean stdoutIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        // On Linux the answer is where file descriptor 1 leads; elsewhere ask the JDK.
        Path stdout = Path.of("/proc/self/fd/1");
        if (Files.exists(stdout)) {
            try {
                String target = Files.readSymbolicLink(stdout).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                // fall through
            }
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Console.isTerminal() exists from JDK 22, where a console may exist without a terminal.
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** The terminal's width: $COLUMNS, else what stty says, else 100. */
    static int columns() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d+")) {
            return Integer.parseInt(columns);
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            if (stty.waitFor() == 0 && size.length == 2 && size[1].matches("\\d+")) {
                return Integer.parseInt(size[1]);
            }
        } catch (IOException e) {
            // no terminal to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }
}
