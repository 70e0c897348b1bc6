package htty.client;

import java.time.Duration;

/**
 * How long a request may take.
 *
 * @param overall the whole request, across every endpoint tried
 * @param perCall one attempt on one endpoint; a hung daemon costs at most this much
 */
public record Timeouts(Duration overall, Duration perCall) {

    /** Ten seconds for a request, three for each attempt: enough for a Raft election or two. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(3));

    public Timeouts {
        if (overall.isNegative() || overall.isZero() || perCall.isNegative() || perCall.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
