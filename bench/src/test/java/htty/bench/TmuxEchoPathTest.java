package htty.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the tmux path reads a pane's output out of control mode's {@code %output} notifications. */
class TmuxEchoPathTest {

    @Test
    void printableOutputIsAsWritten() {
        assertArrayEquals("a b".getBytes(StandardCharsets.US_ASCII), TmuxEchoPath.paneOutput("%output %0 a b"));
    }

    @Test
    void controlCharactersAndTheBackslashAreOctal() {
        assertArrayEquals(new byte[] {'\\', 7, 'x', '\r', '\n'}, TmuxEchoPath.paneOutput("%output %12 \\134\\007x\\015\\012"));
    }
}
