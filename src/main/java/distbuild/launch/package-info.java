/**
 * Starting a job's command as a process, and stopping it with everything it started.
 *
 * <p>A worker starts a process for every command of every job, so the cost of one start is paid
 * thousands of times per build. The JDK's {@link java.lang.ProcessBuilder} starts a helper
 * ({@code jspawnhelper}) that then execs the program, and a job that must run in a session of
 * its own needs a third program ({@code setsid}) for that. Where the JDK has the Foreign Function
 * API (JDK 22 and later) and the C library has what is needed, {@link distbuild.launch.Launcher#best()}
 * calls {@code posix_spawn} directly instead: one exec, the session set by the spawn itself. The
 * JDK's way stays the fallback, and a process gets the same start either way: the same
 * redirections, environment, working directory and session, and no inherited descriptors. (One
 * difference: a signal the worker was started with ignored stays ignored in the JDK's children,
 * while {@code posix_spawn} gives every signal its default disposition.)
 *
 * <p>The direct launcher is compiled from {@code src/main/java22} (the rest of the code base
 * targets Java 21) and is loaded by name only on a JDK that has it, with native access enabled
 * ({@code --enable-native-access=ALL-UNNAMED}, which the launcher scripts pass), so that no JVM
 * ever warns about it.
 */
package distbuild.launch;
