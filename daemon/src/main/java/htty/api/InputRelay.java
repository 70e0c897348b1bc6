package htty.api;

import htty.proto.api.SendInputRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Carries one attached client's keystrokes into the log, in the order the client sent them, across
 * leader changes, without making the client reconnect.
 *
 * <p>Each input is proposed as it arrives: they are pipelined. The log applies a client's inputs
 * only in seq order ({@code InputDedup}), so an input that reaches it before an earlier one is
 * refused as early. That happens around a failover: the earlier ones are stuck in a Raft client's
 * retries towards the dead leader, or were lost with it, while a later one went to the new leader.
 * Then, and when a new leader takes over, every input not yet acknowledged is proposed
 * again from the oldest, in order, as a new <em>round</em>. Whichever copy commits first counts and
 * the log drops the others as duplicates; failures of an overtaken round are ignored.
 *
 * <p>Only a failure that more proposing cannot mend ends the stream: the session is gone, the input
 * is invalid, or the cluster made no progress with this client's input for {@link #GIVE_UP} (the
 * client then tries another daemon).
 */
final class InputRelay {
    /** The pause before a new round after a refusal: the leadership is settling. */
    static final Duration ROUND_PAUSE = Duration.ofMillis(20);
    /** How long the log may take no input of this client's before the stream is given up. */
    static final Duration GIVE_UP = Duration.ofSeconds(5);

    /** How one input is proposed; completes with its log index. */
    interface Proposer {
        CompletableFuture<Long> propose(SendInputRequest input);
    }

    private final Proposer proposer;
    private final LongConsumer acknowledge;
    private final Consumer<Status> fail;
    private final LongSupplier nanoTime;
    /** The inputs proposed and not yet acknowledged, by seq. */
    private final TreeMap<Long, SendInputRequest> unacknowledged = new TreeMap<>();
    /** The round whose proposals count: its failures start the next one. */
    private long round;
    /** When the log last took an input of this client's, or the relay last went from idle to busy. */
    private long progress;
    private boolean failed;

    /**
     * @param acknowledge told each seq acknowledged (every earlier one is too)
     * @param fail told once, when the stream must end
     */
    InputRelay(Proposer proposer, LongConsumer acknowledge, Consumer<Status> fail) {
        this(proposer, acknowledge, fail, System::nanoTime);
    }

    /** As above, with the clock that times {@link #GIVE_UP} (tests set it). */
    InputRelay(Proposer proposer, LongConsumer acknowledge, Consumer<Status> fail, LongSupplier nanoTime) {
        this.proposer = proposer;
        this.acknowledge = acknowledge;
        this.fail = fail;
        this.nanoTime = nanoTime;
        this.progress = nanoTime.getAsLong();
    }

    /** A new input from the client: proposed at once, in the current round. */
    synchronized void send(SendInputRequest input) {
        if (failed) {
            return;
        }
        if (unacknowledged.isEmpty()) {
            progress = nanoTime.getAsLong();
        }
        unacknowledged.put(input.getSeq(), input);
        propose(input, round);
    }

    /**
     * A new leader takes input: this daemon is ready to lead, or follows another daemon. Inputs still
     * on their way may be stuck in a Raft client's retries towards the old leader (or lost with it),
     * and later ones, proposed to the new one, would overtake them. They are all proposed again, in
     * order, to the new leader (on a follower, once that leader is ready: see {@code RaftNode.propose}).
     */
    synchronized void newLeader() {
        if (!failed && !unacknowledged.isEmpty()) {
            resend(++round);
        }
    }

    private void resend(long inRound) {
        for (SendInputRequest input : List.copyOf(unacknowledged.values())) {
            propose(input, inRound);
        }
    }

    /**
     * Called under this relay's lock, which keeps the proposals in order. The answer is handled on
     * another thread: Ratis may complete it while holding a lock of its own that the next proposal,
     * made under this relay's lock, needs.
     */
    private void propose(SendInputRequest input, long inRound) {
        proposer.propose(input).whenCompleteAsync((index, error) -> completed(input.getSeq(), inRound, error));
    }

    private void completed(long seq, long inRound, Throwable error) {
        Status failure = null;
        boolean acknowledged = false;
        synchronized (this) {
            if (failed) {
                return;
            }
            if (error == null) {
                progress = nanoTime.getAsLong();
                var through = unacknowledged.headMap(seq, true); // applied in order: so was every earlier one
                acknowledged = !through.isEmpty();
                through.clear();
            } else if (inRound != round || !unacknowledged.containsKey(seq)) {
                return; // overtaken by a newer round, or another copy went in
            } else {
                Status status = Requests.status(error);
                if (!mendable(status) || nanoTime.getAsLong() - progress > GIVE_UP.toNanos()) {
                    failed = true;
                    failure = status;
                } else {
                    long next = ++round;
                    CompletableFuture.delayedExecutor(ROUND_PAUSE.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> resendIfCurrent(next));
                }
            }
        }
        if (failure != null) {
            fail.accept(failure);
        } else if (acknowledged) {
            acknowledge.accept(seq);
        }
    }

    private synchronized void resendIfCurrent(long inRound) {
        if (!failed && inRound == round) {
            resend(inRound);
        }
    }

    /**
     * Early (an earlier input is still on its way) or unavailable (no leader took it, or its fate is
     * unknown): proposing again, in order, mends both.
     */
    private static boolean mendable(Status status) {
        return status.getCode() == Status.Code.ABORTED || status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    }
}
