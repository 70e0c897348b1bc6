package htty.cli;

import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.client.NodeStatus;
import htty.client.Timeouts;
import htty.client.Token;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster of daemon processes on this machine, kept in one directory (see {@link ClusterLayout}):
 * what {@code htty up} starts and {@code htty down} stops. Node {@code nI} listens for its peers on
 * {@code 127.0.0.1:P+I} and for clients on {@code 127.0.0.1:P+100+I}, P being the base port.
 */
public final class LocalCluster {

    /** Puts the first node's peer port at 7101 and its API at 7201. */
    public static final int DEFAULT_BASE_PORT = 7100;
    public static final Duration DEFAULT_ELECTION_DEADLINE = Duration.ofSeconds(30);
    /** How long {@code down} lets daemons finish before it kills them. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int API_PORT_OFFSET = 100;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int LOG_LINES_SHOWN = 15;

    private final ClusterLayout layout;

    public LocalCluster(Path dir) {
        this.layout = new ClusterLayout(dir.toAbsolutePath().normalize());
    }

    /**
     * One daemon of a started cluster.
     *
     * @param id its node id
     * @param api its client API
     * @param peer its Raft address
     * @param pid its process id
     * @param log where its stdout and stderr go
     */
    public record Node(String id, Endpoint api, Endpoint peer, long pid, Path log) {
    }

    /**
     * A cluster that has elected a leader.
     *
     * @param nodes its daemons
     * @param leader the node id of the leader a daemon reported
     * @param configFile the {@code cluster.conf} written for other commands
     * @param tokenFile the token file every daemon uses
     */
    public record Started(List<Node> nodes, String leader, Path configFile, Path tokenFile) {

        public List<Endpoint> endpoints() {
            return nodes.stream().map(Node::api).toList();
        }
    }

    /**
     * What became of one daemon when the cluster was stopped.
     *
     * @param node its node id
     * @param pid the pid its file recorded, or -1 if the file held none
     * @param outcome how it ended
     */
    public record Stopped(String node, long pid, Outcome outcome) {

        /** How a daemon ended. */
        public enum Outcome {
            /** It exited after SIGTERM. */
            TERMINATED,
            /** It ignored SIGTERM for the whole grace period, and was killed. */
            KILLED,
            /** The pid file named no running htty daemon; the file was stale. */
            NOT_RUNNING
        }
    }

    public Path dir() {
        return layout.dir();
    }

    /**
     * Starts {@code count} daemons in the background and waits until one reports a leader, then
     * writes {@code cluster.conf}. If they do not get that far, stops them again.
     *
     * @throws HttyException if a cluster already runs in the directory, a port is taken, a daemon
     *     dies, or no leader is elected before {@code electionDeadline}
     */
    public Started start(int count, int basePort, DaemonLauncher launcher, Duration electionDeadline) {
        refuseIfRunning();
        List<String> ids = IntStream.rangeClosed(1, count).mapToObj(i -> "n" + i).toList();
        List<Endpoint> peers = IntStream.rangeClosed(1, count).mapToObj(i -> new Endpoint(LOOPBACK, basePort + i)).toList();
        List<Endpoint> apis = peers.stream().map(peer -> new Endpoint(LOOPBACK, peer.port() + API_PORT_OFFSET)).toList();
        for (int i = 0; i < count; i++) {
            requireFree(peers.get(i), "Raft port of " + ids.get(i));
            requireFree(apis.get(i), "API port of " + ids.get(i));
        }
        Path tokenFile = ensureToken();
        String peerList = IntStream.range(0, count).mapToObj(i -> ids.get(i) + "=" + peers.get(i))
                .collect(Collectors.joining(","));

        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String id = ids.get(i);
                Files.createDirectories(layout.data(id));
                Process process = new ProcessBuilder(launcher.command(id, peerList, apis.get(i), layout.data(id), tokenFile))
                        .directory(layout.dir().toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(id).toFile()))
                        .redirectErrorStream(true)
                        .start();
                new PidFile(id, layout.pidFile(id)).write(process.pid());
                nodes.add(new Node(id, apis.get(i), peers.get(i), process.pid(), layout.log(id)));
            }
            String leader = awaitLeader(nodes, Token.readFrom(tokenFile), electionDeadline);
            new ClusterConfig(apis, Optional.of(tokenFile), ids).write(layout.config());
            return new Started(nodes, leader, layout.config(), tokenFile);
        } catch (IOException | RuntimeException e) {
            stop(DEFAULT_STOP_GRACE);
            throw e instanceof HttyException failure ? failure
                    : new HttyException(ExitCode.ERROR, "cannot start the cluster in " + layout.dir() + ": " + e, e);
        }
    }

    /**
     * Stops the daemons named by the pid files: SIGTERM, then SIGKILL after {@code grace}, and
     * removes the pid files. Reports on each pid file, in node order.
     */
    public List<Stopped> stop(Duration grace) {
        List<Stopped> stopped = new ArrayList<>();
        Map<PidFile, ProcessHandle> signalled = new LinkedHashMap<>();
        for (PidFile pidFile : pidFiles()) {
            pidFile.runningDaemon().ifPresentOrElse(daemon -> {
                daemon.destroy();
                signalled.put(pidFile, daemon);
            }, () -> stopped.add(new Stopped(pidFile.node(), pidFile.pid().orElse(-1L), Stopped.Outcome.NOT_RUNNING)));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        signalled.forEach((pidFile, daemon) ->
                stopped.add(new Stopped(pidFile.node(), daemon.pid(), awaitExit(daemon, deadline))));
        pidFiles().forEach(LocalCluster::delete);
        stopped.sort(Comparator.comparing(Stopped::node));
        return stopped;
    }

    /** The daemons whose pid files name a running htty daemon. */
    public List<String> running() {
        return pidFiles().stream().filter(pidFile -> pidFile.runningDaemon().isPresent()).map(PidFile::node).toList();
    }

    private void refuseIfRunning() {
        List<String> running = running();
        if (!running.isEmpty()) {
            throw new HttyException(ExitCode.ERROR, "a cluster already runs in " + layout.dir() + " (nodes "
                    + String.join(", ", running) + "): stop it first with `htty down --dir " + layout.dir() + "`");
        }
    }

    private static void requireFree(Endpoint endpoint, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(endpoint.host(), endpoint.port()));
        } catch (IOException e) {
            throw new HttyException(ExitCode.ERROR, "port " + endpoint.port() + " (" + purpose
                    + ") is busy: choose other ports with --base-port");
        }
    }

    /** The directory's token file, made now (random, mode 0600) unless a previous start left one. */
    private Path ensureToken() {
        Path file = layout.token();
        try {
            Files.createDirectories(layout.dir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
            }
            return file;
        } catch (IOException e) {
            throw new HttyException(ExitCode.ERROR, "cannot create the token file " + file + ": " + e, e);
        }
    }

    private String awaitLeader(List<Node> nodes, Token token, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        Timeouts quick = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<Endpoint> apis = nodes.stream().map(Node::api).toList();
        List<String> ids = nodes.stream().map(Node::id).toList();
        try (HttyClient client = HttyClient.builder(apis, token).nodeIds(ids).timeouts(quick).build()) {
            while (System.nanoTime() < end) {
                nodes.forEach(this::requireAlive);
                List<NodeStatus> statuses = client.status();
                Optional<String> leader = statuses.stream().filter(NodeStatus::knowsLeader)
                        .map(status -> status.reply().orElseThrow().getLeader()).findFirst();
                if (leader.isPresent()) {
                    return leader.get();
                }
                // Only unavailability is expected while daemons start; a refused token will not get better.
                Optional<HttyException> refusal = statuses.stream().flatMap(status -> status.error().stream())
                        .filter(error -> error.exitCode() != ExitCode.CLUSTER_UNAVAILABLE).findFirst();
                if (refusal.isPresent()) {
                    throw refusal.get();
                }
                sleep(POLL_INTERVAL);
            }
        }
        throw new HttyException(ExitCode.CLUSTER_UNAVAILABLE, "no leader was elected within " + deadline.toSeconds()
                + "s; the daemons' logs are " + nodes.stream().map(node -> node.log().toString()).collect(Collectors.joining(", ")));
    }

    private void requireAlive(Node node) {
        if (ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        throw new HttyException(ExitCode.ERROR, "daemon " + node.id() + " exited while starting; the end of "
                + node.log() + ":\n" + tail(node.log()));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()).stream()
                    .map(line -> "  " + line).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "  (cannot read it: " + e + ")";
        }
    }

    private static Stopped.Outcome awaitExit(ProcessHandle daemon, long deadlineNanos) {
        try {
            daemon.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Stopped.Outcome.TERMINATED;
        } catch (TimeoutException e) {
            daemon.destroyForcibly();
            daemon.onExit().completeOnTimeout(daemon, 5, TimeUnit.SECONDS).join();
            return Stopped.Outcome.KILLED;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a process cannot fail", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttyException(ExitCode.ERROR, "interrupted while stopping the daemons", e);
        }
    }

    private List<PidFile> pidFiles() {
        if (!Files.isDirectory(layout.dir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.dir())) {
            return files.filter(PidFile::isPidFile).sorted().map(PidFile::at).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(PidFile pidFile) {
        try {
            pidFile.delete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttyException(ExitCode.ERROR, "interrupted while waiting for a leader", e);
        }
    }
}
