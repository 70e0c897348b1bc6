package htty.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts daemons off from each other on one loopback interface, and heals the cuts.
 *
 * <p>The daemons must listen on loopback ({@code htty.cluster.Peers} refuses other addresses), so
 * network namespaces, which each have a loopback of their own, cannot hold them: they could not
 * reach each other at all. Ports do not tell who sends either: a daemon's connections to a peer
 * leave from an ephemeral port, as do the other daemons'. What does tell is the sending process:
 * each daemon is started in a cgroup (v2) of its own, and iptables' {@code cgroup} match drops the
 * packets a daemon's sockets send to another's peer or API port. Cutting daemon A off drops A's
 * packets to every other daemon and every other daemon's packets to A: both directions of every
 * connection between them, whoever opened it. Clients (this JVM) are in no daemon's cgroup, so a
 * client still reaches the daemon that is cut off, as a user on its machine would.
 *
 * <p>The rules live in a chain of this run's own, jumped to from {@code OUTPUT}; healing flushes
 * it. {@link #close} (also at exit, {@code ^C} included) removes the chain, the jump and the
 * cgroups, after moving any process still in them back to the root.
 */
final class NetworkCut implements AutoCloseable {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private final Path root;
    private final String name;
    private final String chain;
    private final ExitHook exitHook;
    private final List<Path> cgroups = new ArrayList<>();
    /** Whether the chain exists: set-up stops at the first step iptables refuses. */
    private boolean chainMade;
    private boolean closed;

    private NetworkCut(Path root, String name) {
        this.root = root;
        this.name = name;
        this.chain = "HTTY-BENCH-" + ProcessHandle.current().pid();
        this.exitHook = ExitHook.register("htty-bench-network-cut-cleanup", this::close);
    }

    /**
     * Sets up cutting, or says why it cannot be: not root, no iptables, no cgroup v2 hierarchy, or
     * a kernel without iptables' cgroup match.
     */
    static Setup setUp() throws InterruptedException {
        try {
            if (!Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"))) {
                return new Setup(Optional.empty(), "not running as root (iptables and cgroups need it)");
            }
            Optional<Path> root = cgroup2Root();
            if (root.isEmpty()) {
                return new Setup(Optional.empty(), "no cgroup v2 hierarchy is mounted");
            }
            NetworkCut cut = new NetworkCut(root.get(), "htty-bench-" + ProcessHandle.current().pid());
            try {
                cut.iptables("-N", cut.chain);
                cut.chainMade = true;
                cut.iptables("-I", "OUTPUT", "-j", cut.chain);
                // Whether the kernel matches on cgroups: a rule that matches nothing yet.
                cut.iptables("-A", cut.chain, "-p", "tcp", "-m", "cgroup", "--path", cut.path("probe").toString(),
                        "--dport", "1", "-j", "DROP");
                cut.iptables("-F", cut.chain);
                return new Setup(Optional.of(cut), "");
            } catch (IOException e) {
                cut.close();
                return new Setup(Optional.empty(), e.getMessage());
            }
        } catch (IOException e) {
            return new Setup(Optional.empty(), e.getMessage());
        }
    }

    /**
     * Cutting set up, or why not.
     *
     * @param cut present when partitions can be made
     * @param whyNot otherwise, why not
     */
    record Setup(Optional<NetworkCut> cut, String whyNot) {
    }

    private static Optional<Path> cgroup2Root() throws IOException {
        for (String line : Files.readAllLines(MOUNTS)) {
            String[] fields = line.split(" ");
            if (fields.length > 2 && fields[2].equals("cgroup2")) {
                return Optional.of(Path.of(fields[1]));
            }
        }
        return Optional.empty();
    }

    /** The cgroup of daemon {@code id}, relative to the hierarchy's root (as iptables names it); created if missing. */
    private Path path(String id) throws IOException {
        Path relative = Path.of(name, id);
        Path dir = root.resolve(relative);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            cgroups.add(dir);
        }
        return relative;
    }

    /** Daemon {@code d}'s command line, run in its cgroup: the shell moves itself in, then becomes the daemon. */
    List<String> launch(BenchCluster.Daemon d, List<String> command) {
        try {
            Path procs = root.resolve(path(d.id)).resolve("cgroup.procs");
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$ > '" + procs + "' && exec \"$@\"", "sh"));
            wrapped.addAll(command);
            return wrapped;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a cgroup for daemon " + d.id + ": " + e.getMessage(), e);
        }
    }

    /** Cuts daemon {@code d} off from {@code others}, both ways: their peer and API ports. */
    void isolate(BenchCluster.Daemon d, List<BenchCluster.Daemon> others) throws IOException, InterruptedException {
        for (BenchCluster.Daemon other : others) {
            drop(d, other);
            drop(other, d);
        }
    }

    /** Drops what {@code from}'s processes send to {@code to}'s ports. */
    private void drop(BenchCluster.Daemon from, BenchCluster.Daemon to) throws IOException, InterruptedException {
        for (int port : List.of(to.peer.port(), to.api.port())) {
            iptables("-A", chain, "-p", "tcp", "-m", "cgroup", "--path", path(from.id).toString(),
                    "--dport", Integer.toString(port), "-j", "DROP");
        }
    }

    /** Heals every cut. */
    void heal() throws IOException, InterruptedException {
        iptables("-F", chain);
    }

    private void iptables(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("iptables cannot be run (" + e.getMessage() + ")", e);
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + said);
        }
    }

    /** Removes the rules, the chain, its jump and the cgroups; says on stderr what it could not remove. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (List<String> step : !chainMade ? List.<List<String>>of() : List.of(List.of("-F", chain),
                List.of("-D", "OUTPUT", "-j", chain), List.of("-X", chain))) {
            try {
                iptables(step.toArray(String[]::new));
            } catch (IOException e) {
                // Set-up may have failed before the jump existed; anything else is worth saying.
                if (!e.getMessage().contains("does a matching rule exist")) {
                    System.err.println("htty-bench: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path dir : cgroups.reversed()) {
            removeCgroup(dir);
        }
        removeCgroup(root.resolve(name));
        exitHook.unregister();
    }

    /** Moves any process left in {@code dir} to the root cgroup, then removes it. */
    private void removeCgroup(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Path procs = dir.resolve("cgroup.procs");
            if (Files.exists(procs)) {
                for (String pid : Files.readAllLines(procs)) {
                    Files.writeString(root.resolve("cgroup.procs"), pid);
                }
            }
            Files.delete(dir);
        } catch (IOException e) {
            System.err.println("htty-bench: could not remove cgroup " + dir + ": " + e);
        }
    }
}
