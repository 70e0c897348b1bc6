package htty.e2e;

import htty.cli.LoopbackPorts;
import htty.proto.api.HttyGrpc;
import htty.proto.api.StatusReply;
import htty.proto.api.StatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Three real {@code htty daemon} processes on unused loopback ports, each its own JVM, started from
 * this test's class path, stopped by PID, with a temporary directory removed afterwards.
 */
final class LocalCluster implements AutoCloseable {
    final Path dir;
    final Path tokenFile;
    final String token;
    final List<Node> nodes = new ArrayList<>();
    /** Options every daemon gets besides the ones that place it in the cluster. */
    private final List<String> daemonOptions;

    /** One daemon: its id, ports, process and channel. */
    static final class Node {
        final String id;
        final int peerPort;
        final int apiPort;
        Process process;
        ManagedChannel channel;

        Node(String id, int peerPort, int apiPort) {
            this.id = id;
            this.peerPort = peerPort;
            this.apiPort = apiPort;
        }

        String endpoint() {
            return "127.0.0.1:" + apiPort;
        }
    }

    LocalCluster(int size) throws IOException {
        this(size, List.of());
    }

    LocalCluster(int size, List<String> daemonOptions) throws IOException {
        this.daemonOptions = List.copyOf(daemonOptions);
        dir = Files.createTempDirectory("htty-e2e-");
        tokenFile = dir.resolve("token");
        token = "e2e-" + Long.toHexString(System.nanoTime());
        Files.writeString(tokenFile, token);
        for (int i = 1; i <= size; i++) {
            nodes.add(new Node("n" + i, LoopbackPorts.unused(), LoopbackPorts.unused()));
        }
        for (Node n : nodes) {
            start(n);
        }
    }

    String peers() {
        return String.join(",", nodes.stream().map(n -> n.id + "=127.0.0.1:" + n.peerPort).toList());
    }

    String endpoints() {
        return String.join(",", nodes.stream().map(Node::endpoint).toList());
    }

    /** Node {@code n}'s data directory: its Raft log and snapshots (the token is the cluster's). */
    Path data(Node n) {
        return dir.resolve(n.id);
    }

    void start(Node n) throws IOException {
        Path data = data(n);
        Files.createDirectories(data);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "htty.daemon.Main", "daemon",
                "--id", n.id, "--peers", peers(), "--api", n.endpoint(), "--data", data.toString(),
                "--token-file", tokenFile.toString()));
        command.addAll(daemonOptions);
        n.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(n.id + ".log").toFile()))
                .start();
        if (n.channel == null) {
            n.channel = NettyChannelBuilder.forTarget(n.endpoint()).usePlaintext().maxInboundMessageSize(16 << 20)
                    .build();
        }
    }

    /** A stub for node {@code n} carrying the token. */
    HttyGrpc.HttyBlockingStub stub(Node n) {
        reconnectNow(n);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return HttyGrpc.newBlockingStub(n.channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    HttyGrpc.HttyStub asyncStub(Node n) {
        reconnectNow(n);
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return HttyGrpc.newStub(n.channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /**
     * A channel that failed to connect while its daemon was down (or still starting) waits before it
     * tries again, longer after each failure: after ten seconds down, long enough for a test's
     * wait for a restarted daemon to time out although the daemon had been answering for a while.
     */
    private static void reconnectNow(Node n) {
        n.channel.resetConnectBackoff();
    }

    /** Waits until some daemon reports a leader that every live daemon agrees on. */
    Node awaitLeader(Duration timeout) throws Exception {
        return Await.until(timeout, "a leader elected", () -> {
            String leader = null;
            for (Node n : nodes) {
                if (!n.process.isAlive()) {
                    continue;
                }
                StatusReply s = stub(n).withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
                if (s.getLeader().isEmpty() || (leader != null && !leader.equals(s.getLeader()))) {
                    return null;
                }
                leader = s.getLeader();
            }
            String id = leader;
            return nodes.stream().filter(n -> n.id.equals(id)).findFirst().orElse(null);
        });
    }

    /** A daemon that is not the leader now. */
    Node follower(Duration timeout) throws Exception {
        Node leader = awaitLeader(timeout);
        return nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    /** Sends a daemon a signal (STOP, CONT, ...) by its PID; fails if {@code kill} does. */
    void signal(Node n, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(n.process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + n.id + " failed");
        }
    }

    void kill(Node n) throws InterruptedException {
        n.process.destroyForcibly(); // SIGKILL
        n.process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Everything node {@code n} logged, through all its restarts. */
    String log(Node n) throws IOException {
        return Files.readString(dir.resolve(n.id + ".log"));
    }

    /** The last {@code lines} lines of every node's log (less Ratis's client noise), for a failed test's report. */
    String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        for (Node n : nodes) {
            tails.append("---- the last ").append(lines).append(" lines of ").append(n.id).append("'s log ----\n");
            try {
                // htty's own lines: Ratis's client logs every failed request with its stack trace.
                List<String> all = Files.readAllLines(dir.resolve(n.id + ".log")).stream()
                        .filter(l -> !l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("Caused by")
                                && !l.contains(" OrderedAsync - ") && !l.startsWith("java."))
                        .toList();
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> tails.append(l).append('\n'));
            } catch (IOException e) {
                tails.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return tails.toString();
    }

    @Override
    public void close() throws IOException {
        for (Node n : nodes) {
            if (n.channel != null) {
                n.channel.shutdownNow();
            }
            if (n.process != null && n.process.isAlive()) {
                n.process.destroy();
                try {
                    if (!n.process.waitFor(10, TimeUnit.SECONDS)) {
                        n.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        keepLogs();
        deleteTree(dir);
    }

    /** With {@code HTTY_E2E_LOGS=DIR} set, the daemons' logs are copied there before the cluster's directory goes. */
    private void keepLogs() throws IOException {
        String keep = System.getenv("HTTY_E2E_LOGS");
        if (keep == null || keep.isEmpty()) {
            return;
        }
        Path into = Files.createDirectories(Path.of(keep).resolve(dir.getFileName()));
        for (Node n : nodes) {
            Path log = dir.resolve(n.id + ".log");
            if (Files.exists(log)) {
                Files.copy(log, into.resolve(n.id + ".log"));
            }
        }
    }

    /** Deletes a stopped node's data directory, as if the daemon had never run there. */
    void wipe(Node n) throws IOException {
        if (n.process.isAlive()) {
            throw new IllegalStateException(n.id + " is running");
        }
        deleteTree(data(n));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
