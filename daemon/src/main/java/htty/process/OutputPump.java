package htty.process;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's reader of one program's output: it reads the PTY, gathers what it reads into batches,
 * and hands each batch to an {@link OutputSink}, which proposes it to the log.
 *
 * <p><b>Batching.</b> The pump's thread reads straight into the batch being gathered and hands it on
 * when it is full ({@code maxBatchBytes}), when no output has arrived for {@code idleGap}, or when its
 * first byte has waited {@value #MAX_DELAY_IN_GAPS} idle gaps; the last rule keeps output that trickles
 * in faster than the gap flowing at a steady pace instead of waiting for a full batch. The waits are
 * timed reads ({@link OutputSource#read}), so the thread sleeps until output arrives or a deadline
 * passes; it never spins.
 *
 * <p><b>Backpressure.</b> A batch is gathered only under a permit, one of {@code maxInFlight}, which it
 * keeps until the sink's future for it completes. With every permit out the pump reads nothing: the
 * kernel's PTY buffer fills and the program blocks in its next write, as on a slow terminal. Memory
 * stays bounded whatever the program prints: one batch being gathered, {@code maxInFlight} batches
 * held by the sink.
 *
 * <p><b>Ending.</b> At the end of the output the pump hands on what it has gathered, waits until every
 * batch is committed, and completes {@link #done()}. If a batch fails, the pump stops reading and
 * {@code done()} completes with the failure, for the pump's owner to report (whether that is news
 * depends on why the sink refused). {@link #stop()} stops it without touching the process,
 * for when this daemon is no longer the leader. Bytes go to the sink exactly once, in order; what the
 * pump read but never handed on, {@code stop()} returns, and the rest is still in the source.
 */
public final class OutputPump {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    /** A batch is handed on at the latest when its first byte has waited this many idle gaps. */
    static final int MAX_DELAY_IN_GAPS = 10;

    private final OutputSource source;
    private final OutputSink sink;
    private final long idleGapNanos;
    private final long maxDelayNanos;
    private final int maxInFlight;
    private final Semaphore permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CompletableFuture<byte[]> unproposed = new CompletableFuture<>();

    // Only the pump's thread changes these; filled is volatile so that bufferedBytes() may be called anywhere.
    private final byte[] batch;
    private volatile int filled;
    private long bytesProposed;

    // Guarded by this. The thread is interrupted to halt it, except while it is inside the sink.
    private boolean halted;
    private boolean stopRequested;
    private boolean inSink;
    private Throwable failure;

    /**
     * Makes a pump that reads {@code source} and proposes to {@code sink}; {@link #start()} sets it going.
     *
     * @param maxBatchBytes the most bytes in one batch
     * @param idleGap how long a pause in the output hands on the batch gathered so far
     * @param maxInFlight the most batches handed to the sink and not yet committed
     */
    public OutputPump(OutputSource source, OutputSink sink, int maxBatchBytes, Duration idleGap, int maxInFlight) {
        if (maxBatchBytes < 1 || maxInFlight < 1 || idleGap.isNegative() || idleGap.isZero()) {
            throw new IllegalArgumentException("need maxBatchBytes >= 1, idleGap > 0 and maxInFlight >= 1; got "
                    + maxBatchBytes + ", " + idleGap + ", " + maxInFlight);
        }
        this.source = source;
        this.sink = sink;
        this.batch = new byte[maxBatchBytes];
        this.idleGapNanos = idleGap.toNanos();
        this.maxDelayNanos = idleGap.multipliedBy(MAX_DELAY_IN_GAPS).toNanos();
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.thread = Thread.ofPlatform().daemon().name("htty-output-pump " + source).unstarted(this::run);
    }

    /** Starts pumping, on a thread of the pump's own. */
    public void start() {
        thread.start();
    }

    /**
     * Completes when the pump has finished: normally at the end of the output once every batch is
     * committed, or once {@link #stop()} has stopped it; exceptionally if a batch failed or the
     * source could not be read.
     */
    public CompletableFuture<Void> done() {
        return done.copy();
    }

    /**
     * Stops reading, leaving the process running and its unread output in the PTY. Batches already
     * handed on are no longer waited for, and their failures no longer count.
     *
     * @return completes once the pump's thread has stopped reading, with the bytes it read but never
     *     handed to the sink (possibly none): they come before anything still in the source
     */
    public CompletableFuture<byte[]> stop() {
        synchronized (this) {
            stopRequested = true;
        }
        halt();
        return unproposed.copy();
    }

    /** The number of batches handed to the sink whose futures have not completed. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The number of bytes the pump has read and not yet handed to the sink: at most {@code maxBatchBytes}. */
    public int bufferedBytes() {
        return filled;
    }

    private void run() {
        try {
            synchronized (this) {
                if (halted) {
                    throw new InterruptedException(); // stopped before it started
                }
            }
            boolean ended = false;
            while (!ended) {
                permits.acquire();
                ended = gather();
                if (filled > 0) {
                    propose();
                } else {
                    permits.release();
                }
            }
            permits.acquire(maxInFlight); // every batch committed
            finish(null);
        } catch (InterruptedException e) {
            finish(null); // halted: by stop(), or by a failed batch, which finish() reports
        } catch (IOException | RuntimeException e) {
            finish(e);
        }
    }

    /**
     * Reads into the batch until it is full, the output pauses for the idle gap, the first byte has
     * waited the longest delay, or the output ends.
     *
     * @return whether the output has ended
     */
    private boolean gather() throws IOException, InterruptedException {
        long firstByteAt = 0;
        long lastByteAt = 0;
        while (filled < batch.length) {
            long wait = Long.MAX_VALUE;
            if (filled > 0) {
                wait = Math.min(lastByteAt + idleGapNanos, firstByteAt + maxDelayNanos) - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
            }
            int n = source.read(batch, filled, batch.length - filled, wait, TimeUnit.NANOSECONDS);
            if (n < 0) {
                return true;
            }
            if (n > 0) {
                lastByteAt = System.nanoTime();
                if (filled == 0) {
                    firstByteAt = lastByteAt;
                }
                filled += n;
            }
        }
        return false;
    }

    /** Hands the batch to the sink; the permit it was gathered under goes with it. */
    private void propose() throws InterruptedException {
        byte[] out = Arrays.copyOf(batch, filled);
        synchronized (this) {
            if (halted) {
                throw new InterruptedException(); // keep the batch: it is the unproposed rest
            }
            inSink = true;
        }
        CompletableFuture<?> committed;
        try {
            committed = sink.propose(out);
        } finally {
            synchronized (this) {
                inSink = false;
                if (halted) {
                    Thread.currentThread().interrupt(); // the halt we were spared while inside the sink
                }
            }
        }
        filled = 0;
        bytesProposed += out.length;
        inFlight.incrementAndGet();
        committed.whenComplete((result, error) -> {
            inFlight.decrementAndGet();
            if (error == null) {
                permits.release();
            } else {
                failed(error);
            }
        });
    }

    private void failed(Throwable error) {
        synchronized (this) {
            if (stopRequested || failure != null) {
                LOG.debug("output of {}: a batch failed after the pump stopped: {}", source, error.toString());
                return;
            }
            failure = error;
        }
        halt();
    }

    private void halt() {
        synchronized (this) {
            halted = true;
            if (!inSink) {
                thread.interrupt();
            }
        }
    }

    private void finish(Throwable readFailure) {
        byte[] rest = Arrays.copyOf(batch, filled);
        Throwable error;
        synchronized (this) {
            halted = true;
            error = failure != null ? failure : readFailure;
        }
        unproposed.complete(rest);
        if (error == null) {
            LOG.debug("output of {}: pump finished after {} bytes ({} read but not proposed)", source, bytesProposed,
                    rest.length);
            done.complete(null);
        } else {
            LOG.debug("output of {}: pump stopped after {} bytes: {}", source, bytesProposed, error.toString());
            done.completeExceptionally(error);
        }
    }
}
