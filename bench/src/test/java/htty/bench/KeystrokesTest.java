package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.Redraw;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the failover benchmark tells which keystroke an echo belongs to, and what counts as a violation. */
class KeystrokesTest {
    /** The start of every redraw: reset the margins and rendition, home, erase the screen. */
    private static final String REDRAW = "\033[?6l\033[r\033[0m\033[H\033[2J";

    private final Keystrokes keys = new Keystrokes();
    private long clock;

    private void type(int count) {
        for (int i = 0; i < count; i++) {
            keys.send(++clock);
        }
    }

    private void receive(String text) {
        receive(text.getBytes(StandardCharsets.UTF_8));
    }

    private void receive(byte[] bytes) {
        keys.received(ByteString.copyFrom(bytes), ++clock);
    }

    /** What cat echoes for keystrokes {@code from} (inclusive) to {@code to} (exclusive). */
    private static byte[] echo(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = from; i < to; i++) {
            out.writeBytes(Keystrokes.bytes(i));
        }
        return out.toByteArray();
    }

    /** The redraw a daemon sends of a screen the session's program printed {@code printed} on. */
    private static byte[] redrawOf(byte[] printed) {
        Terminal screen = new Terminal(TerminalConfig.of(FailoverBench.COLS, FailoverBench.ROWS));
        screen.feed(printed);
        return Redraw.render(screen);
    }

    @Test
    void keystrokesAreFourBase36DigitsAndASpace() {
        assertEquals("0000 ", new String(Keystrokes.bytes(0), StandardCharsets.US_ASCII));
        assertEquals("00zz ", new String(Keystrokes.bytes(36 * 36 - 1), StandardCharsets.US_ASCII));
        assertEquals(0, FailoverBench.COLS % Keystrokes.BYTES, "a row holds whole keystrokes");
    }

    @Test
    void echoesSplitAcrossChunksAreEachCountedOnce() {
        type(3);
        receive("0000 00");
        receive("01 0002 ");
        Keystrokes.Integrity integrity = keys.integrity();
        assertTrue(integrity.exactlyOnce(), integrity.toString());
        assertEquals(3, integrity.echoed());
    }

    @Test
    void aRedrawRepaintsWhatWasShownAndMayFinishAKeystrokeTheOutputCompletes() {
        type(4);
        receive("0000 0001 ");
        // The takeover's screen: what was shown, one keystroke more, and the start of the next.
        receive(REDRAW + "\033[1;1H0000 0001 0002 00\033[1;14H\033[?25h");
        receive("03 ");
        Keystrokes.Integrity integrity = keys.integrity();
        assertTrue(integrity.exactlyOnce(), integrity.toString());
    }

    @Test
    void aRedrawWhoseTopRowCutsAKeystrokeIgnoresTheCutEnd() {
        type(2);
        receive(REDRAW + "\033[1;1H00 0001 \033[2;1H");
        Keystrokes.Integrity integrity = keys.integrity();
        assertEquals(1, integrity.lost(), integrity.toString());
        assertEquals(0, integrity.garbled(), integrity.toString());
    }

    @Test
    void aKeystrokeShownOnlyByARedrawIsEchoed() {
        type(3);
        receive("0000 ");
        receive(REDRAW + "\033[1;1H0000 0001 0002 ");
        long redrawn = clock;
        Keystrokes.Integrity integrity = keys.integrity();
        assertTrue(integrity.exactlyOnce(), integrity.toString());
        assertEquals(3, integrity.echoed());
        assertEquals(redrawn, keys.firstEchoOfSentAfter(1).getAsLong(), "keystroke 1's echo is the redraw");
    }

    /**
     * More keystrokes than a screen holds, so that rows scrolled away, and a redraw of what was shown
     * when the output stood at {@code cut}: at a row's end (a pending wrap), between two keystrokes,
     * in one.
     */
    @ParameterizedTest
    @ValueSource(ints = {448 * Keystrokes.BYTES, 449 * Keystrokes.BYTES, 449 * Keystrokes.BYTES + 2})
    void redrawsAsTheDaemonRendersThemRepaintTheScreen(int cut) {
        type(450);
        byte[] echo = echo(0, 450);
        byte[] shown = Arrays.copyOf(echo, cut);
        receive(shown);
        receive(redrawOf(shown));
        receive(Arrays.copyOfRange(echo, cut, echo.length));
        Keystrokes.Integrity integrity = keys.integrity();
        assertTrue(integrity.exactlyOnce(), integrity.toString());
        assertEquals(450, integrity.echoed());
    }

    @Test
    void aRedrawBehindTheOutputPaintsKeystrokesOverAndTheirNextEchoIsNoDuplicate() {
        type(40);
        receive(echo(0, 30));
        // The new voice's screen: its cat had echoed only up to keystroke 25 when it took over. It
        // echoes the rest from there.
        receive(redrawOf(echo(0, 26)));
        receive(echo(26, 40));
        Keystrokes.Integrity integrity = keys.integrity();
        assertTrue(integrity.exactlyOnce(), integrity.toString());
        assertEquals(40, integrity.echoed());
    }

    @Test
    void aKeystrokePaintedOverAndNeverEchoedAgainIsLost() {
        type(12);
        receive(echo(0, 10));
        receive(redrawOf(echo(0, 8)));
        receive(echo(10, 12));
        Keystrokes.Integrity integrity = keys.integrity();
        assertEquals(2, integrity.lost(), "keystrokes 8 and 9: " + integrity);
        assertEquals(0, integrity.duplicated(), integrity.toString());
        assertEquals(new Keystrokes.Lost(12, 2), keys.lost(0, 12));
    }

    @Test
    void outputShowingAgainWhatARedrawShowedOrWhatScrolledAwayAboveItIsADuplicate() {
        type(450);
        receive(echo(0, 450));
        receive(redrawOf(echo(0, 450)));
        receive(echo(449, 450));
        receive(echo(0, 1));
        assertEquals(2, keys.integrity().duplicated(), keys.integrity().toString());
    }

    @Test
    void outputShowingAKeystrokeAgainIsADuplicate() {
        type(2);
        receive("0000 0001 ");
        receive(REDRAW + "0000 0001 ");
        receive("0001 ");
        assertEquals(1, keys.integrity().duplicated(), keys.integrity().toString());
    }

    @Test
    void lostReorderedAndStrangeEchoesAreCounted() {
        type(4);
        receive("0001 0000 0003 xyz 0009 ");
        Keystrokes.Integrity integrity = keys.integrity();
        assertEquals(1, integrity.lost(), "keystroke 2");
        assertEquals(1, integrity.reordered(), "keystroke 0 after 1");
        assertEquals(2, integrity.garbled(), "xyz, and 9 which was never typed");
        assertTrue(!integrity.exactlyOnce());
    }

    @Test
    void gapsAreMeasuredAcrossTheWindowsEdges() {
        type(4); // sent at 1, 2, 3, 4
        keys.received(ByteString.copyFromUtf8("0000 "), 10);
        keys.received(ByteString.copyFromUtf8("0001 "), 110);
        keys.received(ByteString.copyFromUtf8("0002 0003 "), 111);
        assertEquals(new Keystrokes.Gap(10, 110), keys.longestEchoGap(50, 60), "the gap spanning the window");
        assertEquals(new Keystrokes.Gap(10, 110), keys.longestEchoGap(5, 10), "the gap ending in it");
        assertEquals(new Keystrokes.Gap(110, 111), keys.longestEchoGap(111, 111));
        assertEquals(new Keystrokes.Gap(111, 200), keys.longestEchoGap(150, 200), "still open at the window's end");
        assertEquals(1, keys.longestSendGap(0, 4).length());
        assertTrue(keys.lastEchoed());
        assertEquals(111, keys.firstEchoOfSentAfter(2).getAsLong(), "keystroke 2, sent at 3");
    }
}
