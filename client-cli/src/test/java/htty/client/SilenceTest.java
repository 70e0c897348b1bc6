package htty.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When a stream counts as silent, on a clock the test moves. */
class SilenceTest {

    private long now = 1_000_000;
    private final Silence silence = new Silence(Duration.ofMillis(3000), Duration.ofMillis(1500), () -> now);

    @Test
    void aStreamThatNeverSpeaksIsSilentAfterTheFirstWordsAllowance() {
        advance(2999);
        assertFalse(silence.exceeded());
        advance(1);
        assertTrue(silence.exceeded());
    }

    @Test
    void everyEventStartsTheCountAgain() {
        advance(2900);
        silence.heard();
        silence.handled();
        advance(1400);
        assertFalse(silence.exceeded());
        advance(100);
        assertTrue(silence.exceeded());
    }

    @Test
    void afterTheFirstEventTheLimitIsShorter() {
        silence.heard();
        silence.handled();
        advance(1499);
        assertFalse(silence.exceeded());
        advance(1);
        assertTrue(silence.exceeded());
    }

    @Test
    void timeSpentHandlingAnEventIsNotSilence() {
        silence.heard();
        advance(60_000); // the consumer blocked on a slow terminal
        assertFalse(silence.exceeded());
        silence.handled();
        advance(1499);
        assertFalse(silence.exceeded());
        advance(1);
        assertTrue(silence.exceeded());
    }

    private void advance(long millis) {
        now += Duration.ofMillis(millis).toNanos();
    }
}
