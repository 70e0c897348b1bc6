package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
        keys.received(ByteString.copyFrom(text, StandardCharsets.UTF_8), ++clock);
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
