package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.AttachEnd;
import htty.client.Attachment;
import htty.client.Endpoint;
import htty.client.HttyClient;
import htty.client.Token;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.AttachStart;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateRequest;
import htty.proto.api.ListRequest;
import htty.proto.api.StatusRequest;
import htty.proto.log.EnvVar;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clients ride through a daemon that stops answering (SIGSTOP) or dies (SIGKILL): an attached client
 * moves to another daemon and resumes where it was, its keys applied once; send-keys and capture go to
 * the next daemon. The daemons paused or killed are followers: the leader runs the sessions' programs.
 * A test resumes every daemon it pauses and starts again every daemon it kills, so the next finds
 * the cluster whole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RideThroughTest extends ClusterTestBase {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long an attached client waits for a word from its daemon (htty.client.Attachment.SILENCE_LIMIT). */
    private static final Duration CLIENT_SILENCE_LIMIT = Duration.ofMillis(1500);
    /** A session that echoes each key once: no line discipline, no terminal echo, only cat's. */
    private static final String RAW_CAT = "stty raw -echo; echo READY; exec cat";
    /** How every redraw begins (htty.term.render.Redraw): program output here never holds it. */
    private static final String REDRAW = "\033[H\033[2J";
    /** How many lines the session of the kill test prints, one every 10 ms or so. */
    private static final int LINES = 300;

    @Test
    @Order(1)
    void anIdleAttachmentHearsHeartbeats() throws Exception {
        create("quiet", "exec cat");
        LocalCluster.Node node = cluster.nodes.getFirst();
        List<AttachEvent> events = new CopyOnWriteArrayList<>();
        List<Long> times = new CopyOnWriteArrayList<>();
        StreamObserver<AttachRequest> requests = cluster.asyncStub(node).attach(new StreamObserver<>() {
            @Override
            public void onNext(AttachEvent event) {
                times.add(System.nanoTime());
                events.add(event);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
            }
        });
        try {
            requests.onNext(AttachRequest.newBuilder().setStart(AttachStart.newBuilder().setName("quiet")
                    .setClientId("heartbeat-test")).build());
            Await.until(WAIT, "five heartbeats", () -> events.stream().filter(AttachEvent::hasHeartbeat).count() >= 5
                    ? true : null);
        } finally {
            requests.onError(new IllegalStateException("enough"));
        }
        assertTrue(events.getFirst().hasRedraw(), events.getFirst().toString());
        for (int i = 1; i < 5; i++) {
            assertTrue(events.get(i).hasHeartbeat() && events.get(i).getHeartbeat() > 0, events.get(i).toString());
            Duration gap = Duration.ofNanos(times.get(i) - times.get(i - 1));
            assertTrue(gap.compareTo(CLIENT_SILENCE_LIMIT) < 0, "a gap of " + gap + " would make a client leave");
        }
    }

    @Test
    @Order(2)
    void keysTypedWhileTheAttachedDaemonIsPausedAreEchoedOnceThroughAnother() throws Exception {
        LocalCluster.Node paused = follower();
        create("paused", RAW_CAT);
        try (PtyClient client = new PtyClient(new Cli(cluster, endpoints(paused)), "attach", "-t", "paused")) {
            awaitText(client, "READY");
            cluster.signal(paused, "STOP");
            try {
                client.type("typed-while-paused");
                // Sooner than gRPC's keepalive could tell (ten seconds and a timeout): the silence did.
                Await.until(Duration.ofSeconds(8), "the keys echoed through another daemon",
                        () -> client.text().contains("typed-while-paused") ? true : null);
            } finally {
                cluster.signal(paused, "CONT");
            }
            awaitCaughtUp(paused);
            client.type("+after");
            awaitText(client, "typed-while-paused+after");
            assertEquals(1, count(client.text(), "typed-while-paused"), client.text());
            assertOnceOnEveryDaemon("paused", "typed-while-paused");
        }
    }

    @Test
    @Order(3)
    void aLongOutageShowsANoticeAndTheScreenIsRightAfterwards() throws Exception {
        LocalCluster.Node paused = follower();
        create("outage", RAW_CAT);
        // The paused daemon and a port nobody listens on: the client has nowhere to go until it resumes.
        Cli onlyThroughPaused = new Cli(cluster, paused.endpoint() + ",127.0.0.1:" + closedPort());
        try (PtyClient client = new PtyClient(onlyThroughPaused, "attach", "-t", "outage")) {
            awaitText(client, "READY");
            cluster.signal(paused, "STOP");
            try {
                client.type("typed-in-outage");
                awaitText(client, "[htty: reconnecting to another daemon...]");
            } finally {
                cluster.signal(paused, "CONT");
            }
            Await.until(WAIT, "the keys echoed and the notice painted over", () ->
                    client.text().contains("typed-in-outage") && !client.text().contains("[htty:") ? true : null);
            Await.until(WAIT, "the client showing the session's screen", () ->
                    client.text().equals(capture(paused, "outage")) ? true : null);
            assertEquals(1, count(client.text(), "typed-in-outage"), client.text());
        }
    }

    @Test
    @Order(4)
    void sendKeysAndCaptureGoToTheNextDaemonWhenTheFirstIsPaused() throws Exception {
        LocalCluster.Node paused = follower();
        create("keys", RAW_CAT);
        awaitScreen("keys", "READY");
        Cli pausedFirst = new Cli(cluster, endpoints(paused));
        cluster.signal(paused, "STOP");
        try {
            Cli.Result sent = pausedFirst.run("send-keys", "-t", "keys", "-l", "sent-once");
            assertEquals(0, sent.exit(), sent.stderr());
            Cli.Result captured = pausedFirst.run("capture", "-t", "keys", "--min-index", "0");
            assertEquals(0, captured.exit(), captured.stderr());
            Cli.Result digest = pausedFirst.run("capture", "-t", "keys", "--digest");
            assertEquals(0, digest.exit(), digest.stderr());
            assertTrue(!digest.stdout().trim().endsWith(" " + paused.id), "answered by " + digest.stdout());
        } finally {
            cluster.signal(paused, "CONT");
        }
        awaitCaughtUp(paused);
        assertOnceOnEveryDaemon("keys", "sent-once");
    }

    @Test
    @Order(5)
    void inputInFlightToADaemonThatDiesIsRetriedOnAnotherAndAppliedOnce() throws Exception {
        LocalCluster.Node dying = follower();
        create("inflight", RAW_CAT);
        awaitScreen("inflight", "READY");
        try (HttyClient client = HttyClient.connect(parse(endpoints(dying)), Token.readFrom(cluster.tokenFile))) {
            client.list(); // the first daemon answers: the connection to it is up, and it is asked first
            cluster.signal(dying, "STOP");
            try {
                CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() ->
                        client.sendInput("inflight", "sent-in-flight".getBytes(StandardCharsets.UTF_8)).getIndex());
                Await.until(WAIT, "the input waiting unread at the paused daemon", () -> unreadBytes(dying) ? true : null);
                cluster.kill(dying);
                assertTrue(sent.get(WAIT.toSeconds(), TimeUnit.SECONDS) > 0);
            } finally {
                restart(dying);
            }
        }
        awaitScreen("inflight", "sent-in-flight");
        assertOnceOnEveryDaemon("inflight", "sent-in-flight");
    }

    @Test
    @Order(6)
    void anAttachmentThroughADaemonThatIsKilledResumesWithEveryByteOnce() throws Exception {
        LocalCluster.Node dying = follower();
        create("counting", "for i in $(seq 1 " + LINES + "); do echo line-$i; sleep 0.01; done");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        AttachEnd end;
        try (HttyClient client = HttyClient.connect(parse(endpoints(dying)), Token.readFrom(cluster.tokenFile));
                Attachment attachment = client.attach(AttachStart.newBuilder().setName("counting").setCols(80)
                        .setRows(24).build(), bytes -> {
                            synchronized (received) {
                                received.writeBytes(bytes.toByteArray());
                            }
                        })) {
            // Output flowing after the attach's redraw (the session may be well past its first lines by then).
            Await.until(WAIT, "the output flowing through " + dying.id, () -> {
                String[] parts = text(received).split(Pattern.quote(REDRAW), -1);
                return parts.length > 1 && Pattern.compile("line-\\d+\r\n").matcher(parts[parts.length - 1])
                        .results().count() >= 3 ? true : null;
            });
            try {
                cluster.kill(dying);
                // The program's own pace sets this: a loaded machine forks its sleeps slowly.
                end = CompletableFuture.supplyAsync(attachment::awaitEnd).get(LINES * 250L, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                String shown = text(received);
                throw new AssertionError("still attached; the last shown: " + shown.substring(Math.max(0,
                        shown.length() - 200)), e);
            } finally {
                restart(dying);
            }
        }
        assertEquals(AttachEnd.Reason.EXITED, end.reason());
        String stream = text(received);
        String[] redraws = stream.split(Pattern.quote(REDRAW), -1);
        assertEquals(2, redraws.length, "one redraw, when attaching: after the kill the client got exactly the missed bytes");
        List<Integer> lines = new ArrayList<>();
        Matcher line = Pattern.compile("line-(\\d+)\r\n").matcher(redraws[1]);
        while (line.find()) {
            lines.add(Integer.parseInt(line.group(1)));
        }
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(lines.get(i - 1) + 1, lines.get(i), "line after line-" + lines.get(i - 1));
        }
        assertEquals(LINES, lines.getLast());
        Terminal shown = new Terminal(TerminalConfig.of(80, 24));
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        shown.feed(bytes, 0, bytes.length);
        assertEquals(capture(leader(), "counting"), TextCapture.render(shown, CaptureRange.SCREEN, false, false));
    }

    private static void create(String name, String script) {
        cluster.stub(leader()).create(CreateRequest.newBuilder().setName(name).addArgv("/bin/sh").addArgv("-c")
                .addArgv(script).setCwd("/tmp").setCols(80).setRows(24)
                .addEnv(EnvVar.newBuilder().setName("PATH").setValue("/usr/local/bin:/usr/bin:/bin")).build());
        // A new session's voice comes with a takeover (and a redraw for whoever is attached): let it land first.
        try {
            Await.until(WAIT, name + " has a voice", () -> cluster.stub(leader())
                    .list(ListRequest.getDefaultInstance()).getSessionsList().stream()
                    .anyMatch(s -> s.getName().equals(name) && s.getEpoch() > 0) ? true : null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static LocalCluster.Node leader() {
        try {
            return cluster.awaitLeader(WAIT);
        } catch (Exception e) {
            throw new AssertionError("no leader", e);
        }
    }

    private static LocalCluster.Node follower() {
        try {
            return cluster.follower(WAIT);
        } catch (Exception e) {
            throw new AssertionError("no leader", e);
        }
    }

    /** Every daemon's endpoint, {@code first} first. */
    private static String endpoints(LocalCluster.Node first) {
        return String.join(",", Stream.concat(Stream.of(first), cluster.nodes.stream().filter(n -> n != first))
                .map(LocalCluster.Node::endpoint).toList());
    }

    private static List<Endpoint> parse(String endpoints) {
        return Endpoint.parseList(endpoints);
    }

    /** Starts a killed daemon again and waits until it has applied what the cluster committed. */
    private static void restart(LocalCluster.Node n) throws Exception {
        if (n.process.isAlive()) {
            cluster.kill(n);
        }
        cluster.start(n);
        awaitCaughtUp(n);
    }

    private static void awaitCaughtUp(LocalCluster.Node n) throws Exception {
        Await.until(WAIT, n.id + " caught up", () -> {
            long committed = cluster.stub(leader()).status(StatusRequest.getDefaultInstance()).getCommitIndex();
            return cluster.stub(n).status(StatusRequest.getDefaultInstance()).getAppliedIndex() >= committed ? true : null;
        });
    }

    /** Whether bytes sent to a daemon's client API wait unread in its socket: a call in flight to a paused daemon. */
    private static boolean unreadBytes(LocalCluster.Node n) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnH", "state", "established", "( sport = :" + n.apiPort + " )").start();
        String sockets = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ss.waitFor(10, TimeUnit.SECONDS) && ss.exitValue() == 0, "ss failed");
        return sockets.lines().anyMatch(socket -> Long.parseLong(socket.trim().split("\\s+")[0]) > 0);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The session's screen on daemon {@code n}, once it has applied what the cluster committed. */
    private static String capture(LocalCluster.Node n, String name) {
        long committed = cluster.stub(leader()).status(StatusRequest.getDefaultInstance()).getCommitIndex();
        return cluster.stub(n).capture(CaptureRequest.newBuilder().setName(name).setMinIndex(committed).build())
                .getText();
    }

    private static void awaitScreen(String name, String text) throws Exception {
        Await.until(WAIT, "'" + text + "' on " + name, () -> capture(leader(), name).contains(text) ? true : null);
    }

    private static void awaitText(PtyClient client, String text) throws Exception {
        Await.until(WAIT, "'" + text + "' on the attached client", () -> client.text().contains(text) ? true : null);
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every daemon's screen of {@code session} shows {@code word} exactly once. */
    private static void assertOnceOnEveryDaemon(String session, String word) throws Exception {
        for (LocalCluster.Node n : cluster.nodes) {
            String screen = capture(n, session);
            assertEquals(1, count(screen, word), n.id + ": " + screen);
        }
    }

    private static int count(String text, String word) {
        return text.split(Pattern.quote(word), -1).length - 1;
    }
}
