package htty.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32;

/**
 * The output of one {@link Corpus} printed through a path, as its reader receives it: the benchmark
 * says which corpus is about to be printed, the reader hands over every chunk with the time it came,
 * and the benchmark learns when the last byte arrived. The bytes are counted and checked against the
 * corpus's CRC-32: a path that lost, added or changed a byte fails the measurement, as does an ESC,
 * which the corpora never hold (an htty client that falls too far behind is skipped ahead with a
 * redraw; then it did not receive every byte). Between corpora, a chunk with an ESC is a redraw (an
 * htty client's, after a leader change or a reconnect): it is counted, not a failure.
 *
 * <p>Thread-safe: the benchmark's thread and the path's reader call in concurrently.
 */
final class Delivery implements Arrivals {
    private static final byte ESC = 0x1B;

    private final String path;
    private final CRC32 crc = new CRC32();
    /** The corpus being printed, and the arrival of its last byte to come; null while none is. */
    private Corpus expected;
    private CompletableFuture<Long> done;
    private long received;
    private long firstAt;
    private int redrawsBetween;
    private IllegalStateException failure;

    Delivery(String path) {
        this.path = path;
    }

    /**
     * Notes that {@code corpus} is about to be printed, before the key that prints it is typed;
     * returns the arrival time of its last byte ({@link System#nanoTime()}), to come.
     */
    synchronized CompletableFuture<Long> expect(Corpus corpus) {
        if (failure != null) {
            throw failure;
        }
        if (expected != null) {
            throw new IllegalStateException(path + ": the " + expected.name() + " corpus is still being printed");
        }
        expected = corpus;
        done = new CompletableFuture<>();
        received = 0;
        firstAt = 0;
        crc.reset();
        return done;
    }

    /** When the first byte of the corpus being printed, or last printed, arrived; 0 if none has. */
    synchronized long firstAt() {
        return firstAt;
    }

    /** How many redraws came while no corpus was being printed. */
    synchronized int redrawsBetween() {
        return redrawsBetween;
    }

    @Override
    public synchronized void received(byte[] bytes, int length, long now) {
        if (expected == null) {
            if (indexOfEsc(bytes, length) >= 0) {
                redrawsBetween++;
            } else {
                failed("output while no corpus was being printed: " + length + " bytes, "
                        + Echo.printable(bytes, 0, length));
            }
            return;
        }
        int esc = indexOfEsc(bytes, length);
        if (esc >= 0) {
            failed("an ESC after " + (received + esc) + " bytes of the " + expected.name() + " corpus: a redraw"
                    + " (the client fell behind and was skipped ahead, or the leader changed) or a message, not"
                    + " the corpus");
            return;
        }
        if (received == 0) {
            firstAt = now;
        }
        received += length;
        crc.update(bytes, 0, length);
        if (received > expected.bytes().length) {
            failed(received + " bytes arrived, more than the " + expected.bytes().length + " of the "
                    + expected.name() + " corpus");
        } else if (received == expected.bytes().length) {
            if (crc.getValue() != expected.crc()) {
                failed("the " + expected.name() + " corpus arrived with a CRC-32 of " + Long.toHexString(crc.getValue())
                        + ", not " + Long.toHexString(expected.crc()) + ": bytes were changed or reordered");
                return;
            }
            expected = null;
            done.complete(now);
        }
    }

    private static int indexOfEsc(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == ESC) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void fail(String why) {
        failed(why);
    }

    private synchronized IllegalStateException failed(String why) {
        if (failure == null) {
            failure = new IllegalStateException(path + ": " + why);
        }
        if (done != null) {
            done.completeExceptionally(failure);
        }
        expected = null;
        return failure;
    }

    /** Waits for {@code arrival}, from {@link #expect}, for up to {@code timeout}; returns when the last byte came. */
    long await(CompletableFuture<Long> arrival, Duration timeout) throws InterruptedException {
        try {
            return arrival.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            long got;
            synchronized (this) {
                got = received;
            }
            throw failed("the corpus did not arrive within " + timeout.toSeconds() + " s (" + got + " bytes did)");
        }
    }
}
