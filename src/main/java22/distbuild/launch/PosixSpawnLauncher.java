package distbuild.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Starts processes with the C library's {@code posix_spawnp}, called through the Foreign Function
 * API: one exec per process, where the JDK's launch costs two (and {@code setsid} a third). The
 * child gets what the JDK would give it: standard input, output and error redirected, descriptors
 * from 3 up closed, every signal's disposition the default and none blocked, and with
 * {@link Launch#ownSession()} a session of its own. Needs glibc 2.34 or later (for
 * {@code posix_spawn_file_actions_addclosefrom_np}); without it the constructor throws and the
 * JDK's way is used.
 *
 * <p>A process is waited for through {@link ProcessHandle#onExit()}, which leaves it a zombie (so
 * its number stays ours while it is killed or waited for), and then reaped with
 * {@code waitpid}, which returns at once and gives the exit status.
 */
final class PosixSpawnLauncher implements Launcher {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int ENOEXEC = 8;
    /** Far more than glibc's structures take (80, 336 and 128 bytes on 64-bit Linux): init writes only its own. */
    private static final long OPAQUE_BYTES = 1024;

    private final MethodHandle spawnp;
    private final MethodHandle actionsInit;
    private final MethodHandle actionsDestroy;
    private final MethodHandle addOpen;
    private final MethodHandle addChdir;
    private final MethodHandle addCloseFrom;
    private final MethodHandle attrInit;
    private final MethodHandle attrDestroy;
    private final MethodHandle setFlags;
    private final MethodHandle setSigMask;
    private final MethodHandle setSigDefault;
    private final MethodHandle sigEmptySet;
    private final MethodHandle sigFillSet;
    private final MethodHandle waitpid;
    private final MethodHandle strerror;
    private final MethodHandle kill;
    /** The C library's {@code char **environ}: the JVM's environment as it was given, bytes unchanged. */
    private final MemorySegment environ;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int EINTR = 4;
    private static final int SIGKILL = 9;
    /** How paths and arguments become bytes: as the JDK's own process launch encodes them. */
    private static final Charset NATIVE = nativeCharset();

    /** @throws IllegalStateException when native access is not enabled, or the C library lacks a function */
    PosixSpawnLauncher() {
        if (!PosixSpawnLauncher.class.getModule().isNativeAccessEnabled()) {
            throw new IllegalStateException("native access is not enabled (--enable-native-access=ALL-UNNAMED)");
        }
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        spawnp = function(linker, libc, "posix_spawnp", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS));
        actionsInit = function(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        actionsDestroy = function(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        addOpen = function(linker, libc, "posix_spawn_file_actions_addopen", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT));
        addChdir = function(linker, libc, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS));
        addCloseFrom = function(linker, libc, "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT));
        attrInit = function(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        attrDestroy = function(linker, libc, "posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setFlags = function(linker, libc, "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        setSigMask = function(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        setSigDefault = function(linker, libc, "posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS));
        sigEmptySet = function(linker, libc, "sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sigFillSet = function(linker, libc, "sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        waitpid = function(linker, libc, "waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.captureCallState("errno"));
        kill = function(linker, libc, "kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        environ = symbol(libc, "environ").reinterpret(ADDRESS.byteSize());
        strerror = function(linker, libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static MethodHandle function(Linker linker, SymbolLookup libc, String name, FunctionDescriptor descriptor,
            Linker.Option... options) {
        return linker.downcallHandle(symbol(libc, name), descriptor, options);
    }

    private static MemorySegment symbol(SymbolLookup libc, String name) {
        return libc.find(name).orElseThrow(() -> new IllegalStateException("the C library has no " + name));
    }

    @Override
    public String describe() {
        return "posix_spawn";
    }

    @Override
    public Launched start(Launch launch) throws IOException {
        int error;
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_BYTES, 16);
            MemorySegment attributes = arena.allocate(OPAQUE_BYTES, 16);
            check("posix_spawn_file_actions_init", (int) actionsInit.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) attrInit.invokeExact(attributes));
                try {
                    describeChild(arena, launch, actions, attributes);
                    MemorySegment pidOut = arena.allocate(JAVA_INT);
                    MemorySegment environment = launch.environment() == null ? environ.get(ADDRESS, 0)
                            : strings(arena, entries(launch.environment()));
                    error = (int) spawnp.invokeExact(pidOut, text(arena, launch.argv().getFirst()), actions,
                            attributes, strings(arena, launch.argv()), environment);
                    pid = pidOut.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) attrDestroy.invokeExact(attributes);
                }
            } finally {
                int ignored = (int) actionsDestroy.invokeExact(actions);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
        if (error == ENOEXEC) {
            // A script without "#!": the JDK runs such a file with /bin/sh, as shells do.
            return JdkLauncher.INSTANCE.start(launch);
        }
        if (error != 0) {
            throw new IOException("Cannot run program \"" + launch.argv().getFirst() + "\" (in directory \""
                    + launch.directory() + "\"): error=" + error + ", " + reason(error));
        }
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            // Not to be seen (no /proc?): it cannot be watched, so it is stopped and reaped rather than left.
            new Spawned(pid, null).killAndReap();
            throw new IOException("Cannot run program \"" + launch.argv().getFirst() + "\": process " + pid
                    + " cannot be watched, error=0, no such process in /proc");
        }
        return new Spawned(pid, handle.get());
    }

    private void describeChild(Arena arena, Launch launch, MemorySegment actions, MemorySegment attributes)
            throws Throwable {
        check("posix_spawn_file_actions_addopen", (int) addOpen.invokeExact(actions, 0,
                text(arena, launch.stdin().toString()), O_RDONLY, 0));
        check("posix_spawn_file_actions_addopen", (int) addOpen.invokeExact(actions, 1,
                text(arena, launch.stdout().toString()), O_WRONLY | O_CREAT | O_APPEND, 0644));
        check("posix_spawn_file_actions_addopen", (int) addOpen.invokeExact(actions, 2,
                text(arena, launch.stderr().toString()), O_WRONLY | O_CREAT | O_APPEND, 0644));
        check("posix_spawn_file_actions_addclosefrom_np", (int) addCloseFrom.invokeExact(actions, 3));
        check("posix_spawn_file_actions_addchdir_np", (int) addChdir.invokeExact(actions,
                text(arena, launch.directory().toString())));
        MemorySegment none = arena.allocate(OPAQUE_BYTES, 16);
        MemorySegment all = arena.allocate(OPAQUE_BYTES, 16);
        check("sigemptyset", (int) sigEmptySet.invokeExact(none));
        check("sigfillset", (int) sigFillSet.invokeExact(all));
        check("posix_spawnattr_setsigmask", (int) setSigMask.invokeExact(attributes, none));
        check("posix_spawnattr_setsigdefault", (int) setSigDefault.invokeExact(attributes, all));
        short flags = (short) (POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (launch.ownSession() ? POSIX_SPAWN_SETSID : 0));
        check("posix_spawnattr_setflags", (int) setFlags.invokeExact(attributes, flags));
    }

    private void check(String function, int result) throws IOException {
        if (result != 0) {
            throw new IOException("cannot start a process: " + function + " failed, error=" + result + ", "
                    + reason(result));
        }
    }

    private String reason(int error) {
        try {
            MemorySegment text = (MemorySegment) strerror.invokeExact(error);
            return text.reinterpret(4096).getString(0);
        } catch (Throwable e) {
            return "error " + error;
        }
    }

    private static List<String> entries(Map<String, String> environment) {
        List<String> entries = new ArrayList<>(environment.size());
        environment.forEach((key, value) -> entries.add(key + "=" + value));
        return entries;
    }

    private static MemorySegment text(Arena arena, String value) {
        return arena.allocateFrom(value, NATIVE);
    }

    private static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return java.nio.charset.StandardCharsets.UTF_8;
        }
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, text(arena, values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private final class Spawned implements Launched {
        private final int pid;
        private final ProcessHandle handle;
        private Integer exitCode;

        Spawned(int pid, ProcessHandle handle) {
            this.pid = pid;
            this.handle = handle;
        }

        @Override
        public int waitFor() throws InterruptedException {
            synchronized (this) {
                if (exitCode != null) {
                    return exitCode; // reaped: its number may be another process's by now
                }
            }
            try {
                handle.onExit().get();
            } catch (InterruptedException interrupted) {
                // Whoever interrupted may not stop it: it is reaped when it ends, whatever comes next.
                handle.onExit().thenRun(this::reapOnce);
                throw interrupted;
            } catch (ExecutionException impossible) {
                throw new IllegalStateException(impossible.getCause());
            }
            return reapOnce();
        }

        @Override
        public void killTree() {
            ProcessTree.kill(handle);
            handle.onExit().join();
            reapOnce();
        }

        /** Only for a process that cannot be watched: SIGKILL, then waitpid. */
        void killAndReap() {
            try {
                int ignored = (int) kill.invokeExact(pid, SIGKILL);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            reapOnce();
        }

        private synchronized int reapOnce() {
            if (exitCode == null) {
                exitCode = reap();
            }
            return exitCode;
        }

        /** The status of a process that has ended (a zombie), which waitpid then removes. */
        private int reap() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment status = arena.allocate(JAVA_INT);
                MemorySegment callState = arena.allocate(CALL_STATE);
                int reaped;
                int errno;
                do {
                    reaped = (int) waitpid.invokeExact(callState, pid, status, 0);
                    errno = reaped == -1 ? (int) ERRNO.get(callState, 0L) : 0;
                } while (reaped == -1 && errno == EINTR);
                if (reaped != pid) {
                    throw new IllegalStateException("cannot learn how process " + pid + " ended: waitpid failed, error="
                            + errno + ", " + reason(errno));
                }
                int value = status.get(JAVA_INT, 0);
                int signal = value & 0x7f;
                return signal == 0 ? (value >> 8) & 0xff : 128 + signal;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("cannot wait for process " + pid, e);
            }
        }
    }
}
