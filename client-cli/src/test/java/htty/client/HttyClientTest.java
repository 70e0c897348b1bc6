package htty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.KillRequest;
import htty.proto.api.CreateRequest;
import htty.proto.api.ListRequest;
import htty.proto.api.SendInputRequest;
import io.grpc.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's failover and error mapping, against real gRPC servers on loopback. */
class HttyClientTest {

    /** Short enough to keep the tests quick, long enough for a cold JVM's first connection. */
    private static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Token token;

    @BeforeEach
    void writeToken() throws IOException {
        token = tokenFile("secret");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void skipsADaemonThatIsDown() throws Exception {
        FakeDaemon up = daemon("n2");
        HttyClient client = client(List.of(closedPort(), up.endpoint()));

        assertEquals(42, client.list().getAppliedIndex());
        assertEquals(1, up.count(ListRequest.class));
    }

    @Test
    void skipsADaemonWithoutLeader() throws Exception {
        FakeDaemon leaderless = daemon("n1").failWith(Status.UNAVAILABLE.withDescription("no leader"));
        FakeDaemon healthy = daemon("n2");
        HttyClient client = client(List.of(leaderless.endpoint(), healthy.endpoint()));

        assertEquals(43, client.kill("s", 0).getIndex());
        assertEquals(1, leaderless.count(KillRequest.class));
    }

    @Test
    void asksTheDaemonThatAnsweredLastFirst() throws Exception {
        FakeDaemon leaderless = daemon("n1").failWith(Status.UNAVAILABLE);
        FakeDaemon healthy = daemon("n2");
        HttyClient client = client(List.of(leaderless.endpoint(), healthy.endpoint()));

        client.list();
        client.list();
        client.list();

        assertEquals(1, leaderless.count(ListRequest.class));
        assertEquals(3, healthy.count(ListRequest.class));
    }

    @Test
    void skipsAHungDaemonAfterThePerCallTimeout() throws Exception {
        FakeDaemon hung = daemon("n1").hang();
        FakeDaemon healthy = daemon("n2");
        Timeouts timeouts = new Timeouts(Duration.ofSeconds(10), Duration.ofMillis(500));
        HttyClient client = track(HttyClient.builder(List.of(hung.endpoint(), healthy.endpoint()), token)
                .timeouts(timeouts).build());

        long start = System.nanoTime();
        client.list();

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(timeouts.overall()) < 0, "took " + took);
        assertEquals(1, healthy.count(ListRequest.class));
    }

    @Test
    void anUnknownSessionIsTheClustersAnswer() throws Exception {
        FakeDaemon first = daemon("n1").failWith(Status.NOT_FOUND.withDescription("no session named x"));
        FakeDaemon second = daemon("n2");
        HttyClient client = client(List.of(first.endpoint(), second.endpoint()));

        HttyException error = assertThrows(HttyException.class, () -> client.kill("x", 0));

        assertEquals(ExitCode.NO_SUCH_SESSION, error.exitCode());
        assertEquals("no session named x", error.getMessage());
        assertEquals(0, second.received.size());
    }

    @Test
    void aBadArgumentIsAUsageErrorWithTheDaemonsExplanation() throws Exception {
        FakeDaemon daemon = daemon("n1").failWith(Status.INVALID_ARGUMENT.withDescription("bad session name 'a b'"));
        HttyClient client = client(List.of(daemon.endpoint()));

        HttyException error = assertThrows(HttyException.class, () -> client.resize("a b", 80, 24));

        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals("bad session name 'a b'", error.getMessage());
    }

    @Test
    void noAnswerBeforeTheDeadlineMeansTheClusterIsUnavailable() throws Exception {
        FakeDaemon first = daemon("n1").failWith(Status.UNAVAILABLE.withDescription("no leader"));
        Endpoint down = closedPort();
        HttyClient client = client(List.of(first.endpoint(), down));

        long start = System.nanoTime();
        HttyException error = assertThrows(HttyException.class, client::list);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
        assertTrue(error.getMessage().contains(first.endpoint() + ": UNAVAILABLE no leader"), error.getMessage());
        assertTrue(error.getMessage().contains(down.toString()), error.getMessage());
        assertTrue(took.compareTo(QUICK.overall()) >= 0 && took.compareTo(QUICK.overall().plusSeconds(1)) < 0, "took " + took);
        assertTrue(first.count(ListRequest.class) > 2, "kept trying while time was left");
    }

    @Test
    void createUnlessExistsSaysWhenNoDaemonAnswered() throws Exception {
        HttyClient client = client(List.of(closedPort()));

        HttyException error = assertThrows(HttyException.class,
                () -> client.createUnlessExists(CreateRequest.newBuilder().setName("s").build()));

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
    }

    @Test
    void sendsTheTokenOnEveryCall() throws Exception {
        FakeDaemon daemon = daemon("n1");
        HttyClient client = track(HttyClient.connect(List.of(daemon.endpoint()), token));

        client.list();
        client.status();

        assertEquals(List.of("Bearer secret", "Bearer secret"), daemon.authorizations);
    }

    @Test
    void aRefusedTokenIsTracedToItsFile() throws Exception {
        FakeDaemon daemon = daemon("n1");
        Token wrong = tokenFile("wrong");
        HttyClient client = track(HttyClient.builder(List.of(daemon.endpoint()), wrong).timeouts(QUICK).build());

        HttyException error = assertThrows(HttyException.class, client::list);

        assertEquals(ExitCode.ERROR, error.exitCode());
        assertTrue(error.getMessage().contains("wrong or missing"), error.getMessage());
        assertTrue(error.getMessage().contains(dir.resolve("token").toString()), error.getMessage());
    }

    @Test
    void aMissingTokenSaysHowToGiveOne() throws Exception {
        FakeDaemon daemon = daemon("n1");
        HttyClient client = track(HttyClient.builder(List.of(daemon.endpoint()), Token.none()).timeouts(QUICK).build());

        HttyException error = assertThrows(HttyException.class, client::list);

        assertEquals(List.of("null"), daemon.authorizations);
        assertEquals(ExitCode.ERROR, error.exitCode());
        assertTrue(error.getMessage().contains("--token-file"), error.getMessage());
    }

    @Test
    void aRetriedInputKeepsItsSequenceNumberAndTheNextOneGrows() throws Exception {
        FakeDaemon leaderless = daemon("n1").failWith(Status.UNAVAILABLE);
        FakeDaemon healthy = daemon("n2");
        HttyClient client = client(List.of(leaderless.endpoint(), healthy.endpoint()));

        assertEquals(101, client.sendInput("s", new byte[] {'a'}).getIndex());
        assertEquals(102, client.sendInput("s", new byte[] {'b'}).getIndex());

        SendInputRequest tried = (SendInputRequest) leaderless.received.getFirst();
        SendInputRequest applied = (SendInputRequest) healthy.received.getFirst();
        assertEquals(tried, applied);
        assertEquals(client.clientId(), applied.getClientId());
        assertEquals(1, applied.getSeq());
        SendInputRequest next = (SendInputRequest) healthy.received.get(1);
        assertEquals(2, next.getSeq());
        assertEquals(1, next.getAcknowledgedThrough(), "it says seq 1 was acknowledged");
    }

    @Test
    void anInputThatFailedIsNotWaitedForByTheNext() throws Exception {
        FakeDaemon daemon = daemon("n1").failWith(Status.UNAVAILABLE.withDescription("no leader"));
        HttyClient client = client(List.of(daemon.endpoint()));
        String before = client.clientId();

        assertThrows(HttyException.class, () -> client.sendInput("s", new byte[] {'a'}));
        daemon.failWith(null);
        client.sendInput("s", new byte[] {'b'});

        SendInputRequest next = (SendInputRequest) daemon.received.getLast();
        assertEquals(1, next.getSeq(), "the failed input's fate is unknown: later input is numbered afresh");
        assertEquals(client.clientId(), next.getClientId());
        assertNotEquals(before, next.getClientId());
    }

    @Test
    void captureOnANodeAsksThatNodeOnly() throws Exception {
        FakeDaemon n1 = daemon("n1");
        FakeDaemon n2 = daemon("n2").onCapture(request -> CaptureReply.newBuilder().setText("screen of n2").build());
        HttyClient client = track(HttyClient.builder(List.of(n1.endpoint(), n2.endpoint()), token)
                .nodeIds(List.of("n1", "n2")).timeouts(QUICK).build());

        CaptureReply reply = client.capture(CaptureRequest.newBuilder().setName("s").build(), "n2");

        assertEquals("screen of n2", reply.getText());
        assertEquals("n2", reply.getNode());
        assertEquals(0, n1.received.size());
    }

    @Test
    void captureOnANodeFindsItByAskingWhenIdsAreNotGiven() throws Exception {
        FakeDaemon n1 = daemon("n1");
        FakeDaemon n2 = daemon("n2");
        HttyClient client = client(List.of(n1.endpoint(), n2.endpoint()));

        assertEquals("n2", client.capture(CaptureRequest.newBuilder().setName("s").build(), "n2").getNode());
        assertEquals(0, n1.count(CaptureRequest.class));
    }

    @Test
    void captureOnANodeThatIsDownDoesNotFailOver() throws Exception {
        Endpoint down = closedPort();
        FakeDaemon n2 = daemon("n2");
        HttyClient client = track(HttyClient.builder(List.of(down, n2.endpoint()), token)
                .nodeIds(List.of("n1", "n2")).timeouts(QUICK).build());

        HttyException error = assertThrows(HttyException.class,
                () -> client.capture(CaptureRequest.newBuilder().setName("s").build(), "n1"));

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
        assertEquals(0, n2.count(CaptureRequest.class));
    }

    @Test
    void captureOnANodeNobodyIsNamesTheNodes() throws Exception {
        HttyClient client = client(List.of(daemon("n1").endpoint(), daemon("n2").endpoint()));

        HttyException error = assertThrows(HttyException.class,
                () -> client.capture(CaptureRequest.newBuilder().setName("s").build(), "n9"));

        assertEquals(ExitCode.ERROR, error.exitCode());
        assertTrue(error.getMessage().contains("n1, n2"), error.getMessage());
    }

    @Test
    void statusAsksEveryDaemonAndReportsTheSilentOnes() throws Exception {
        FakeDaemon n1 = daemon("n1");
        Endpoint down = closedPort();
        HttyClient client = client(List.of(n1.endpoint(), down));

        List<NodeStatus> statuses = client.status();

        assertEquals("n1", statuses.get(0).reply().orElseThrow().getId());
        assertTrue(statuses.get(0).knowsLeader());
        assertEquals(down, statuses.get(1).endpoint());
        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, statuses.get(1).error().orElseThrow().exitCode());
    }

    private FakeDaemon daemon(String id) throws IOException {
        return track(FakeDaemon.start(id));
    }

    private HttyClient client(List<Endpoint> endpoints) {
        return track(HttyClient.builder(endpoints, token).timeouts(QUICK).build());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private Token tokenFile(String secret) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, secret + "\n");
        return Token.readFrom(file);
    }

    /** An endpoint nothing listens on: connecting is refused. */
    static Endpoint closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new Endpoint("127.0.0.1", socket.getLocalPort());
        }
    }
}
