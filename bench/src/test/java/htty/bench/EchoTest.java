package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** An echo is timed when its byte arrives; anything else that arrives fails the path. */
class EchoTest {
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final Echo echo = new Echo("test");

    @Test
    void theEchoIsTimedWhenItArrived() throws InterruptedException {
        CompletableFuture<Long> arrival = echo.expect((byte) 'a');
        echo.received(new byte[] {'a'}, 1, 42);
        assertEquals(42, echo.await(arrival, WAIT));
    }

    @Test
    void anotherByteFailsThisKeystrokeAndEveryLaterOne() {
        CompletableFuture<Long> arrival = echo.expect((byte) 'a');
        echo.received(new byte[] {'b'}, 1, 42);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> echo.await(arrival, WAIT));
        assertTrue(failure.getMessage().contains("expected the echo \"a\", got \"b\""), failure.getMessage());
        assertThrows(IllegalStateException.class, () -> echo.expect((byte) 'c'));
    }

    @Test
    void outputWithNoKeystrokeInFlightFailsTheNext() {
        echo.received(new byte[] {'a', 'a'}, 2, 42);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> echo.expect((byte) 'b'));
        assertTrue(failure.getMessage().contains("while no keystroke was in flight: \"aa\""), failure.getMessage());
    }

    @Test
    void anEchoThatNeverComesTimesOut() {
        CompletableFuture<Long> arrival = echo.expect((byte) 'a');
        assertThrows(IllegalStateException.class, () -> echo.await(arrival, Duration.ofMillis(10)));
    }
}
