package htty.client;

import htty.proto.api.HttyGrpc.HttyBlockingStub;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a unary call on whichever daemon answers. Any daemon accepts any request (followers forward
 * writes to the Raft leader), so a daemon that is down, leaderless or slow is simply skipped.
 */
final class Failover {

    private final List<DaemonConnection> daemons;
    private final Timeouts timeouts;
    private final Token token;
    /** The daemon that answered last is asked first next time: it was alive a moment ago. */
    private volatile int preferred;

    Failover(List<DaemonConnection> daemons, Timeouts timeouts, Token token) {
        this.daemons = daemons;
        this.timeouts = timeouts;
        this.token = token;
    }

    /**
     * Calls {@code request} on one daemon after another until one answers. Retried requests must be
     * safe to repeat: input is, because the state machine drops a repeated {@code (client_id, seq)}.
     *
     * @throws HttyException with the daemon's answer if it is an error other than unavailability,
     *     or {@link ExitCode#CLUSTER_UNAVAILABLE} when no daemon answered before the deadline
     */
    <T> T call(Function<HttyBlockingStub, T> request) {
        Attempts attempts = new Attempts(daemons.size(), preferred, timeouts);
        while (true) {
            sleep(attempts.pauseBeforeNext());
            if (attempts.expired()) {
                throw attempts.unavailable();
            }
            int index = attempts.next();
            DaemonConnection daemon = daemons.get(index);
            try {
                T reply = request.apply(daemon.blocking(attempts.callTimeout()));
                preferred = index;
                return reply;
            } catch (StatusRuntimeException e) {
                if (!Failures.isRetryable(e.getStatus())) {
                    throw Failures.fromStatus(e, daemon.endpoint(), token);
                }
                attempts.failed(daemon.endpoint(), e.getStatus());
                daemon.resetBackoff();
            }
        }
    }

    /** Calls {@code request} on one given daemon only, once, within the overall deadline. */
    <T> T callOn(DaemonConnection daemon, Function<HttyBlockingStub, T> request) {
        try {
            return request.apply(daemon.blocking(timeouts.overall()));
        } catch (StatusRuntimeException e) {
            throw Failures.fromStatus(e, daemon.endpoint(), token);
        }
    }

    int preferred() {
        return preferred;
    }

    private static void sleep(Duration pause) {
        if (!pause.isPositive()) {
            return;
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttyException(ExitCode.ERROR, "interrupted", e);
        }
    }
}
