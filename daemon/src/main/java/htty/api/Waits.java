package htty.api;

import htty.cluster.RaftNode;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import htty.session.Effect;
import htty.session.Limits;
import htty.session.Session;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import htty.wait.OutputLines;
import htty.wait.TextPattern;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code WaitFor} calls this daemon serves: each is checked against the session's state as
 * this daemon applied it, first when it starts and then after every entry that changes the session,
 * so the index it answers with is the first applied one at which it saw the match.
 */
public final class Waits implements AutoCloseable {
    /** The longest wait a client may ask for. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    private final RaftNode node;
    private final Requests requests;
    private final Map<Long, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timeouts =
            new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("wait-timeouts").daemon().factory());

    public Waits(RaftNode node) {
        this.node = node;
        this.requests = new Requests(node);
        timeouts.setRemoveOnCancelPolicy(true);
    }

    /** Starts a wait that answers through {@code reply}. Returns at once: the wait runs on threads of its own. */
    void start(WaitForRequest request, StreamObserver<WaitForReply> reply) {
        TextPattern pattern;
        try {
            pattern = pattern(request);
        } catch (IllegalArgumentException e) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        Thread.ofVirtual().name("wait-for-" + request.getName()).start(() -> begin(request, pattern, reply));
    }

    private static TextPattern pattern(WaitForRequest request) {
        String problem = Limits.checkName(request.getName());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (Duration.ofMillis(request.getTimeoutMs()).compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("a wait may last at most " + MAX_TIMEOUT.toHours() + " hours");
        }
        try {
            return switch (request.getPatternCase()) {
                case TEXT -> TextPattern.literal(request.getText());
                case REGEX -> TextPattern.regex(request.getRegex());
                case PATTERN_NOT_SET -> throw new IllegalArgumentException("wait for what? give a text or a regex");
            };
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + e.getDescription() + " in "
                    + request.getRegex());
        }
    }

    private void begin(WaitForRequest request, TextPattern pattern, StreamObserver<WaitForReply> reply) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.getTimeoutMs());
        try {
            requests.awaitCaughtUp();
            node.stateMachine().awaitApplied(request.getAfterIndex(), Duration.ofMillis(request.getTimeoutMs()));
        } catch (TimeoutException e) {
            reply.onNext(WaitForReply.newBuilder().setIndex(node.stateMachine().appliedIndex()).build());
            reply.onCompleted();
            return;
        } catch (Exception e) {
            reply.onError(Requests.status(e).asRuntimeException());
            return;
        }
        // Under the apply lock: what was printed since the start index and the screen now, and joining
        // before any later entry is applied. An entry applied just before may still be dispatched to
        // the new waiter: it skips output it has searched by offset.
        Waiter waiter = node.stateMachine().read(table -> {
            Session s = table.byName(request.getName());
            if (s == null) {
                reply.onError(Status.NOT_FOUND.withDescription("no such session: " + request.getName())
                        .asRuntimeException());
                return null;
            }
            long now = node.stateMachine().appliedIndex();
            long after = request.getAfterIndex() > 0 ? request.getAfterIndex() : now;
            long from = s.marks().endAt(after);
            byte[] since = from < 0 ? null : s.ring().readSince(from);
            boolean needsOutput = request.getOutput() || request.getAfterIndex() > 0;
            if (needsOutput && since == null) {
                reply.onError(Status.OUT_OF_RANGE.withDescription("the output after index " + after
                        + " is no longer held (a session keeps its last " + (Session.RING_BYTES >> 20)
                        + " MiB): wait from a later index").asRuntimeException());
                return null;
            }
            Waiter w = new Waiter(pattern, !request.getOutput(),
                    needsOutput ? new OutputLines(pattern, request.getKeepOutput()) : null, s.ring().end(), reply,
                    done -> leave(s.id(), done));
            join(s.id(), w);
            w.check(now, since, screen(s));
            if (s.exited()) {
                w.onEffect(now, new Effect.Exited(s.id(), s.exitStatus()), null);
            }
            return w;
        });
        if (waiter != null) {
            long left = Math.max(0, deadline - System.nanoTime());
            waiter.expireWith(timeouts.schedule(() -> waiter.timeOut(node.stateMachine().appliedIndex()), left,
                    TimeUnit.NANOSECONDS));
        }
    }

    /** Hands an applied effect to the session's waiters. Called on the applying thread. */
    public void dispatch(long index, Effect effect) {
        Set<Waiter> waiters = waiting.get(effect.session());
        if (waiters == null) {
            return;
        }
        boolean screenChanged = effect instanceof Effect.ClientOutput || effect instanceof Effect.Resized;
        String screen = screenChanged && waiters.stream().anyMatch(Waiter::watchesScreen)
                ? node.stateMachine().read(table -> {
                    Session s = table.byId(effect.session());
                    return s == null ? null : screen(s);
                })
                : null;
        for (Waiter waiter : waiters) {
            waiter.onEffect(index, effect, screen);
        }
    }

    /** The screen as a wait sees it: as {@code capture -J} prints it, wrapped lines joined. */
    private static String screen(Session s) {
        return TextCapture.render(s.terminal(), CaptureRange.SCREEN, true, false);
    }

    private void join(long session, Waiter waiter) {
        waiting.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(waiter);
    }

    private void leave(long session, Waiter waiter) {
        waiting.computeIfPresent(session, (s, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    @Override
    public void close() {
        timeouts.shutdownNow();
        for (Set<Waiter> waiters : waiting.values()) {
            waiters.forEach(w -> w.fail(Status.UNAVAILABLE.withDescription("the daemon is stopping")));
        }
    }
}
