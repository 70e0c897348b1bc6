package htty.client;

import com.google.protobuf.ByteString;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.AttachStart;
import htty.proto.api.OutputChunk;
import htty.proto.api.ResizeRequest;
import htty.proto.api.SendInputRequest;
import htty.proto.api.SessionEvent;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client attached to a session: the screen's bytes flow to a consumer, keystrokes and size
 * changes flow to the session, until the client detaches or the session ends.
 *
 * <p>The attachment outlives the daemon it streams from. When that stream breaks (the daemon died,
 * lost its leader, or went silent: no output, acknowledgement or heartbeat for
 * {@link #SILENCE_LIMIT}), it reconnects to the next daemon, asks to resume at the last output
 * offset it showed, and resends every input the cluster has not yet acknowledged: the daemon sends
 * exactly the missing output (or a fresh redraw), and the state machine drops inputs it already
 * applied. Output that overlaps what was shown is trimmed, so the consumer sees each byte once. It
 * gives up when the cluster makes no progress for the overall timeout: no input acknowledged, and
 * no screen shown with every input acknowledged (a daemon without a leader still shows the screen).
 *
 * <p>All methods are thread-safe. The consumer is called on a gRPC thread, one call at a time; it
 * may block, which slows this client's stream only (the daemon skips a slow client ahead).
 */
public final class Attachment implements AutoCloseable {

    /** How long a detach waits for the daemon to confirm before ending anyway. */
    private static final Duration DETACH_GRACE = Duration.ofSeconds(1);
    /**
     * Inputs kept for resending until the daemon acknowledges them. A daemon that never
     * acknowledges must not make us hold every keystroke forever.
     */
    private static final int MAX_UNACKNOWLEDGED = 4096;
    /**
     * How long a stream may say nothing before it counts as broken. A daemon sends a heartbeat once
     * its stream has been quiet for 250 ms, so this lets several go missing (a GC pause, a loaded
     * machine), while a stopped or cut-off daemon costs the user a moment instead of the ten seconds
     * and more that TCP or gRPC keepalive take (gRPC-java pings at most every ten seconds).
     */
    static final Duration SILENCE_LIMIT = Duration.ofMillis(1500);
    /** How often the current stream's silence is looked at: a silent stream is left at most this late. */
    private static final Duration SILENCE_CHECK = Duration.ofMillis(100);
    /**
     * A reconnection quicker than this goes unannounced: a notice that flashes by, and the redraw
     * that paints over it, would disturb more than the pause.
     */
    static final Duration NOTICE_AFTER = Duration.ofMillis(200);
    /** One thread for the timers of every attachment: silence checks, pauses between tries, grace. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("htty-attachment-timer").daemon().factory());

    private final List<DaemonConnection> daemons;
    private final Timeouts timeouts;
    private final Token token;
    private final InputSequence inputs = new InputSequence();
    /** Gets the redraws, the output and the session's events, each output byte once. */
    private final Consumer<AttachEvent> view;
    /** Null when no one listens: then nothing is announced, and a resume never needs a redraw. */
    private final Consumer<AttachNotice> notices;
    private final CompletableFuture<AttachEnd> end = new CompletableFuture<>();

    // Guarded by this.
    private AttachStart start;
    private Stream current;
    /** The tries since the cluster last made progress for this attachment; null while it does. */
    private Attempts reconnecting;
    /** The outage going on (from a break until a stream shows the screen again), numbered; 0: none. */
    private long outage;
    private long outages;
    /** The user was told of an outage and may have seen a notice: resume with a redraw, not the missed bytes. */
    private boolean redrawOnResume;
    private boolean detachRequested;
    private ScheduledFuture<?> silenceChecks;
    private final Deque<SendInputRequest> unacknowledged = new ArrayDeque<>();

    /** The offset of the next output byte; written only by the current stream's callbacks. */
    private volatile long offset;

    private Attachment(List<DaemonConnection> daemons, Timeouts timeouts, Token token, AttachStart start,
                       Consumer<AttachEvent> view, Consumer<AttachNotice> notices) {
        this.daemons = daemons;
        this.timeouts = timeouts;
        this.token = token;
        this.start = start.toBuilder().setClientId(inputs.clientId()).build();
        this.view = view;
        this.notices = notices;
        this.offset = start.getResumeOffset();
    }

    /**
     * Opens an attachment. {@code start}'s resume offset says where the output should start (0:
     * with a redraw); {@code view} gets every redraw, output chunk (from the offset shown so far on:
     * never a byte twice) and session event, in order.
     */
    static Attachment open(List<DaemonConnection> daemons, Timeouts timeouts, Token token, AttachStart start,
                           Consumer<AttachEvent> view, Consumer<AttachNotice> notices, int firstDaemon) {
        Attachment attachment = new Attachment(daemons, timeouts, token, start, view, notices);
        synchronized (attachment) {
            attachment.connect(firstDaemon);
            attachment.silenceChecks = TIMER.scheduleWithFixedDelay(attachment::checkSilence,
                    SILENCE_CHECK.toNanos(), SILENCE_CHECK.toNanos(), TimeUnit.NANOSECONDS);
        }
        return attachment;
    }

    /** The client id this attachment's input is numbered under. */
    public String clientId() {
        return inputs.clientId();
    }

    /** Sends keystrokes to the session. Kept and resent across reconnects until acknowledged. */
    public synchronized void sendInput(byte[] bytes) {
        if (end.isDone() || bytes.length == 0) {
            return;
        }
        if (unacknowledged.size() == MAX_UNACKNOWLEDGED) {
            // Input is applied in order: one dropped here would hold back every later one for good.
            fail(new HttyException(ExitCode.CLUSTER_UNAVAILABLE, "the cluster has not acknowledged the last "
                    + MAX_UNACKNOWLEDGED + " inputs; giving up rather than dropping keystrokes"));
            return;
        }
        SendInputRequest input = inputs.next(start.getName(), ByteString.copyFrom(bytes));
        unacknowledged.addLast(input);
        if (current != null) {
            current.send(AttachRequest.newBuilder().setInput(input).build());
        }
    }

    /** Reports this client's terminal size; a reconnect reports the latest one. */
    public synchronized void resize(int cols, int rows) {
        start = start.toBuilder().setCols(cols).setRows(rows).build();
        if (current != null && !end.isDone()) {
            current.send(AttachRequest.newBuilder()
                    .setResize(ResizeRequest.newBuilder().setName(start.getName()).setCols(cols).setRows(rows))
                    .build());
        }
    }

    /** Asks to detach; the attachment ends when the daemon confirms, or after a short grace. */
    public synchronized void detach() {
        if (end.isDone()) {
            return;
        }
        detachRequested = true;
        if (current == null) {
            finish(AttachEnd.detached());
            return;
        }
        current.send(AttachRequest.newBuilder().setDetach(true).build());
        TIMER.schedule(() -> finish(AttachEnd.detached()), DETACH_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isOpen() {
        return !end.isDone();
    }

    /**
     * Waits until the attachment ends.
     *
     * @throws HttyException if it ended in an error: the session does not exist, the token was
     *     refused, or no daemon could be reached within the deadline
     */
    public AttachEnd awaitEnd() {
        try {
            return end.get();
        } catch (ExecutionException e) {
            throw (HttyException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new HttyException(ExitCode.ERROR, "interrupted", e);
        }
    }

    /** Ends the attachment now, detaching if it is still open. */
    @Override
    public synchronized void close() {
        if (current != null && !end.isDone()) {
            current.send(AttachRequest.newBuilder().setDetach(true).build());
        }
        finish(AttachEnd.detached());
    }

    private synchronized void connect(int index) {
        if (end.isDone()) {
            return;
        }
        long resumeAt = redrawOnResume ? 0 : offset;
        Stream stream = new Stream(daemons.get(index), index, resumeAt > 0);
        current = stream;
        stream.daemon.async().attach(stream);
        stream.send(AttachRequest.newBuilder().setStart(start.toBuilder().setResumeOffset(resumeAt)).build());
        // Detaching the others is for the first attach: a reconnect must not detach who came since.
        start = start.toBuilder().setDetachOthers(false).setReconnect(true).build();
        for (SendInputRequest input : unacknowledged) {
            stream.send(AttachRequest.newBuilder().setInput(inputs.stamped(input)).build());
        }
    }

    private synchronized void broken(Stream stream, Status status) {
        if (stream != current || end.isDone()) {
            return;
        }
        current = null;
        if (detachRequested) {
            finish(AttachEnd.detached());
            return;
        }
        // ABORTED: an input came before an earlier one (lost with a daemon's Raft client); resend all, in order.
        if (!Failures.isRetryable(status) && status.getCode() != Status.Code.ABORTED) {
            fail(Failures.fromStatus(status.asRuntimeException(), stream.daemon.endpoint(), token));
            return;
        }
        if (reconnecting == null) {
            // The daemon that broke is the one least likely to answer: start with the next.
            reconnecting = new Attempts(daemons.size(), stream.index + 1, timeouts);
        }
        if (outage == 0 && notices != null) {
            long which = ++outages;
            outage = which;
            Endpoint lost = stream.daemon.endpoint();
            String reason = Failures.summary(status);
            TIMER.schedule(() -> announce(which, lost, reason), NOTICE_AFTER.toNanos(), TimeUnit.NANOSECONDS);
        }
        reconnecting.failed(stream.daemon.endpoint(), status);
        stream.daemon.resetBackoff();
        Duration pause = reconnecting.pauseBeforeNext();
        if (reconnecting.expired()) {
            fail(reconnecting.unavailable());
            return;
        }
        int next = reconnecting.next();
        TIMER.schedule(() -> connect(next), pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How long a new stream may take to say anything: as long as one call may take, at least the silence limit. */
    private Duration firstWord() {
        return timeouts.perCall().compareTo(SILENCE_LIMIT) > 0 ? timeouts.perCall() : SILENCE_LIMIT;
    }

    /** Leaves the current stream for the next daemon if it has said nothing for too long. */
    private synchronized void checkSilence() {
        Stream quiet = current;
        if (quiet != null && quiet.silence.exceeded()) {
            broken(quiet, Status.UNAVAILABLE.withDescription("the daemon went silent"));
            quiet.cancel();
        }
    }

    /**
     * Tells the user of an outage that has lasted {@link #NOTICE_AFTER}, unless it is over. From
     * then on the attachment resumes with a redraw, which paints over whatever the user was shown.
     */
    private synchronized void announce(long which, Endpoint lost, String reason) {
        if (which != outage || end.isDone()) {
            return;
        }
        redrawOnResume = true;
        Stream asked = current;
        if (asked != null && asked.resumedExactly) {
            // It asked for the missed bytes, which would leave the notice on the screen: ask it for a redraw.
            current = null;
            asked.cancel();
            connect(asked.index);
        }
        notice(new AttachNotice.Reconnecting(lost, reason));
    }

    /**
     * Whether {@code stream}'s {@code event} still counts, and what it says of progress: a screen
     * shown ends the outage; an acknowledged input, or a screen shown with no input outstanding,
     * means the cluster serves this client, so the next break gets a fresh reconnect deadline.
     */
    private synchronized boolean receiving(Stream stream, AttachEvent event) {
        if (stream != current || end.isDone()) {
            return false;
        }
        switch (event.getKindCase()) {
            case REDRAW, OUTPUT -> {
                outage = 0;
                if (event.hasRedraw()) {
                    redrawOnResume = false;
                }
                if (unacknowledged.isEmpty()) {
                    reconnecting = null;
                }
            }
            case INPUT_ACK -> reconnecting = null;
            default -> {
                // A heartbeat or an event: the daemon is alive, which the silence check has noted.
            }
        }
        return true;
    }

    /** Hands a notice to the user, under the lock: one at a time, and before a redraw that follows it. */
    private synchronized void notice(AttachNotice notice) {
        if (notices == null) {
            return;
        }
        try {
            notices.accept(notice);
        } catch (RuntimeException e) {
            fail(new HttyException(ExitCode.ERROR, "cannot show a notice: " + e.getMessage(), e));
        }
    }

    /** Input {@code seq} was applied, and so was every earlier one (the cluster applies them in order). */
    private synchronized void acknowledged(long seq) {
        inputs.acknowledged(seq);
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().getSeq() <= seq) {
            unacknowledged.removeFirst();
        }
    }

    private synchronized void finish(AttachEnd how) {
        if (stop()) {
            end.complete(how);
        }
    }

    private synchronized void fail(HttyException error) {
        if (stop()) {
            end.completeExceptionally(error);
        }
    }

    private boolean stop() {
        if (end.isDone()) {
            return false;
        }
        if (silenceChecks != null) {
            silenceChecks.cancel(false);
        }
        if (current != null) {
            current.cancel();
            current = null;
        }
        return true;
    }

    private void show(AttachEvent event) {
        try {
            view.accept(event);
        } catch (RuntimeException e) {
            fail(new HttyException(ExitCode.ERROR, "cannot show the session's output: " + e.getMessage(), e));
        }
    }

    private void showOutput(OutputChunk chunk) {
        long from = chunk.getOffset();
        long to = from + chunk.getData().size();
        if (to <= offset) {
            return;
        }
        if (from < offset) {
            // Only the bytes; a watcher's text stands for the whole chunk, whose offset says so.
            chunk = chunk.toBuilder().setOffset(offset).setData(chunk.getData().substring((int) (offset - from))).build();
        }
        offset = to;
        show(AttachEvent.newBuilder().setOutput(chunk).build());
    }

    /** A watcher tells the daemon it reconnects to which epoch it saw last: a takeover since is announced. */
    private synchronized void epochSeen(long epoch) {
        if (epoch > 0) {
            start = start.toBuilder().setEpoch(epoch).build();
        }
    }

    private void sessionEvent(SessionEvent event) {
        if (event.getKind() == SessionEvent.Kind.TAKEOVER) {
            epochSeen(event.getEpoch());
        }
        switch (event.getKind()) {
            case EXITED -> finish(AttachEnd.exited(event.getExitStatus()));
            case DETACHED -> finish(AttachEnd.detached());
            case REMOVED -> finish(AttachEnd.removed());
            case TAKEOVER -> notice(new AttachNotice.TakenOver(event.getNode(), event.getEpoch()));
            default -> {
                // An event kind this client does not know yet: nothing to do.
            }
        }
    }

    /** One attach stream to one daemon. Callbacks from a stream that is no longer current are ignored. */
    private final class Stream implements ClientResponseObserver<AttachRequest, AttachEvent> {

        final DaemonConnection daemon;
        final int index;
        /** It asked to resume at an offset: its first event may be the missed bytes rather than a redraw. */
        final boolean resumedExactly;
        final Silence silence = new Silence(firstWord(), SILENCE_LIMIT, System::nanoTime);
        private ClientCallStreamObserver<AttachRequest> requests;

        Stream(DaemonConnection daemon, int index, boolean resumedExactly) {
            this.daemon = daemon;
            this.index = index;
            this.resumedExactly = resumedExactly;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<AttachRequest> requests) {
            this.requests = requests;
        }

        /** Called with the attachment's lock held, which serializes writes to the stream. */
        void send(AttachRequest request) {
            requests.onNext(request);
        }

        void cancel() {
            requests.cancel("attachment ended", null);
        }

        @Override
        public void onNext(AttachEvent event) {
            silence.heard();
            try {
                if (!receiving(this, event)) {
                    return;
                }
                switch (event.getKindCase()) {
                    case REDRAW -> {
                        offset = event.getRedraw().getOffset();
                        epochSeen(event.getRedraw().getEpoch());
                        show(event);
                    }
                    case OUTPUT -> showOutput(event.getOutput());
                    case EVENT -> {
                        show(event);
                        sessionEvent(event.getEvent());
                    }
                    case INPUT_ACK -> acknowledged(event.getInputAck());
                    default -> {
                        // A heartbeat, or an event this client does not know yet: being heard was all.
                    }
                }
            } finally {
                silence.handled();
            }
        }

        @Override
        public void onError(Throwable error) {
            broken(this, Status.fromThrowable(error));
        }

        @Override
        public void onCompleted() {
            broken(this, Status.UNAVAILABLE.withDescription("the daemon ended the stream"));
        }
    }
}
