package htty.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The echo of one keystroke at a time on one {@link EchoPath}: the benchmark says which byte it is
 * about to type, the path's reader hands over every byte that comes back with the time it came, and
 * the benchmark learns when the keystroke's echo arrived. The time is taken by the reader as the
 * bytes arrive, so the benchmark's own wake-up is not part of it.
 *
 * <p>{@code cat} on a raw terminal echoes exactly what it reads, once. Any other byte, or a byte
 * while no keystroke is in flight, means the path mixed something into the echo (a redraw, a
 * message, a keystroke echoed twice), and the measurement fails rather than time the wrong thing.
 *
 * <p>Thread-safe: the benchmark's thread and the path's reader call in concurrently.
 */
final class Echo implements Arrivals {
    /** How many bytes of unexpected output an error message shows. */
    private static final int SHOWN = 40;

    private final String path;
    /** The echo of the keystroke in flight: completed with its arrival time; null while none is. */
    private CompletableFuture<Long> pending;
    private byte expected;
    /** Why this path's echoes can no longer be trusted, once they cannot. */
    private IllegalStateException failure;

    Echo(String path) {
        this.path = path;
    }

    /**
     * Notes that {@code keystroke} is about to be typed, before it is, so that no echo can come
     * first; returns the arrival time of its echo ({@link System#nanoTime()}), to come.
     */
    synchronized CompletableFuture<Long> expect(byte keystroke) {
        if (failure != null) {
            throw failure;
        }
        if (pending != null) {
            throw new IllegalStateException(path + ": a keystroke is still in flight");
        }
        expected = keystroke;
        pending = new CompletableFuture<>();
        return pending;
    }

    @Override
    public synchronized void received(byte[] bytes, int length, long now) {
        for (int i = 0; i < length; i++) {
            if (pending != null && bytes[i] == expected) {
                pending.complete(now);
                pending = null;
            } else {
                fail(pending == null
                        ? "output while no keystroke was in flight: " + printable(bytes, i, length)
                        : "expected the echo " + printable(new byte[] {expected}, 0, 1) + ", got "
                                + printable(bytes, i, length));
                return;
            }
        }
    }

    /** The path ended or broke: the keystroke in flight, and any later one, fails with {@code why}. */
    @Override
    public void fail(String why) {
        failed(why);
    }

    /** Fails as {@link #fail} does; returns the failure, which is the first reason given. */
    private synchronized IllegalStateException failed(String why) {
        if (failure == null) {
            failure = new IllegalStateException(path + ": " + why);
        }
        if (pending != null) {
            pending.completeExceptionally(failure);
            pending = null;
        }
        return failure;
    }

    /** Waits for {@code arrival}, from {@link #expect}, for up to {@code timeout}; returns when the echo came. */
    long await(CompletableFuture<Long> arrival, Duration timeout) throws InterruptedException {
        try {
            return arrival.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw (IllegalStateException) e.getCause();
        } catch (TimeoutException e) {
            throw failed("no echo within " + timeout.toSeconds() + " s");
        }
    }

    /**
     * The bytes from {@code from} to {@code length}, quoted: printable ASCII as it is, other bytes as
     * {@code \xHH}; no more than the first {@value #SHOWN} (a redraw would fill the screen).
     */
    static String printable(byte[] bytes, int from, int length) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = from; i < Math.min(length, from + SHOWN); i++) {
            int b = bytes[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? Character.toString(b)
                    : String.format("\\x%02x", b));
        }
        return text.append(length - from > SHOWN ? "\"..." : "\"").toString();
    }
}
