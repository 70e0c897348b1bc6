package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.Attachment;
import htty.client.Endpoint;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.client.Token;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.AttachStart;
import htty.proto.api.StatusReply;
import htty.proto.api.StatusRequest;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leader that dies, pauses or hands over: the sessions carry on on a new leader, with real daemon
 * processes killed with SIGKILL, paused with SIGSTOP, and restarted. Each test leaves all three
 * daemons running and caught up for the next.
 */
class FailoverTest extends ClusterTestBase {
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    /**
     * How long a restarted daemon may take to be back: a JVM to start, its log to replay, its
     * standbys to replay their input. Seconds here, but a CI run on a host that took half its CPU
     * (steal time) needed about 30 s for it. Failovers themselves are held to {@link #FAILOVER}.
     */
    private static final Duration RESTART = Duration.ofSeconds(90);
    /** A fast typist: a line every 50 ms, each sent without waiting for the last to be acknowledged. */
    private static final Duration TYPING_PACE = Duration.ofMillis(50);

    @AfterEach
    void everyDaemonRunsAgain() throws Exception {
        for (LocalCluster.Node n : cluster.nodes) {
            if (n.process.isAlive()) {
                cluster.signal(n, "CONT");
            } else {
                cluster.start(n);
            }
        }
        awaitAllAgree();
    }

    @Test
    void aStandbyKeepsTheShellAcrossAKilledLeader() throws Exception {
        htty.run("new", "-d", "-s", "keep", "-x", "80", "-y", "24", "--", "bash", "--norc", "--noprofile");
        try (PtyClient client = new PtyClient(htty, "attach", "-t", "keep");
                EventStream events = new EventStream(htty, "-t", "keep")) {
            Await.until(FAILOVER, "a prompt", () -> client.text().contains("bash-") ? true : null);
            events.await(FAILOVER, "\"type\":\"screen\"");
            client.type("export X=42\r");
            Await.until(FAILOVER, "the export echoed", () -> client.text().contains("export X=42") ? true : null);
            events.awaitText(FAILOVER, "export X=42");
            LocalCluster.Node leader = cluster.awaitLeader(FAILOVER);
            cluster.kill(leader);
            client.type("echo X=$X on $HTTY_NODE\r");
            String screen = Await.until(FAILOVER, "the shell's variable printed after the failover",
                    () -> client.text().contains("X=42 on n") ? client.text() : null);
            assertTrue(!screen.contains("X=42 on " + leader.id), "the answer came from a new leader:\n" + screen);
            // The survivors saw the leader's connection close, rather than waiting for its silence.
            for (LocalCluster.Node survivor : cluster.nodes) {
                if (survivor != leader) {
                    assertTrue(cluster.log(survivor).contains("the leader " + leader.id + " is gone (its connection "
                            + "closed)"), survivor.id + " did not notice the leader go");
                }
            }

            // A program watching the session through htty events rode through too, and was told.
            String takeover = events.await(FAILOVER, "\"type\":\"takeover\"", "\"epoch\":");
            assertTrue(!takeover.contains("\"node\":\"" + leader.id + "\""), takeover);
            events.awaitText(FAILOVER, "X=42 on n");
        }
    }

    @Test
    void aRespawnStartsTheProgramAfreshWithANotice() throws Exception {
        htty.run("new", "-d", "-s", "fresh", "--takeover", "respawn", "-x", "80", "-y", "24", "--", "bash", "--norc",
                "--noprofile");
        assertTrue(htty.run("ls").stdout().contains("fresh: 80x24, running, respawn"));
        try (PtyClient client = new PtyClient(htty, "attach", "-t", "fresh")) {
            Await.until(FAILOVER, "a prompt", () -> client.text().contains("bash-") ? true : null);
            client.type("export X=42\r");
            Await.until(FAILOVER, "the export echoed", () -> client.text().contains("export X=42") ? true : null);
            cluster.kill(cluster.awaitLeader(FAILOVER));
            Await.until(FAILOVER, "the notice", () -> client.text().contains("[htty: the program was restarted on")
                    ? true : null);
            client.type("echo X=[$X]\r");
            Await.until(FAILOVER, "a fresh shell's answer", () -> client.text().contains("X=[]") ? true : null);
        }
    }

    /**
     * Numbered lines typed into {@code cat > FILE} while leaders are killed (and, when the observer's
     * daemon leads, drained away), by two clients: one sends a line and waits for its acknowledgement,
     * the other is attached and types ahead without waiting, as a person does. The file of the final
     * leader holds every acknowledged line of the first once, in order, and every line of the second
     * (an attachment resends until acknowledged) once, in order; a client watching the output never
     * receives a byte twice or out of order between redraws.
     */
    @Test
    void noAcknowledgedLineIsLostOrDoubledAcrossLeaderKills() throws Exception {
        Path dir = Files.createTempDirectory(cluster.dir, "lines");
        htty.run("new", "-d", "-s", "lines", "-x", "80", "-y", "24", "-c", dir.toString(), "--", "sh", "-c",
                "exec cat > lines.$HTTY_NODE");
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> unknown = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean typing = new AtomicBoolean(true);
        LocalCluster.Node observed = cluster.follower(FAILOVER);
        OutputObserver observer = new OutputObserver();
        cluster.asyncStub(observed).attach(observer).onNext(AttachRequest.newBuilder()
                .setStart(AttachStart.newBuilder().setName("lines").setClientId("observer").setReadOnly(true)).build());
        List<String> typedAhead = Collections.synchronizedList(new ArrayList<>());
        try (HttyClient attaching = HttyClient.connect(Endpoint.parseList(cluster.endpoints()),
                Token.readFrom(cluster.tokenFile));
                Attachment attached = attaching.attach(
                        AttachStart.newBuilder().setName("lines").setCols(80).setRows(24).build(), shown -> { })) {
            Thread typingAhead = Thread.ofPlatform().start(() -> {
                for (int i = 1; typing.get() && attached.isOpen(); i++) {
                    String line = String.format("ahead-%04d", i);
                    attached.sendInput((line + "\r").getBytes(StandardCharsets.UTF_8));
                    typedAhead.add(line);
                    try {
                        Thread.sleep(TYPING_PACE.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread typist = Thread.ofPlatform().start(() -> {
                try (HttyClient client = HttyClient.connect(Endpoint.parseList(cluster.endpoints()),
                        Token.readFrom(cluster.tokenFile))) {
                    for (int i = 1; typing.get(); i++) {
                        String line = String.format("line-%04d", i);
                        try {
                            client.sendInput("lines", (line + "\r").getBytes(StandardCharsets.UTF_8));
                            acknowledged.add(line);
                        } catch (HttyException e) {
                            unknown.add(line); // its fate is unknown: it may or may not be in the file
                            return;
                        }
                    }
                }
            });
            try {
                for (int round = 0; round < 3; round++) {
                    awaitMoreLines(acknowledged, 20);
                    LocalCluster.Node leader = cluster.awaitLeader(FAILOVER);
                    if (leader == observed) {
                        Cli.Result drained = htty.run("node", "drain", leader.id);
                        assertEquals(0, drained.exit(), drained.stdout() + drained.stderr());
                        leader = cluster.awaitLeader(FAILOVER);
                        assertNotEquals(observed, leader);
                        awaitMoreLines(acknowledged, 20);
                    }
                    cluster.kill(leader);
                    awaitMoreLines(acknowledged, 20);
                    cluster.start(leader);
                    awaitWarmStandbys();
                }
            } finally {
                typing.set(false);
                typist.join(TimeUnit.MINUTES.toMillis(1));
                typingAhead.join(TimeUnit.MINUTES.toMillis(1));
            }
            assertTrue(unknown.isEmpty(), "every line was acknowledged within the client's deadline: " + unknown);
            assertTrue(attached.isOpen(), "the attachment rode through every failover");
            LocalCluster.Node holder = cluster.awaitLeader(FAILOVER);
            Path file = dir.resolve("lines." + holder.id);
            List<String> expected = List.copyOf(acknowledged);
            List<String> expectedAhead = List.copyOf(typedAhead);
            List<String> got = Await.until(FAILOVER, "every line in " + file, () -> {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
                return lines.size() >= expected.size() + expectedAhead.size() ? lines : null;
            });
            assertEquals(expected, got.stream().filter(l -> l.startsWith("line-")).toList());
            assertEquals(expectedAhead, got.stream().filter(l -> l.startsWith("ahead-")).toList());
            assertEquals(expected.size() + expectedAhead.size(), got.size(), "nothing else in the file");
            observer.assertNothingTwiceBetweenRedraws();
            assertTrue(observer.chunks > 0, "the observer received output");
        }
    }

    /**
     * A drain to a daemon that has not led since it started: the target first leads a throwaway
     * group of the daemons, which is gone from every daemon's storage afterwards, then takes the
     * session over; a daemon that has led rehearses nothing.
     */
    @Test
    void aDrainsTargetRehearsesLeadingOnceAndLeavesNoGroupBehind() throws Exception {
        htty.run("new", "-d", "-s", "rehearsed", "-x", "80", "-y", "24", "--", "cat");
        LocalCluster.Node leader = cluster.awaitLeader(FAILOVER);
        for (LocalCluster.Node n : cluster.nodes) {
            if (n != leader) { // restarted one after the other, so that neither has led since it started
                cluster.kill(n);
                cluster.start(n);
                awaitAllAgree();
            }
        }
        Cli.Result drained = htty.run("node", "drain", leader.id);
        assertEquals(0, drained.exit(), drained.stdout() + drained.stderr());
        assertTrue(drained.stdout().contains("rehearsed leading, so that the handover runs warm code"),
                drained.stdout() + drained.stderr());
        LocalCluster.Node next = cluster.awaitLeader(FAILOVER);
        assertNotEquals(leader, next);
        assertEquals(0, htty.run("send-keys", "-t", "rehearsed", "after the drain", "Enter").exit());
        Await.until(FAILOVER, "the input echoed by the new leader", () -> htty.run("capture", "-t", "rehearsed", "-p")
                .stdout().contains("after the drain") ? true : null);
        for (LocalCluster.Node n : cluster.nodes) {
            try (var groups = Files.list(cluster.data(n).resolve("raft"))) {
                assertEquals(1, groups.filter(Files::isDirectory).count(),
                        n.id + "'s Raft storage holds the group's directory only");
            }
        }
        try (HttyClient client = HttyClient.connect(Endpoint.parseList(cluster.endpoints()),
                Token.readFrom(cluster.tokenFile))) {
            assertFalse(client.rehearse(next.id), "a daemon that has led rehearses nothing");
        }
    }

    @Test
    void aPausedLeaderComesBackAsAFollowerAndTheReplicasAgree() throws Exception {
        htty.run("new", "-d", "-s", "paused", "-x", "80", "-y", "24", "--", "bash", "--norc", "--noprofile");
        htty.run("send-keys", "-t", "paused", "echo before", "Enter");
        LocalCluster.Node old = cluster.awaitLeader(FAILOVER);
        cluster.signal(old, "STOP");
        try {
            LocalCluster.Node next = Await.until(FAILOVER, "a new leader", () -> {
                for (LocalCluster.Node n : cluster.nodes) {
                    if (n != old) {
                        StatusReply s = cluster.stub(n).withDeadlineAfter(2, TimeUnit.SECONDS)
                                .status(StatusRequest.getDefaultInstance());
                        if (s.getRole().equals("LEADER")) {
                            return n;
                        }
                    }
                }
                return null;
            });
            assertNotEquals(old, next);
            assertEquals(0, htty.run("send-keys", "-t", "paused", "echo during", "Enter").exit());
        } finally {
            cluster.signal(old, "CONT");
        }
        assertEquals(0, htty.run("send-keys", "-t", "paused", "echo after", "Enter").exit());
        Await.until(FAILOVER, "the old leader a follower", () -> cluster.stub(old)
                .withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance()).getRole()
                .equals("FOLLOWER") ? true : null);
        awaitAllAgree();
        String screen = htty.run("capture", "-t", "paused", "-p").stdout();
        assertTrue(screen.contains("\nduring\n") && screen.contains("\nafter\n"), screen);
    }

    private static void awaitMoreLines(List<String> acknowledged, int more) throws Exception {
        int target = acknowledged.size() + more;
        Await.until(FAILOVER, target + " lines acknowledged", () -> acknowledged.size() >= target ? true : null);
    }

    /** Waits until every daemon runs, one leader is agreed on, and no standby is still replaying its input. */
    private static void awaitWarmStandbys() throws Exception {
        cluster.awaitLeader(RESTART);
        Await.until(RESTART, "every standby warm", () -> {
            for (LocalCluster.Node n : cluster.nodes) {
                StatusReply s = cluster.stub(n).withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
                if (s.getProcessesList().stream().anyMatch(p -> p.getRole().equals("warming"))) {
                    return null;
                }
            }
            return true;
        });
    }

    /**
     * Waits until every daemon runs, one leader is agreed on, all have applied the same index, and
     * their screen digests at that index agree.
     */
    private static void awaitAllAgree() throws Exception {
        cluster.awaitLeader(RESTART);
        Await.until(RESTART, "all replicas at one index with equal digests", () -> {
            List<StatusReply> all = new ArrayList<>();
            for (LocalCluster.Node n : cluster.nodes) {
                all.add(cluster.stub(n).withDeadlineAfter(2, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance()));
            }
            boolean agree = all.stream().map(StatusReply::getAppliedIndex).distinct().count() == 1
                    && all.stream().map(StatusReply::getSessionsList).distinct().count() == 1
                    && all.stream().allMatch(s -> s.getProcessesList().stream()
                            .noneMatch(p -> p.getRole().equals("warming")));
            return agree ? true : null;
        });
    }

    /** A read-only attach stream's events: output chunks must follow each other exactly between redraws. */
    private static final class OutputObserver implements StreamObserver<AttachEvent> {
        private static final Pattern NUMBERED = Pattern.compile("(line|ahead)-[0-9]{4}");
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> linesSinceRedraw = new HashSet<>();
        private long next = -1;
        private StringBuilder partial = new StringBuilder();
        volatile int chunks;

        @Override
        public synchronized void onNext(AttachEvent e) {
            switch (e.getKindCase()) {
                case REDRAW -> {
                    next = e.getRedraw().getOffset();
                    linesSinceRedraw.clear();
                    partial = new StringBuilder();
                }
                case OUTPUT -> {
                    chunks++;
                    if (e.getOutput().getOffset() != next) {
                        problems.add("chunk at " + e.getOutput().getOffset() + ", expected " + next);
                    }
                    next = e.getOutput().getOffset() + e.getOutput().getData().size();
                    partial.append(e.getOutput().getData().toStringUtf8());
                    int end;
                    while ((end = partial.indexOf("\n")) >= 0) {
                        Matcher numbered = NUMBERED.matcher(partial.substring(0, end));
                        partial.delete(0, end + 1);
                        while (numbered.find()) {
                            if (!linesSinceRedraw.add(numbered.group())) {
                                problems.add("received twice without a redraw between: " + numbered.group());
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            problems.add("the observer's stream broke: " + t);
        }

        @Override
        public void onCompleted() {
        }

        void assertNothingTwiceBetweenRedraws() {
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }
}
