package htty.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import htty.proto.api.SendInputRequest;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How one client's inputs are carried into the log: in order, again from the oldest unacknowledged
 * one when the log refuses one as early or this daemon comes to lead, and never with a failure the
 * client would have to mend by reconnecting, unless proposing again cannot help.
 */
class InputRelayTest {
    private static final long WAIT_SECONDS = 10;

    /** A proposal the relay made, answered by the test. */
    private record Proposal(long seq, CompletableFuture<Long> answer) {
        void commit(long index) {
            answer.complete(index);
        }

        void refuse(Status status) {
            answer.completeExceptionally(status.asRuntimeException());
        }
    }

    private final BlockingQueue<Proposal> proposals = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> acknowledged = new LinkedBlockingQueue<>();
    private final BlockingQueue<Status> failures = new LinkedBlockingQueue<>();
    private final AtomicLong clock = new AtomicLong();
    private final InputRelay relay = new InputRelay(input -> {
        Proposal p = new Proposal(input.getSeq(), new CompletableFuture<>());
        proposals.add(p);
        return p.answer();
    }, acknowledged::add, failures::add, clock::get);

    @Test
    void inputsAreProposedAsTheyComeAndAcknowledgedWhenCommitted() throws InterruptedException {
        List<Proposal> sent = send(1, 2);
        Proposal first = sent.get(0);
        Proposal second = sent.get(1);
        assertEquals(List.of(1L, 2L), List.of(first.seq(), second.seq()));
        first.commit(10);
        second.commit(11);
        assertEquals(1L, ack());
        assertEquals(2L, ack());
        assertNoFailure();
    }

    @Test
    void anInputRefusedAsEarlyHasEveryUnacknowledgedInputProposedAgainFromTheOldest()
            throws InterruptedException {
        List<Proposal> sent = send(1, 2, 3);
        Proposal one = sent.get(0);
        Proposal two = sent.get(1);
        Proposal three = sent.get(2);

        // 3 overtook 1 and 2, which are stuck on their way to a dead leader.
        three.refuse(Status.ABORTED.withDescription("input 3 came before an earlier one"));
        assertEquals(List.of(1L, 2L, 3L), seqs(next(), next(), next()));

        // The first round's 1 and 2 fail late: that round was overtaken, its failures do not count.
        one.refuse(Status.UNAVAILABLE);
        two.refuse(Status.UNAVAILABLE);
        assertNoFailure();
        assertNull(proposals.poll(200, TimeUnit.MILLISECONDS), "no third round for an overtaken one's failure");
    }

    @Test
    void aCommitAcknowledgesEveryEarlierInputOnce() throws InterruptedException {
        List<Proposal> sent = send(1, 2);
        Proposal one = sent.get(0);
        Proposal two = sent.get(1);

        two.commit(12); // applied in order: so was 1
        assertEquals(2L, ack());
        one.commit(11); // the other copy's answer acknowledges nothing new
        assertNull(acknowledged.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aNewLeaderIsProposedTheInputsOnTheirWayAgain() throws InterruptedException {
        send(1, 2);

        relay.newLeader();

        assertEquals(List.of(1L, 2L), seqs(next(), next()));
    }

    @Test
    void aNewLeaderWithNothingOnItsWayIsProposedNothing() throws InterruptedException {
        relay.send(input(1));
        next().commit(5);
        ack();

        relay.newLeader();

        assertNull(proposals.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFailureThatProposingAgainCannotMendEndsTheStream() throws InterruptedException {
        relay.send(input(1));
        next().refuse(Status.NOT_FOUND.withDescription("no such session: gone"));

        Status failure = failures.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(failure);
        assertEquals(Status.Code.NOT_FOUND, failure.getCode());
        relay.send(input(2));
        assertNull(proposals.poll(200, TimeUnit.MILLISECONDS), "a failed relay proposes nothing more");
    }

    @Test
    void aClusterThatTakesNoInputForLongEndsTheStreamSoThatTheClientTriesAnotherDaemon()
            throws InterruptedException {
        relay.send(input(1));
        next().refuse(Status.ABORTED);
        Proposal again = next();

        clock.addAndGet(InputRelay.GIVE_UP.plus(Duration.ofMillis(1)).toNanos());
        again.refuse(Status.UNAVAILABLE);

        Status failure = failures.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(failure);
        assertEquals(Status.Code.UNAVAILABLE, failure.getCode());
    }

    /**
     * Ratis completes an answer while holding a lock of its own, which the next proposal (made under
     * the relay's lock, to keep the order) needs too: the relay must not wait for its lock there.
     */
    @Test
    void anAnswerGivenUnderTheRaftClientsLockDoesNotDeadlockWithTheNextProposal() throws Exception {
        Object raftLock = new Object();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        InputRelay locked = new InputRelay(input -> {
            synchronized (raftLock) {
                CompletableFuture<Long> answer = new CompletableFuture<>();
                answers.add(answer);
                return answer;
            }
        }, acknowledged::add, failures::add);
        locked.send(input(1));

        Thread proposer = Thread.ofPlatform().daemon().unstarted(() -> locked.send(input(2)));
        Thread answerer = Thread.ofPlatform().daemon().start(() -> {
            synchronized (raftLock) {
                proposer.start();
                // The proposer holds the relay's lock and waits for this one.
                while (proposer.getState() != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
                answers.get(0).complete(7L);
            }
        });

        answerer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        proposer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertEquals(Thread.State.TERMINATED, answerer.getState(), "the answer was stuck");
        assertEquals(Thread.State.TERMINATED, proposer.getState(), "the next proposal was stuck");
        assertEquals(1L, ack());
    }

    /** Sends inputs with these seqs, and returns the proposals the relay made of them, in order. */
    private List<Proposal> send(long... seqs) throws InterruptedException {
        for (long seq : seqs) {
            relay.send(input(seq));
        }
        List<Proposal> made = new ArrayList<>();
        for (long ignored : seqs) {
            made.add(next());
        }
        return made;
    }

    private Proposal next() throws InterruptedException {
        Proposal p = proposals.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(p, "the relay made no proposal");
        return p;
    }

    private long ack() throws InterruptedException {
        Long seq = acknowledged.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(seq, "no input was acknowledged");
        return seq;
    }

    private void assertNoFailure() throws InterruptedException {
        assertNull(failures.poll(200, TimeUnit.MILLISECONDS));
    }

    private static List<Long> seqs(Proposal... ps) {
        List<Long> seqs = new ArrayList<>();
        for (Proposal p : ps) {
            seqs.add(p.seq());
        }
        return seqs;
    }

    private static SendInputRequest input(long seq) {
        return SendInputRequest.newBuilder().setName("s").setClientId("c").setSeq(seq)
                .setData(ByteString.copyFromUtf8("k" + seq)).build();
    }
}
