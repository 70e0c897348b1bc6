package htty.client;

import com.google.protobuf.ByteString;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachStart;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateReply;
import htty.proto.api.CreateRequest;
import htty.proto.api.DetachReply;
import htty.proto.api.DrainReply;
import htty.proto.api.DrainRequest;
import htty.proto.api.DetachRequest;
import htty.proto.api.KillReply;
import htty.proto.api.KillRequest;
import htty.proto.api.ListReply;
import htty.proto.api.ListRequest;
import htty.proto.api.RehearseRequest;
import htty.proto.api.ResizeReply;
import htty.proto.api.ResizeRequest;
import htty.proto.api.SendInputReply;
import htty.proto.api.SendInputRequest;
import htty.proto.api.StatusReply;
import htty.proto.api.StatusRequest;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A client of an htty cluster: the API of {@code htty.proto}, served by whichever daemon answers.
 *
 * <p>Every daemon accepts every request, so a request goes to one daemon after another, skipping
 * those that are down, leaderless or slow, until one answers or the overall deadline passes. Any
 * other error is the cluster's answer and ends the request at once. Errors arrive as
 * {@link HttyException}s carrying the {@code htty} command's exit code.
 *
 * <p>Input is numbered under this client's id, random per instance, so that a chunk resent after a
 * failover is applied once.
 */
public final class HttyClient implements AutoCloseable {

    /** How much longer than its own timeout a wait gives the daemons to answer: enough for a failover. */
    private static final Duration WAIT_FOR_SLACK = Timeouts.DEFAULT.overall();
    /** A leadership rehearsal takes a few seconds: an election timeout or two, and closing its group. */
    private static final Duration REHEARSAL_PATIENCE = Duration.ofSeconds(20);

    private final List<DaemonConnection> daemons;
    private final List<String> nodeIds;
    private final Token token;
    private final Timeouts timeouts;
    private final Failover failover;
    /** Guarded by this. */
    private InputSequence inputs = new InputSequence();

    private HttyClient(List<Endpoint> endpoints, List<String> nodeIds, Token token, Timeouts timeouts) {
        this.daemons = endpoints.stream().map(endpoint -> new DaemonConnection(endpoint, token)).toList();
        this.nodeIds = nodeIds;
        this.token = token;
        this.timeouts = timeouts;
        this.failover = new Failover(daemons, timeouts, token);
    }

    /** A client of the daemons at {@code endpoints}, with the default timeouts. */
    public static HttyClient connect(List<Endpoint> endpoints, Token token) {
        return builder(endpoints, token).build();
    }

    public static Builder builder(List<Endpoint> endpoints, Token token) {
        return new Builder(endpoints, token);
    }

    /** The id this client's {@link #sendInput} chunks are numbered under; a new one after a send failed. */
    public synchronized String clientId() {
        return inputs.clientId();
    }

    public List<Endpoint> endpoints() {
        return daemons.stream().map(DaemonConnection::endpoint).toList();
    }

    /**
     * Creates a session. Not safe to repeat blindly: if a daemon took the request but its answer
     * was lost, the retry on another daemon finds the name taken.
     */
    /** Creates a session; retries carry one request id, so a retry after a timeout never creates twice. */
    public CreateReply create(CreateRequest request) {
        CreateRequest once = request.getRequestId().isEmpty()
                ? request.toBuilder().setRequestId(UUID.randomUUID().toString()).build() : request;
        return failover.call(stub -> stub.create(once));
    }

    /**
     * Creates a session unless one of that name exists; says whether it created it. A retry that
     * finds the name taken by its own first attempt also answers false.
     */
    public boolean createUnlessExists(CreateRequest request) {
        try {
            create(request);
            return true;
        } catch (HttyException e) {
            // No cause: no daemon answered at all (the cluster is unavailable), which is no answer to this.
            if (e.getCause() != null && Status.fromThrowable(e.getCause()).getCode() == Status.Code.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    public ListReply list() {
        return failover.call(stub -> stub.list(ListRequest.getDefaultInstance()));
    }

    /** Signals a session's process; signal 0 removes the session, hanging its process up. */
    public KillReply kill(String name, int signal) {
        KillRequest request = KillRequest.newBuilder().setName(name).setSignal(signal)
                .setRequestId(UUID.randomUUID().toString()).build();
        return failover.call(stub -> stub.kill(request));
    }

    public ResizeReply resize(String name, int cols, int rows) {
        ResizeRequest request = ResizeRequest.newBuilder().setName(name).setCols(cols).setRows(rows).build();
        return failover.call(stub -> stub.resize(request));
    }

    /**
     * Sends input to a session; returns once it is committed, with its log index. Retries resend
     * the same {@code (client_id, seq)}, which the cluster applies once. Calls are serialized so
     * that this client's input is committed in the order it was sent.
     *
     * @throws HttyException if the input was not acknowledged; it may still be applied. Later
     *     input is numbered afresh, so the cluster does not hold it back waiting for this one.
     */
    public synchronized SendInputReply sendInput(String name, byte[] data) {
        SendInputRequest request = inputs.next(name, ByteString.copyFrom(data));
        try {
            SendInputReply reply = failover.call(stub -> stub.sendInput(request));
            inputs.acknowledged(request.getSeq());
            return reply;
        } catch (HttyException e) {
            inputs = new InputSequence();
            throw e;
        }
    }

    /** Detaches every client attached to the session, whichever daemon it is attached through. */
    public DetachReply detach(String name) {
        DetachRequest request = DetachRequest.newBuilder().setName(name).build();
        return failover.call(stub -> stub.detach(request));
    }

    /**
     * Waits until the session shows (or prints) what {@code request} describes, for at most
     * {@code timeout}. A daemon that fails meanwhile hands the wait to the next one, with what is
     * left of the timeout: the answer is the same, since every daemon applies the same log.
     */
    public WaitForReply waitFor(WaitForRequest request, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration patience = timeout.plus(WAIT_FOR_SLACK);
        Failover waiting = new Failover(daemons, new Timeouts(patience, patience), token);
        return waiting.call(stub -> stub.waitFor(request.toBuilder()
                .setTimeoutMs((int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))).build()));
    }

    /** Captures a session's screen from whichever daemon answers, as that daemon has applied it. */
    public CaptureReply capture(CaptureRequest request) {
        return failover.call(stub -> stub.capture(request));
    }

    /** Captures a session's screen from the daemon with id {@code node} only: no failover. */
    public CaptureReply capture(CaptureRequest request, String node) {
        return failover.callOn(daemonOf(node), stub -> stub.capture(request));
    }

    /** Moves the Raft leadership (and with it every session's voice) from daemon {@code node} to {@code to}. */
    public DrainReply drain(String node, String to) {
        DrainRequest request = DrainRequest.newBuilder().setNode(node).setTo(to).build();
        // Asked of the leader itself, the handover starts at a good moment (RaftNode.transferLeadership);
        // any other daemon passes it on.
        try {
            return failover.callOn(daemonOf(node), stub -> stub.drain(request));
        } catch (HttyException e) {
            if (e.exitCode() != ExitCode.CLUSTER_UNAVAILABLE) {
                throw e;
            }
            return failover.call(stub -> stub.drain(request));
        }
    }

    /**
     * Has daemon {@code node}, unless it has led since it started, lead a throwaway group of the same
     * daemons once, so that a drain to it runs warm code (a few seconds).
     *
     * @return whether it rehearsed (false: it had led)
     */
    public boolean rehearse(String node) {
        RehearseRequest request = RehearseRequest.newBuilder().setNode(node).build();
        // The daemon itself leads its rehearsal, which takes an election timeout or two: no failover,
        // which would start a second one meanwhile.
        return new Failover(daemons, new Timeouts(REHEARSAL_PATIENCE, REHEARSAL_PATIENCE), token)
                .callOn(daemonOf(node), stub -> stub.rehearse(request)).getRehearsed();
    }

    /**
     * The daemon to hand the leadership to when draining {@code node}: of the others that answered,
     * one whose standbys are all warm, the most up to date; empty if no other daemon answered.
     */
    public static Optional<StatusReply> drainTarget(List<NodeStatus> statuses, String node) {
        return statuses.stream().flatMap(s -> s.reply().stream())
                .filter(r -> !r.getId().equals(node))
                .max(Comparator.comparing((StatusReply r) -> r.getProcessesList().stream()
                                .allMatch(p -> p.getRole().equals("standby")))
                        .thenComparingLong(StatusReply::getAppliedIndex));
    }

    /** Asks every daemon for its status, all at once; each answers within the per-call timeout. */
    public List<NodeStatus> status() {
        List<Future<StatusReply>> replies = new ArrayList<>();
        for (DaemonConnection daemon : daemons) {
            replies.add(daemon.future(timeouts.perCall()).status(StatusRequest.getDefaultInstance()));
        }
        List<NodeStatus> statuses = new ArrayList<>();
        for (int i = 0; i < daemons.size(); i++) {
            statuses.add(statusOf(daemons.get(i), replies.get(i)));
        }
        return statuses;
    }

    /**
     * Attaches to a session. {@code start} names the session and gives this client's size; its
     * client id and resume offset are the attachment's own.
     *
     * @param screen receives the session's screen as terminal bytes: a redraw, then its output
     */
    public Attachment attach(AttachStart start, Consumer<ByteString> screen) {
        return attach(start, screen, null);
    }

    /**
     * Attaches to a session, as {@link #attach(AttachStart, Consumer)} does, and tells
     * {@code notices} of what happens to the attachment besides the screen: a reconnection that
     * takes a while, a takeover. Notices come one at a time, and before the redraw that follows
     * them: a notice drawn over the screen is painted over. They must not block for long.
     */
    public Attachment attach(AttachStart start, Consumer<ByteString> screen, Consumer<AttachNotice> notices) {
        return Attachment.open(daemons, timeouts, token, start.toBuilder().setResumeOffset(0).setWatch(false).build(),
                event -> {
                    if (event.hasRedraw()) {
                        screen.accept(event.getRedraw().getScreen());
                    } else if (event.hasOutput()) {
                        screen.accept(event.getOutput().getData());
                    }
                }, notices, failover.preferred());
    }

    /**
     * Watches a session as {@code htty events} does: {@code events} gets the screen as plain text
     * (first, unless {@code fromOffset} is still in the session's output ring; again after a
     * takeover), the output from there on with its plain text, and every event of the session
     * (sizes, clients attaching and leaving, detach orders, takeovers, the exit), in log order.
     * Like an attachment it carries on through another daemon when its stream breaks, without a
     * gap or a byte twice. It ends when the session exits or is removed, or by {@link Attachment#close}.
     */
    public Attachment watch(String name, long fromOffset, Consumer<AttachEvent> events) {
        AttachStart start = AttachStart.newBuilder().setName(name).setWatch(true).setResumeOffset(fromOffset).build();
        return Attachment.open(daemons, timeouts, token, start, events, null, failover.preferred());
    }

    @Override
    public void close() {
        daemons.forEach(DaemonConnection::close);
    }

    /** The daemon with id {@code node}: from the ids given, else by asking each daemon. */
    private DaemonConnection daemonOf(String node) {
        int known = nodeIds.indexOf(node);
        if (known >= 0) {
            return daemons.get(known);
        }
        List<NodeStatus> statuses = status();
        for (int i = 0; i < daemons.size(); i++) {
            if (statuses.get(i).reply().map(StatusReply::getId).orElse("").equals(node)) {
                return daemons.get(i);
            }
        }
        // A daemon that refused us (a wrong token, say) says more than one that did not answer.
        statuses.stream().flatMap(status -> status.error().stream())
                .filter(error -> error.exitCode() != ExitCode.CLUSTER_UNAVAILABLE)
                .findFirst().ifPresent(error -> {
                    throw error;
                });
        List<String> silent = statuses.stream().filter(status -> !status.answered())
                .map(status -> status.endpoint().toString()).toList();
        if (!silent.isEmpty()) {
            throw new HttyException(ExitCode.CLUSTER_UNAVAILABLE, "no daemon that answered is node " + node
                    + "; no answer from " + String.join(", ", silent));
        }
        String ids = statuses.stream().map(status -> status.reply().orElseThrow().getId())
                .collect(Collectors.joining(", "));
        throw new HttyException(ExitCode.ERROR, "no daemon is node " + node + " (the daemons are " + ids + ")");
    }

    private NodeStatus statusOf(DaemonConnection daemon, Future<StatusReply> reply) {
        try {
            return NodeStatus.answered(daemon.endpoint(), reply.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException error) {
                return NodeStatus.failed(daemon.endpoint(), Failures.fromStatus(error, daemon.endpoint(), token));
            }
            throw new HttyException(ExitCode.ERROR, "status of " + daemon.endpoint() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttyException(ExitCode.ERROR, "interrupted", e);
        }
    }

    /** Options of a client: timeouts, and the node ids of the endpoints when they are known. */
    public static final class Builder {

        private final List<Endpoint> endpoints;
        private final Token token;
        private List<String> nodeIds = List.of();
        private Timeouts timeouts = Timeouts.DEFAULT;

        private Builder(List<Endpoint> endpoints, Token token) {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("a client needs at least one endpoint");
            }
            this.endpoints = List.copyOf(endpoints);
            this.token = token;
        }

        /** The id of the daemon at each endpoint, in the same order; saves asking them. */
        public Builder nodeIds(List<String> ids) {
            if (!ids.isEmpty() && ids.size() != endpoints.size()) {
                throw new IllegalArgumentException(ids.size() + " node ids for " + endpoints.size() + " endpoints");
            }
            this.nodeIds = List.copyOf(ids);
            return this;
        }

        public Builder timeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
            return this;
        }

        public HttyClient build() {
            return new HttyClient(endpoints, nodeIds, token, timeouts);
        }
    }
}
