package htty.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns what the daemons answered into {@link HttyException}s with the documented exit codes. */
final class Failures {

    private Failures() {
    }

    /**
     * Whether another daemon might do better: this one is down, has no leader, or did not answer
     * in time. Every other status is the cluster's considered answer and is not retried.
     */
    static boolean isRetryable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    /** The daemon's final answer to a request, as the user should read it. */
    static HttyException fromStatus(StatusRuntimeException error, Endpoint endpoint, Token token) {
        Status status = error.getStatus();
        String description = status.getDescription();
        return switch (status.getCode()) {
            case NOT_FOUND -> new HttyException(ExitCode.NO_SUCH_SESSION,
                    description != null ? description : "no such session", error);
            case INVALID_ARGUMENT -> new HttyException(ExitCode.USAGE,
                    description != null ? description : "invalid argument", error);
            case UNAUTHENTICATED -> new HttyException(ExitCode.ERROR,
                    "the daemon at " + endpoint + " refused the token as wrong or missing: "
                            + token.describeSource(), error);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new HttyException(ExitCode.CLUSTER_UNAVAILABLE,
                    "the daemon at " + endpoint + " is unavailable: " + summary(status), error);
            default -> new HttyException(ExitCode.ERROR, "the daemon at " + endpoint + " failed: " + summary(status), error);
        };
    }

    /** No daemon gave an answer before the deadline; says what each one said last. */
    static HttyException clusterUnavailable(Duration waited, Map<Endpoint, Status> lastSeen) {
        String details = lastSeen.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + summary(entry.getValue()))
                .collect(Collectors.joining("; "));
        return new HttyException(ExitCode.CLUSTER_UNAVAILABLE,
                "cluster unavailable: no daemon answered within " + seconds(waited)
                        + (details.isEmpty() ? "" : " (" + details + ")"));
    }

    static String summary(Status status) {
        return status.getDescription() == null
                ? status.getCode().toString()
                : status.getCode() + " " + status.getDescription();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
