package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The sanitized stream for clients: what was applied, canonical, never queries or clipboard access. */
class ClientStreamTest {
    private static String client(String input) {
        return new Screen(20, 5).feed(input).clientBytes();
    }

    @Test
    void textAndCommonControlsPassThrough() {
        assertEquals("hello\r\nw\u00f6rld\u4e2d", client("hello\r\nw\u00f6rld\u4e2d"));
        assertEquals("\033[1;31mX\033[0m", client("\033[1;31mX\033[0m"));
        assertEquals("\033[K\033[2J", client("\033[K\033[2J"));
    }

    @Test
    void cursorMovesArriveAsAbsolutePositions() {
        assertEquals("\033[4;1H", client("\033[3B"));
        assertEquals("ab\033[1;9H", client("ab\t"));
    }

    @Test
    void queriesAndUnknownSequencesAreDropped() {
        assertEquals("", client("\033[c\033[>c\033[6n\033[?25$p\033]11;?\007\033P$qm\033\\\033[>q\033[18t\033[21t"));
        assertEquals("", client("\033[?9999h\033[99z\033P+q544e\033\\\033_apc\033\\\033^pm\033\\"));
    }

    @Test
    void onlyKnownModesAreForwarded() {
        assertEquals("\033[?25;2004h", client("\033[?25;9999;2004h"));
    }

    @Test
    void clipboardWritesNeedTheSessionSetting() {
        String osc52 = "\033]52;c;aGVsbG8=\007";
        assertEquals("", client(osc52));
        Terminal allowed = new Terminal(new TerminalConfig(20, 5, 100, true));
        byte[] out = allowed.feed(osc52.getBytes(java.nio.charset.StandardCharsets.UTF_8)).clientBytes();
        assertEquals("\033]52;c;aGVsbG8=\033\\", new String(out, java.nio.charset.StandardCharsets.UTF_8));
        byte[] query = allowed.feed("\033]52;c;?\007".getBytes(java.nio.charset.StandardCharsets.UTF_8)).clientBytes();
        assertEquals(0, query.length, "a clipboard read is never forwarded");
    }

    @Test
    void charsetSwitchesBecomeUnicode() {
        assertEquals("\u250c\u2500", client("\033(0lq\033(B"));
    }

    @Test
    void titlesLoseTheirControlCharacters() {
        assertEquals("\033]2;ab\033\\", client("\033]2;a\u0085b\007"));
    }

    @Test
    void truncatedStringsAreDropped() {
        String huge = "\033]2;" + "x".repeat(htty.term.parser.Parser.OSC_LIMIT + 10) + "\007";
        Screen s = new Screen(20, 5).feed(huge);
        assertEquals("", s.clientBytes());
        assertEquals("", s.terminal.title());
    }

    @Test
    void theStreamHasNoEightBitControls() {
        String out = client("a\u009b31mb\u009d0;x\u0007c");
        assertFalse(out.chars().anyMatch(c -> c >= 0x80 && c <= 0x9F));
    }
}
