package htty.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether an attach stream has gone silent: nothing received for longer than a limit. A daemon sends
 * a heartbeat whenever its stream has been quiet for a moment, so silence means the daemon is stopped,
 * cut off, or too overloaded to serve. Time spent handing an event to the consumer does not count: a
 * consumer that blocks (a slow terminal) holds up the stream's delivery, not the daemon.
 */
final class Silence {

    private final long firstWordNanos;
    private final long limitNanos;
    private final LongSupplier nanoTime;
    private long lastHeard;
    private boolean heardAny;
    private boolean handling;

    /**
     * Starts counting now. Until the first event the stream has {@code firstWord}: connecting (in a
     * fresh process, loading the gRPC classes too) and the daemon's catching up and redraw take longer
     * than the gap between two heartbeats.
     */
    Silence(Duration firstWord, Duration limit, LongSupplier nanoTime) {
        this.firstWordNanos = firstWord.toNanos();
        this.limitNanos = limit.toNanos();
        this.nanoTime = nanoTime;
        this.lastHeard = nanoTime.getAsLong();
    }

    /** An event arrived and is being handled. */
    synchronized void heard() {
        heardAny = true;
        handling = true;
        lastHeard = nanoTime.getAsLong();
    }

    /** The event is handled: the silence counts from now. */
    synchronized void handled() {
        handling = false;
        lastHeard = nanoTime.getAsLong();
    }

    synchronized boolean exceeded() {
        return !handling && nanoTime.getAsLong() - lastHeard >= (heardAny ? limitNanos : firstWordNanos);
    }
}
