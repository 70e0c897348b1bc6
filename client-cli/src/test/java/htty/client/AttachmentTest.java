package htty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.AttachStart;
import htty.proto.api.OutputChunk;
import htty.proto.api.Redraw;
import htty.proto.api.SessionEvent;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attachment's stream, detach and resumption on another daemon, against real gRPC servers. */
class AttachmentTest {

    /**
     * Short enough to keep the tests that give up quick; the per-call timeout is also a new stream's
     * time to say its first word, which a cold JVM on a loaded machine needs.
     */
    private static final Timeouts QUICK = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private static final AttachStart START = AttachStart.newBuilder().setName("s").setCols(100).setRows(30).build();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final StringBuffer shown = new StringBuffer();
    /** The notices received, and where in {@link #shown} each came. */
    private final List<String> notices = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void showsTheRedrawThenTheOutputUntilTheSessionExits() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("SCREEN", 10));
                events.onNext(output("abc", 10));
                events.onNext(exited(3));
            }
        });
        Attachment attachment = attach(List.of(daemon.endpoint()));

        AttachEnd end = attachment.awaitEnd();

        assertEquals(new AttachEnd(AttachEnd.Reason.EXITED, 3), end);
        assertEquals("SCREENabc", shown.toString());
        AttachStart start = ((AttachRequest) daemon.received.getFirst()).getStart();
        assertEquals(attachment.clientId(), start.getClientId());
        assertEquals(100, start.getCols());
        assertEquals(30, start.getRows());
        assertEquals(0, start.getResumeOffset());
    }

    @Test
    void resumesOnAnotherDaemonWhenTheStreamBreaks() throws Exception {
        FakeDaemon first = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
                events.onNext(output("hello", 0));
            } else if (request.getInput().getSeq() == 1) {
                events.onNext(AttachEvent.newBuilder().setInputAck(1).build());
            } else {
                events.onError(Status.UNAVAILABLE.withDescription("daemon stopping").asRuntimeException());
            }
        });
        FakeDaemon second = daemon("n2", (request, events) -> {
            if (request.hasInput()) {
                // Overlaps the two bytes "lo" the client has shown already.
                events.onNext(output("lo world", 3));
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attach(List.of(first.endpoint(), second.endpoint()));
        awaitShown("Shello");

        attachment.sendInput("a".getBytes(StandardCharsets.UTF_8));
        attachment.sendInput("b".getBytes(StandardCharsets.UTF_8));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals("Shello world", shown.toString());
        AttachRequest restart = (AttachRequest) second.received.get(0);
        assertEquals(5, restart.getStart().getResumeOffset());
        assertEquals(attachment.clientId(), restart.getStart().getClientId());
        AttachRequest resent = (AttachRequest) second.received.get(1);
        assertEquals(2, resent.getInput().getSeq(), "only the unacknowledged input is resent");
        assertEquals(1, resent.getInput().getAcknowledgedThrough(), "with the word that seq 1 was acknowledged");
        assertEquals("b", resent.getInput().getData().toStringUtf8());
        assertEquals(2, second.received.size());
    }

    @Test
    void anInputRefusedAsEarlyIsResentAfterTheOnesBeforeIt() throws Exception {
        FakeDaemon first = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
            } else if (request.getInput().getSeq() == 2) {
                // Seq 1 was lost on its way to the log; seq 2 came first and was refused.
                events.onError(Status.ABORTED.withDescription("input 2 came before an earlier one").asRuntimeException());
            }
        });
        FakeDaemon second = daemon("n2", (request, events) -> {
            if (request.hasInput() && request.getInput().getSeq() == 2) {
                events.onNext(AttachEvent.newBuilder().setInputAck(2).build());
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attach(List.of(first.endpoint(), second.endpoint()));
        awaitShown("S");

        attachment.sendInput("a".getBytes(StandardCharsets.UTF_8));
        attachment.sendInput("b".getBytes(StandardCharsets.UTF_8));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        List<Long> resent = second.received.stream().map(r -> (AttachRequest) r).filter(AttachRequest::hasInput)
                .map(r -> r.getInput().getSeq()).toList();
        assertEquals(List.of(1L, 2L), resent, "both inputs again, in order");
    }

    @Test
    void leavesADaemonThatFallsSilentAndResumesOnTheNext() throws Exception {
        FakeDaemon silent = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
                events.onNext(output("hello", 0));
            }
            // Then nothing, as from a daemon that was paused: no error, no end, no heartbeat.
        });
        FakeDaemon next = daemon("n2", (request, events) -> {
            if (request.hasInput()) {
                events.onNext(AttachEvent.newBuilder().setInputAck(request.getInput().getSeq()).build());
                events.onNext(output("!", 5));
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attach(List.of(silent.endpoint(), next.endpoint()));
        awaitShown("Shello");

        attachment.sendInput("k".getBytes(StandardCharsets.UTF_8));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals("Shello!", shown.toString());
        AttachRequest restart = (AttachRequest) next.received.get(0);
        assertEquals(5, restart.getStart().getResumeOffset());
        AttachRequest resent = (AttachRequest) next.received.get(1);
        assertEquals(1, resent.getInput().getSeq(), "the input the silent daemon never acknowledged, as it was");
        assertEquals("k", resent.getInput().getData().toStringUtf8());
    }

    @Test
    void heartbeatsKeepAQuietStreamAttached() throws Exception {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        open.add(beats::shutdownNow);
        AtomicInteger sent = new AtomicInteger();
        int enough = (int) (2 * Attachment.SILENCE_LIMIT.toMillis() / 200);
        FakeDaemon quiet = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
                beats.scheduleAtFixedRate(() -> {
                    synchronized (events) {
                        if (sent.incrementAndGet() < enough) {
                            events.onNext(AttachEvent.newBuilder().setHeartbeat(sent.get()).build());
                        } else if (sent.get() == enough) {
                            events.onNext(exited(0));
                        }
                    }
                }, 200, 200, TimeUnit.MILLISECONDS);
            }
        });
        FakeDaemon other = daemon("n2", (request, events) -> { });
        Attachment attachment = attach(List.of(quiet.endpoint(), other.endpoint()));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals(0, other.count(AttachRequest.class), "twice the silence limit on heartbeats alone, and never left");
    }

    @Test
    void aLongReconnectionIsAnnouncedAndResumesWithARedrawThatPaintsOverTheNotice() throws Exception {
        FakeDaemon broken = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
                events.onNext(output("hello", 0));
                events.onError(Status.UNAVAILABLE.withDescription("daemon stopping").asRuntimeException());
            }
        });
        FakeDaemon slow = daemon("n2", (request, events) -> {
            // Asked for the missed bytes, it says nothing (yet); asked for a redraw, it answers.
            if (request.hasStart() && request.getStart().getResumeOffset() == 0) {
                events.onNext(redraw("FRESH", 9));
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attachListening(List.of(broken.endpoint(), slow.endpoint()));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals(List.of("reconnecting from " + broken.endpoint() + " at 6"), notices);
        assertEquals("ShelloFRESH", shown.toString());
        // The first start, for the missed bytes, may have been cancelled before it reached the daemon.
        List<Long> resumes = slow.received.stream().map(r -> ((AttachRequest) r).getStart().getResumeOffset()).toList();
        assertEquals(0L, resumes.getLast());
        assertTrue(resumes.subList(0, resumes.size() - 1).stream().allMatch(offset -> offset == 5), resumes::toString);
    }

    @Test
    void aTakeoverIsNoticedBeforeTheRedrawOfItsScreen() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("OLD", 0));
                events.onNext(AttachEvent.newBuilder().setEvent(SessionEvent.newBuilder()
                        .setKind(SessionEvent.Kind.TAKEOVER).setNode("n3").setEpoch(2)).build());
                events.onNext(redraw("NEW", 0));
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attachListening(List.of(daemon.endpoint()));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals(List.of("n3 took over at epoch 2 at 3"), notices);
        assertEquals("OLDNEW", shown.toString());
    }

    @Test
    void aReconnectionThatFindsNoLeaderKeepsTrying() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        FakeDaemon broken = daemon("n1", (request, events) -> {
            if (request.hasStart() && starts.getAndIncrement() == 0) {
                events.onNext(redraw("S", 0));
                events.onError(Status.UNAVAILABLE.withDescription("daemon stopping").asRuntimeException());
            } else if (request.hasStart()) {
                events.onError(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
            }
        });
        AtomicInteger tries = new AtomicInteger();
        FakeDaemon electing = daemon("n2", (request, events) -> {
            if (request.hasStart() && tries.incrementAndGet() < 3) {
                events.onError(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
            } else if (request.hasStart()) {
                events.onNext(output("elected", 1));
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attach(List.of(broken.endpoint(), electing.endpoint()));

        assertEquals(AttachEnd.Reason.EXITED, attachment.awaitEnd().reason());
        assertEquals("Selected", shown.toString());
        assertEquals(3, tries.get());
    }

    @Test
    void daemonsThatShowTheScreenButCommitNothingCountAgainstTheDeadline() throws Exception {
        BiConsumer<AttachRequest, StreamObserver<AttachEvent>> leaderless = (request, events) -> {
            if (request.hasStart()) {
                events.onNext(redraw("S", 0));
            } else if (request.hasInput()) {
                events.onError(Status.UNAVAILABLE.withDescription("no leader").asRuntimeException());
            }
        };
        FakeDaemon first = daemon("n1", leaderless);
        FakeDaemon second = daemon("n2", leaderless);
        Attachment attachment = attach(List.of(first.endpoint(), second.endpoint()));
        awaitShown("S");

        long start = System.nanoTime();
        attachment.sendInput("k".getBytes(StandardCharsets.UTF_8));
        HttyException error = assertThrows(HttyException.class, attachment::awaitEnd);

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(QUICK.overall().multipliedBy(2)) < 0,
                "gave up near the overall timeout");
    }

    @Test
    void sendsResizes() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) -> {
            if (request.hasResize()) {
                events.onNext(exited(0));
            }
        });
        Attachment attachment = attach(List.of(daemon.endpoint()));

        attachment.resize(120, 40);
        attachment.awaitEnd();

        AttachRequest resize = (AttachRequest) daemon.received.get(1);
        assertEquals("s", resize.getResize().getName());
        assertEquals(120, resize.getResize().getCols());
        assertEquals(40, resize.getResize().getRows());
    }

    @Test
    void detachEndsWhenTheDaemonConfirms() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) -> {
            if (request.getDetach()) {
                events.onNext(AttachEvent.newBuilder()
                        .setEvent(SessionEvent.newBuilder().setKind(SessionEvent.Kind.DETACHED)).build());
                events.onCompleted();
            }
        });
        Attachment attachment = attach(List.of(daemon.endpoint()));

        long start = System.nanoTime();
        attachment.detach();

        assertEquals(AttachEnd.Reason.DETACHED, attachment.awaitEnd().reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 900, "did not wait for the grace period");
    }

    @Test
    void detachEndsAnywayWhenTheDaemonSaysNothing() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) -> { });
        Attachment attachment = attach(List.of(daemon.endpoint()));

        attachment.detach();

        assertEquals(AttachEnd.Reason.DETACHED, attachment.awaitEnd().reason());
        assertFalse(attachment.isOpen());
    }

    @Test
    void anUnknownSessionEndsTheAttachment() throws Exception {
        FakeDaemon daemon = daemon("n1", (request, events) ->
                events.onError(Status.NOT_FOUND.withDescription("no session named s").asRuntimeException()));
        Attachment attachment = attach(List.of(daemon.endpoint()));

        HttyException error = assertThrows(HttyException.class, attachment::awaitEnd);

        assertEquals(ExitCode.NO_SUCH_SESSION, error.exitCode());
        assertEquals("no session named s", error.getMessage());
    }

    @Test
    void noDaemonToAttachThroughMeansTheClusterIsUnavailable() throws Exception {
        Attachment attachment = attach(List.of(HttyClientTest.closedPort(), HttyClientTest.closedPort()));

        HttyException error = assertThrows(HttyException.class, attachment::awaitEnd);

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
    }

    private FakeDaemon daemon(String id, BiConsumer<AttachRequest, StreamObserver<AttachEvent>> script) throws IOException {
        FakeDaemon daemon = FakeDaemon.start(id).onAttach(events -> new StreamObserver<>() {
            @Override
            public void onNext(AttachRequest request) {
                script.accept(request, events);
            }

            @Override
            public void onError(Throwable error) {
            }

            @Override
            public void onCompleted() {
                events.onCompleted();
            }
        });
        open.add(daemon);
        return daemon;
    }

    private Attachment attach(List<Endpoint> endpoints) throws IOException {
        Attachment attachment = client(endpoints).attach(START, bytes -> shown.append(bytes.toStringUtf8()));
        open.add(attachment);
        return attachment;
    }

    /** Attaches with a listener that notes each notice, and how much of the screen was shown before it. */
    private Attachment attachListening(List<Endpoint> endpoints) throws IOException {
        Attachment attachment = client(endpoints).attach(START, bytes -> shown.append(bytes.toStringUtf8()), notice -> {
            String what = switch (notice) {
                case AttachNotice.Reconnecting r -> "reconnecting from " + r.lost();
                case AttachNotice.TakenOver t -> t.node() + " took over at epoch " + t.epoch();
            };
            notices.add(what + " at " + shown.length());
        });
        open.add(attachment);
        return attachment;
    }

    private HttyClient client(List<Endpoint> endpoints) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "secret");
        HttyClient client = HttyClient.builder(endpoints, Token.readFrom(file)).timeouts(QUICK).build();
        open.add(client);
        return client;
    }

    private void awaitShown(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!shown.toString().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, shown.toString());
    }

    private static AttachEvent redraw(String screen, long offset) {
        return AttachEvent.newBuilder()
                .setRedraw(Redraw.newBuilder().setScreen(ByteString.copyFromUtf8(screen)).setOffset(offset)).build();
    }

    private static AttachEvent output(String data, long offset) {
        return AttachEvent.newBuilder()
                .setOutput(OutputChunk.newBuilder().setData(ByteString.copyFromUtf8(data)).setOffset(offset)).build();
    }

    private static AttachEvent exited(int status) {
        return AttachEvent.newBuilder()
                .setEvent(SessionEvent.newBuilder().setKind(SessionEvent.Kind.EXITED).setExitStatus(status)).build();
    }
}
