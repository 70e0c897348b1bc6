package htty.process;

import static htty.process.PtyTesting.DEADLINE;
import static htty.process.PtyTesting.readToEnd;
import static htty.process.PtyTesting.seqOutput;
import static htty.process.PtyTesting.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class OutputPumpTest {
    private static final int LINES = 300_000;
    private static final Duration IDLE_GAP = Duration.ofMillis(2);

    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopCommitter() {
        committer.shutdownNow();
    }

    @Test
    void deliversExactlyTheProgramsOutputInOrder() throws Exception {
        try (PtyProcess p = spawn("/usr/bin/seq", "1", String.valueOf(LINES))) {
            Sink sink = new Sink(Sink.Commit.AT_ONCE);
            OutputPump pump = sink.pump(p, 64 * 1024, 4);
            pump.start();
            await(pump.done());
            assertBytes(seqOutput(LINES), sink.received());
            assertTrue(sink.largestBatch() <= 64 * 1024, "a batch of " + sink.largestBatch() + " bytes");
            assertEquals(0, pump.inFlight());
            assertEquals(0, pump.bufferedBytes());
        }
    }

    @Test
    void aSlowSinkNeverHasMoreThanMaxInFlightAndThePumpHoldsAtMostOneBatch() throws Exception {
        try (PtyProcess p = spawn("/usr/bin/seq", "1", String.valueOf(LINES))) {
            Sink sink = new Sink(Sink.Commit.SLOWLY);
            OutputPump pump = sink.pump(p, 4096, 3);
            pump.start();
            await(pump.done());
            assertBytes(seqOutput(LINES), sink.received());
            assertTrue(sink.largestBatch() <= 4096, "a batch of " + sink.largestBatch() + " bytes");
            assertTrue(sink.mostOutstanding() <= 3, sink.mostOutstanding() + " batches outstanding");
            assertEquals(3, sink.mostOutstanding(), "the sink was meant to be the bottleneck");
            assertTrue(sink.mostBuffered() <= 4096, "the pump held " + sink.mostBuffered() + " bytes");
        }
    }

    @Test
    void aStalledSinkStopsTheReadingAndBlocksTheProgram() throws Exception {
        try (PtyProcess p = spawn("/usr/bin/seq", "1", String.valueOf(LINES))) {
            Sink sink = new Sink(Sink.Commit.WHEN_RELEASED);
            OutputPump pump = sink.pump(p, 4096, 2);
            pump.start();
            sink.awaitProposals(2);

            // The program has 2 MB to print and nobody reads it any more: it must not get to the end.
            int received = sink.received().length;
            assertThrows(TimeoutException.class, () -> p.exit().get(500, TimeUnit.MILLISECONDS));
            assertEquals(received, sink.received().length);
            assertEquals(2, pump.inFlight());
            assertTrue(pump.bufferedBytes() <= 4096, "the pump held " + pump.bufferedBytes() + " bytes");

            sink.release();
            await(pump.done());
            assertBytes(seqOutput(LINES), sink.received());
            assertEquals(2, sink.mostOutstanding());
        }
    }

    @Test
    void aPauseInTheOutputHandsOnTheBatch() throws Exception {
        try (PtyProcess p = spawn("/bin/sh", "-c", "printf hello; exec sleep 100")) {
            Sink sink = new Sink(Sink.Commit.AT_ONCE);
            OutputPump pump = sink.pump(p, 64 * 1024, 4);
            pump.start();
            sink.awaitProposals(1);
            assertEquals("hello", new String(sink.received(), StandardCharsets.US_ASCII));
            assertFalse(p.exit().isDone());
            assertEquals(0, await(pump.stop()).length);
        }
    }

    @Test
    void outputThatNeverPausesLongEnoughIsStillHandedOn() throws Exception {
        // A byte every 10 ms never leaves a 100 ms gap, and would take minutes to fill a batch; the
        // batch goes when its first byte has waited ten gaps.
        try (PtyProcess p = spawn("/bin/sh", "-c", "while :; do printf x; sleep 0.01; done")) {
            Sink sink = new Sink(Sink.Commit.AT_ONCE);
            OutputPump pump = new OutputPump(p, sink, 64 * 1024, Duration.ofMillis(100), 4);
            sink.pump = pump;
            pump.start();
            sink.awaitProposals(2);
            assertTrue(sink.largestBatch() > 1, "batches of one byte: the gap rule alone flushed them");
            pump.stop();
        }
    }

    @Test
    void aFailedBatchStopsThePumpAndIsReported() throws Exception {
        IllegalStateException notLeader = new IllegalStateException("not the leader");
        try (PtyProcess p = spawn("/usr/bin/seq", "1", String.valueOf(LINES))) {
            Sink sink = new Sink(Sink.Commit.AT_ONCE);
            sink.failFrom(3, notLeader);
            OutputPump pump = sink.pump(p, 4096, 2);
            pump.start();
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> pump.done().get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertSame(notLeader, failure.getCause());
            assertEquals(3, sink.proposals());
            // Nobody reads the rest of the 2 MB, so the program cannot finish.
            assertThrows(TimeoutException.class, () -> p.exit().get(300, TimeUnit.MILLISECONDS));
            assertEquals(3, sink.proposals());
        }
    }

    @Test
    void stopHandsTheRestOverWithoutLosingOrRepeatingAByte() throws Exception {
        try (PtyProcess p = spawn("/usr/bin/seq", "1", String.valueOf(LINES))) {
            Sink sink = new Sink(Sink.Commit.SLOWLY);
            OutputPump pump = sink.pump(p, 4096, 2);
            pump.start();
            sink.awaitProposals(50);
            byte[] unproposed = await(pump.stop());
            await(pump.done());
            byte[] proposed = sink.received();

            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(proposed);
            all.writeBytes(unproposed);
            all.writeBytes(readToEnd(p));
            assertBytes(seqOutput(LINES), all.toByteArray());
            assertEquals(proposed.length, sink.received().length, "the sink got a batch after stop() completed");
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    private static void assertBytes(byte[] expected, byte[] actual) {
        int mismatch = Arrays.mismatch(expected, actual);
        if (mismatch >= 0) {
            fail("expected " + expected.length + " bytes, got " + actual.length + "; first difference at byte "
                    + mismatch);
        }
    }

    /** Records every batch and commits each at once, slowly, or when the test releases them. */
    private final class Sink implements OutputSink {
        enum Commit { AT_ONCE, SLOWLY, WHEN_RELEASED }

        private Commit commit;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<Integer> batchSizes = new ArrayList<>();
        private final Queue<Runnable> held = new ArrayDeque<>();
        private final Semaphore proposed = new Semaphore(0);
        private int outstanding;
        private int mostOutstanding;
        private long mostBuffered;
        private int failFrom = Integer.MAX_VALUE;
        private Throwable failure;
        OutputPump pump;

        Sink(Commit commit) {
            this.commit = commit;
        }

        OutputPump pump(PtyProcess process, int maxBatchBytes, int maxInFlight) {
            pump = new OutputPump(process, this, maxBatchBytes, IDLE_GAP, maxInFlight);
            return pump;
        }

        void failFrom(int proposal, Throwable failure) {
            this.failFrom = proposal;
            this.failure = failure;
        }

        @Override
        public synchronized CompletableFuture<?> propose(byte[] batch) {
            received.writeBytes(batch);
            batchSizes.add(batch.length);
            mostOutstanding = Math.max(mostOutstanding, ++outstanding);
            mostBuffered = Math.max(mostBuffered, pump.bufferedBytes());
            CompletableFuture<Void> committed = new CompletableFuture<>();
            boolean fails = batchSizes.size() >= failFrom;
            Runnable settle = () -> {
                synchronized (this) {
                    outstanding--;
                }
                if (fails) {
                    committed.completeExceptionally(failure);
                } else {
                    committed.complete(null);
                }
            };
            switch (commit) {
                case AT_ONCE -> settle.run();
                case SLOWLY -> committer.schedule(settle, 1, TimeUnit.MILLISECONDS);
                case WHEN_RELEASED -> held.add(settle);
            }
            proposed.release();
            return committed;
        }

        /** Commits the held batches, and every later one at once. */
        void release() {
            List<Runnable> settle;
            synchronized (this) {
                commit = Commit.AT_ONCE;
                settle = List.copyOf(held);
                held.clear();
            }
            settle.forEach(Runnable::run);
        }

        void awaitProposals(int n) throws InterruptedException {
            assertTrue(proposed.tryAcquire(n, DEADLINE.toSeconds(), TimeUnit.SECONDS), "fewer than " + n + " batches");
        }

        synchronized byte[] received() {
            return received.toByteArray();
        }

        synchronized int proposals() {
            return batchSizes.size();
        }

        synchronized int largestBatch() {
            return batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        synchronized int mostOutstanding() {
            return mostOutstanding;
        }

        synchronized long mostBuffered() {
            return mostBuffered;
        }
    }
}
