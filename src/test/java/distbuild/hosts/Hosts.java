package distbuild.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Machines for a test, made of Linux network namespaces: each host a namespace of its own with
 * one interface and its own address on a bridge, so that processes in different hosts talk over
 * a real (virtual) network and only through it. A host's link can be cut: its end of the cable is
 * taken down, so packets are dropped without a reset, as when a switch port dies; or made slow and
 * lossy. Needs root (or CAP_NET_ADMIN), {@code ip} and {@code tc}; {@link #unavailable} says why
 * not, in one line.
 */
final class Hosts implements AutoCloseable {
    /** One machine: its namespace, its address, the host end of its cable and its inside end. */
    record Host(String namespace, String address, String hostSideLink, String inside) {
        /** The command prefix that runs a program on this machine. */
        List<String> run() {
            return List.of("ip", "netns", "exec", namespace);
        }
    }

    private final String bridge;
    private final List<Host> hosts = new ArrayList<>();
    private final String subnet;

    private Hosts(String bridge, String subnet) {
        this.bridge = bridge;
        this.subnet = subnet;
    }

    /** Why such hosts cannot be made here, or empty if they can. */
    static Optional<String> unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; run the suite as root (CI does)");
        }
        try {
            Process probe = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return Optional.of("`ip netns` does not work here: " + new String(probe.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException | InterruptedException e) {
            return Optional.of("`ip` (iproute2) is not installed: apt-get install iproute2");
        }
        try {
            Process probe = new ProcessBuilder("tc", "-V").redirectErrorStream(true).start();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return Optional.of("`tc` does not work here, which slows links: " + new String(probe.getInputStream().readAllBytes()).strip());
            }
        } catch (IOException | InterruptedException e) {
            return Optional.of("`tc` (iproute2) is not installed: apt-get install iproute2");
        }
        return Optional.empty();
    }

    /** {@code count} hosts on one bridge, addressed 10.{@code net}.{@code net2}.10 and up. */
    static Hosts make(int count) throws IOException, InterruptedException {
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff), 36);
        int subnet = ThreadLocalRandom.current().nextInt(1, 250);
        Hosts made = new Hosts("dbr" + tag, "10.213." + subnet + ".");
        try {
            ip("link", "add", made.bridge, "type", "bridge");
            ip("link", "set", made.bridge, "up");
            for (int i = 0; i < count; i++) {
                String inside = "dbp" + tag + i;
                Host host = new Host("db" + tag + "-" + i, "10.213." + subnet + "." + (10 + i), "dbv" + tag + i, inside);
                ip("netns", "add", host.namespace());
                made.hosts.add(host);
                ip("link", "add", host.hostSideLink(), "type", "veth", "peer", "name", inside);
                ip("link", "set", host.hostSideLink(), "master", made.bridge);
                ip("link", "set", host.hostSideLink(), "up");
                ip("link", "set", inside, "netns", host.namespace());
                ip("netns", "exec", host.namespace(), "ip", "link", "set", "lo", "up");
                ip("netns", "exec", host.namespace(), "ip", "addr", "add", host.address() + "/24", "dev", inside);
                ip("netns", "exec", host.namespace(), "ip", "link", "set", inside, "up");
            }
            return made;
        } catch (IOException | InterruptedException | RuntimeException e) {
            made.close();
            throw e;
        }
    }

    Host host(int index) {
        return hosts.get(index);
    }

    /**
     * Every host resolves {@code name} to {@code address} (its own {@code /etc/hosts}, as
     * {@code ip netns exec} gives each namespace from {@code /etc/netns/NAME/hosts}).
     */
    void name(String name, String address) throws IOException {
        for (Host host : hosts) {
            Path dir = Files.createDirectories(Path.of("/etc/netns", host.namespace()));
            Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n" + address + " " + name + "\n");
        }
    }

    /** Gives the host another address on the same network (as a machine moved, or a pod rescheduled); returns the host as it now is. */
    Host readdress(int index, int lastOctet) throws IOException, InterruptedException {
        Host host = hosts.get(index);
        Host moved = new Host(host.namespace(), subnet + lastOctet, host.hostSideLink(), host.inside());
        ip("netns", "exec", host.namespace(), "ip", "addr", "del", host.address() + "/24", "dev", host.inside());
        ip("netns", "exec", host.namespace(), "ip", "addr", "add", moved.address() + "/24", "dev", host.inside());
        hosts.set(index, moved);
        return moved;
    }

    /** Cuts the host's cable: what it sends and what is sent to it is dropped, without a reset. */
    void cut(Host host) throws IOException, InterruptedException {
        ip("link", "set", host.hostSideLink(), "down");
    }

    void heal(Host host) throws IOException, InterruptedException {
        ip("link", "set", host.hostSideLink(), "up");
    }

    /**
     * Makes the host's link slow and lossy both ways: a token bucket lets {@code rate} through
     * ({@code 8mbit}) and drops what overflows a queue of a few packets, so a stream to or from it
     * loses packets as on a congested line (the kernel here has no {@code netem} for delay).
     */
    void slow(Host host, String rate) throws IOException, InterruptedException {
        List<String> shaping = List.of("qdisc", "replace", "dev", "", "root", "tbf", "rate", rate, "burst", "16kb",
                "limit", "24kb");
        tc(List.of(), withDevice(shaping, host.hostSideLink()));
        tc(host.run(), withDevice(shaping, host.inside()));
    }

    /** Undoes {@link #slow}. */
    void unslow(Host host) throws IOException, InterruptedException {
        tc(List.of(), List.of("qdisc", "del", "dev", host.hostSideLink(), "root"));
        tc(host.run(), List.of("qdisc", "del", "dev", host.inside(), "root"));
    }

    private static List<String> withDevice(List<String> args, String device) {
        List<String> set = new ArrayList<>(args);
        set.set(set.indexOf(""), device);
        return set;
    }

    @Override
    public void close() {
        for (Host host : hosts) {
            quietly("link", "del", host.hostSideLink());
            quietly("netns", "del", host.namespace());
            try {
                Path dir = Path.of("/etc/netns", host.namespace());
                Files.deleteIfExists(dir.resolve("hosts"));
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // gone already
            }
        }
        quietly("link", "del", bridge);
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // gone already
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void tc(List<String> on, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(on);
        command.add("tc");
        command.addAll(args);
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
