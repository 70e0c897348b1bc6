package htty.api;

import htty.proto.api.WaitForReply;
import htty.session.Effect;
import htty.term.render.PlainText;
import htty.wait.OutputLines;
import htty.wait.TextPattern;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One {@code WaitFor} call, watching one session applied entry by applied entry. An output wait
 * matches the text printed after the start index; a screen wait matches the screen, and with a
 * start index only once the text was also printed after it (so that text already on the screen
 * does not count). It answers once, with the index of the entry after which it matched.
 */
final class Waiter {
    private final TextPattern pattern;
    private final boolean onScreen;
    /** What was printed since the start index; null for a screen wait that has none. */
    private final OutputLines printed;
    private final StreamObserver<WaitForReply> reply;
    private final Consumer<Waiter> leave;
    private Future<?> expiry;
    /** Offset in the client stream of the next byte to search. */
    private long next;
    /** For a screen wait: the text was printed since the start index. */
    private boolean seenInOutput;
    private boolean done;

    Waiter(TextPattern pattern, boolean onScreen, OutputLines printed, long next, StreamObserver<WaitForReply> reply,
            Consumer<Waiter> leave) {
        this.pattern = pattern;
        this.onScreen = onScreen;
        this.printed = printed;
        this.next = next;
        this.reply = reply;
        this.leave = leave;
    }

    boolean watchesScreen() {
        return onScreen;
    }

    /**
     * Looks at the state after entry {@code index}: {@code fresh} is output not searched yet (or
     * null), {@code screen} the screen's text (or null when it did not change).
     */
    synchronized void check(long index, byte[] fresh, String screen) {
        if (done) {
            return;
        }
        try {
            if (fresh != null && printed != null && !seenInOutput) {
                TextPattern.Found found = printed.feed(PlainText.of(fresh));
                if (found != null && !onScreen) {
                    answer(index, found);
                    return;
                }
                seenInOutput = found != null;
            }
            if (onScreen && screen != null && (printed == null || seenInOutput)) {
                TextPattern.Found found = pattern.find(screen);
                if (found != null) {
                    answer(index, found);
                }
            }
        } catch (TextPattern.TooSlow e) {
            fail(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
    }

    /** An effect of the watched session, after entry {@code index}. */
    void onEffect(long index, Effect effect, String screen) {
        switch (effect) {
            case Effect.ClientOutput o -> check(index, unseen(o), screen);
            case Effect.Resized r -> check(index, null, screen);
            case Effect.Exited x -> fail(Status.FAILED_PRECONDITION.withDescription(
                    "the session exited (status " + x.status() + ") before the text appeared"));
            case Effect.Removed x -> fail(Status.NOT_FOUND.withDescription("the session was removed while waiting"));
            default -> {
                // Nothing that changes what the session shows.
            }
        }
    }

    /** The part of {@code o} after what was searched already (an entry applied while this waiter started). */
    private synchronized byte[] unseen(Effect.ClientOutput o) {
        long end = o.offset() + o.data().length;
        if (end <= next) {
            return null;
        }
        byte[] fresh = Arrays.copyOfRange(o.data(), (int) Math.max(0, next - o.offset()), o.data().length);
        next = end;
        return fresh;
    }

    /** The timer that ends the wait; cancelled once it answered. */
    synchronized void expireWith(Future<?> timer) {
        expiry = timer;
        if (done) {
            timer.cancel(false);
        }
    }

    /** The timeout passed first: answers "not matched" at {@code index}. */
    synchronized void timeOut(long index) {
        if (!done) {
            finish();
            reply.onNext(WaitForReply.newBuilder().setIndex(index).build());
            reply.onCompleted();
        }
    }

    synchronized void fail(Status status) {
        if (!done) {
            finish();
            reply.onError(status.asRuntimeException());
        }
    }

    private void answer(long index, TextPattern.Found found) {
        finish();
        WaitForReply.Builder answer = WaitForReply.newBuilder().setMatched(true).setIndex(index).setMatch(found.text());
        if (printed != null) {
            answer.setOutput(printed.text()).setOutputTruncated(printed.truncated());
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    private void finish() {
        done = true;
        leave.accept(this);
        if (expiry != null) {
            expiry.cancel(false);
        }
    }
}
