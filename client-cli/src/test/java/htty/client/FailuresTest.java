package htty.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the daemons' answers become exit codes: the table the README documents. */
class FailuresTest {

    private static final Endpoint DAEMON = new Endpoint("127.0.0.1", 7201);

    @ParameterizedTest
    @CsvSource({
        "NOT_FOUND, NO_SUCH_SESSION",
        "INVALID_ARGUMENT, USAGE",
        "UNAUTHENTICATED, ERROR",
        "UNAVAILABLE, CLUSTER_UNAVAILABLE",
        "DEADLINE_EXCEEDED, CLUSTER_UNAVAILABLE",
        "ALREADY_EXISTS, ERROR",
        "PERMISSION_DENIED, ERROR",
        "RESOURCE_EXHAUSTED, ERROR",
        "FAILED_PRECONDITION, ERROR",
        "INTERNAL, ERROR",
        "UNKNOWN, ERROR",
    })
    void mapsEachStatusToAnExitCode(Status.Code code, ExitCode expected) {
        HttyException error = Failures.fromStatus(Status.fromCode(code).asRuntimeException(), DAEMON, Token.none());

        assertEquals(expected, error.exitCode());
    }

    @Test
    void exitCodesAreTheDocumentedNumbers() {
        assertEquals(0, ExitCode.OK.code());
        assertEquals(1, ExitCode.ERROR.code());
        assertEquals(2, ExitCode.USAGE.code());
        assertEquals(3, ExitCode.NO_SUCH_SESSION.code());
        assertEquals(4, ExitCode.CLUSTER_UNAVAILABLE.code());
    }

    @Test
    void onlyUnavailabilityIsWorthAnotherDaemon() {
        for (Status.Code code : Status.Code.values()) {
            boolean retryable = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
            assertEquals(retryable, Failures.isRetryable(Status.fromCode(code)), code.toString());
        }
    }

    @Test
    void theDaemonsDescriptionIsTheMessage() {
        HttyException error = Failures.fromStatus(
                Status.INVALID_ARGUMENT.withDescription("input chunk of 70000 bytes exceeds 65536").asRuntimeException(),
                DAEMON, Token.none());

        assertEquals("input chunk of 70000 bytes exceeds 65536", error.getMessage());
    }

    @Test
    void unavailabilityListsWhatEachDaemonSaidLast() {
        Map<Endpoint, Status> lastSeen = new LinkedHashMap<>();
        lastSeen.put(DAEMON, Status.UNAVAILABLE.withDescription("no leader"));
        lastSeen.put(new Endpoint("127.0.0.1", 7202), Status.DEADLINE_EXCEEDED);

        HttyException error = Failures.clusterUnavailable(Duration.ofSeconds(10), lastSeen);

        assertEquals(ExitCode.CLUSTER_UNAVAILABLE, error.exitCode());
        assertEquals("cluster unavailable: no daemon answered within 10s"
                + " (127.0.0.1:7201: UNAVAILABLE no leader; 127.0.0.1:7202: DEADLINE_EXCEEDED)", error.getMessage());
        assertTrue(Failures.clusterUnavailable(Duration.ofMillis(1500), Map.of()).getMessage().endsWith("within 1500ms"));
    }
}
