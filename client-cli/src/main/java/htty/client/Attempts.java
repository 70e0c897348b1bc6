package htty.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request's walk through the daemons: which one to try next, how long that try may take, and
 * when to give up. It goes round the endpoints in order, pausing a little longer after each full
 * round (an election takes a few hundred milliseconds), until the overall deadline.
 */
final class Attempts {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(800);

    private final int daemons;
    private final Timeouts timeouts;
    private final long deadlineNanos;
    private final Map<Endpoint, Status> lastSeen = new LinkedHashMap<>();
    private int next;
    private int tried;
    private Duration pause = FIRST_PAUSE;

    Attempts(int daemons, int first, Timeouts timeouts) {
        this.daemons = daemons;
        this.timeouts = timeouts;
        this.deadlineNanos = System.nanoTime() + timeouts.overall().toNanos();
        this.next = Math.floorMod(first, daemons);
    }

    /** How long to wait before the next try: nothing within a round, a growing pause between rounds. */
    Duration pauseBeforeNext() {
        if (tried == 0 || tried % daemons != 0) {
            return Duration.ZERO;
        }
        Duration thisPause = min(pause, remaining());
        pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
        return thisPause;
    }

    boolean expired() {
        return !remaining().isPositive();
    }

    /** The index of the daemon to try now. */
    int next() {
        int index = next;
        next = (next + 1) % daemons;
        tried++;
        return index;
    }

    /** The deadline of one try: the per-call timeout, or what is left of the overall one. */
    Duration callTimeout() {
        return min(timeouts.perCall(), remaining());
    }

    void failed(Endpoint endpoint, Status status) {
        lastSeen.put(endpoint, status);
    }

    HttyException unavailable() {
        return Failures.clusterUnavailable(timeouts.overall(), lastSeen);
    }

    private Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
