package htty.process;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The output side of a PTY, made readable with timeouts and interrupts.
 *
 * <p>pty4j's stream blocks in native code until output arrives or the program exits; no timeout or
 * interrupt reaches it. So one thread of ours does that blocking read, a chunk at a time, and holds
 * each chunk until readers have taken all of it; only then does it read the PTY again. Readers wait
 * on a Java condition, which honours timeouts and interrupts. Two things follow. Output nobody takes
 * stays in the kernel's PTY buffer, so a program whose output is not being read blocks, as on a real
 * terminal, and at most one chunk sits in memory. And bytes are never stranded in a reader that
 * stopped: what one reader did not take, the next one gets.
 */
final class PtyOutput {
    private static final int CHUNK_BYTES = 16 * 1024;
    /** How long output may still arrive after pty4j reported its end (see {@link #readLateOutput}). */
    static final Duration LATE_OUTPUT_WAIT = Duration.ofMillis(50);
    private static final Duration LATE_OUTPUT_POLL = Duration.ofMillis(2);

    private final InputStream master;
    private final String name;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition chunkReady = lock.newCondition();
    private final Condition chunkTaken = lock.newCondition();
    private final byte[] chunk = new byte[CHUNK_BYTES];
    // The bytes of the chunk not yet taken are chunk[start, end). All fields below are guarded by lock.
    private int start;
    private int end;
    private boolean ended;
    private IOException failure;
    private boolean shutDown;

    PtyOutput(InputStream master, String name) {
        this.master = master;
        this.name = name;
        this.thread = Thread.ofPlatform().daemon().name("htty-pty-read " + name).unstarted(this::readLoop);
    }

    void start() {
        thread.start();
    }

    /** See {@link OutputSource#read}. After {@link #shutDown()}, reads report the end of the output. */
    int read(byte[] buf, int off, int len, long timeout, TimeUnit unit) throws IOException, InterruptedException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            return 0;
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (start == end) {
                if (ended || shutDown) {
                    return -1;
                }
                if (failure != null) {
                    throw new IOException("reading the PTY of " + name + " failed", failure);
                }
                if (nanos <= 0) {
                    return 0;
                }
                nanos = chunkReady.awaitNanos(nanos);
            }
            int n = Math.min(len, end - start);
            System.arraycopy(chunk, start, buf, off, n);
            start += n;
            if (start == end) {
                chunkTaken.signal();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the reading thread: at once if it is holding a chunk, else when its native read returns,
     * which happens when output arrives or the program has exited. Untaken output is dropped.
     */
    void shutDown() {
        lock.lock();
        try {
            shutDown = true;
            chunkTaken.signal();
            chunkReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reading thread has stopped touching the PTY, waiting at most {@code timeout}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    private void readLoop() {
        try {
            while (awaitChunkTaken()) {
                // The chunk is empty, and readers touch it only when it is not, so it is ours to fill.
                int n = master.read(chunk, 0, chunk.length);
                if (n < 0) {
                    n = readLateOutput();
                }
                lock.lock();
                try {
                    if (n < 0) {
                        ended = true;
                    } else {
                        start = 0;
                        end = n;
                    }
                    chunkReady.signalAll();
                } finally {
                    lock.unlock();
                }
                if (n < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                failure = e;
                chunkReady.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * pty4j ends its reads as soon as the program has exited, and does not look whether output is
     * still to come: the kernel moves what the program wrote into the PTY's master side on a worker
     * thread, a moment later (a CI run's {@code seq 2000} gave no output at all, which this
     * explains; it did not happen again in 240 runs here). Before taking the end for the end, this
     * reads on for {@link #LATE_OUTPUT_WAIT}.
     *
     * @return the bytes read into the chunk, or -1 if none came
     */
    private int readLateOutput() throws IOException {
        long deadline = System.nanoTime() + LATE_OUTPUT_WAIT.toNanos();
        while (System.nanoTime() < deadline && !stopping()) {
            int n = master.read(chunk, 0, chunk.length);
            if (n > 0) {
                return n;
            }
            LockSupport.parkNanos(LATE_OUTPUT_POLL.toNanos());
        }
        return -1;
    }

    private boolean stopping() {
        lock.lock();
        try {
            return shutDown;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until readers have taken the whole chunk; false if we are to stop instead. */
    private boolean awaitChunkTaken() {
        lock.lock();
        try {
            while (start < end && !shutDown) {
                chunkTaken.awaitUninterruptibly();
            }
            return !shutDown;
        } finally {
            lock.unlock();
        }
    }
}
