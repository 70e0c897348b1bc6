package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.term.render.CaptureRange;
import htty.term.render.JsonCells;
import htty.term.render.Redraw;
import htty.term.render.TextCapture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The renderers: plain text (capture -p, -J, -S/-E), text with SGR (-e), JSON cells, redraw. */
class RenderTest {
    private static String plain(Terminal t, CaptureRange range, boolean join) {
        return TextCapture.render(t, range, join, false);
    }

    @Test
    void plainTextTrimsTrailingBlanks() {
        Screen s = new Screen(10, 3).feed("ab  \r\n\033[41m  \033[0m");
        assertEquals("ab\n\n\n", plain(s.terminal, CaptureRange.SCREEN, false));
    }

    @Test
    void joinedRowsMakeOneLine() {
        Screen s = new Screen(5, 3).feed("abcdefgh\r\nxy");
        assertEquals("abcde\nfgh\nxy\n", plain(s.terminal, CaptureRange.SCREEN, false));
        assertEquals("abcdefgh\nxy\n", plain(s.terminal, CaptureRange.SCREEN, true));
    }

    @Test
    void rangesReachIntoTheHistory() {
        Screen s = new Screen(5, 2).feed("1\r\n2\r\n3\r\n4");
        assertEquals("1\n2\n3\n4\n", plain(s.terminal,
                new CaptureRange(CaptureRange.HISTORY_START, CaptureRange.SCREEN_END), false));
        assertEquals("2\n3\n", plain(s.terminal, new CaptureRange(-1, 0), false));
        assertEquals("4\n", plain(s.terminal, new CaptureRange(1, 1), false));
    }

    @Test
    void textWithEscapesCarriesRenditions() {
        Screen s = new Screen(10, 1).feed("a\033[1;31mb\033[0mc");
        assertEquals("a\033[0;1;31mb\033[0mc\n", TextCapture.render(s.terminal, CaptureRange.SCREEN, false, true));
    }

    @Test
    void plainTextHasNoControlCharacters() {
        Screen s = new Screen(20, 2).feed("a\033]2;\u0007x\033[31mb\u0085c\033P$q\033\\");
        String text = plain(s.terminal, CaptureRange.SCREEN, false);
        assertFalse(text.chars().anyMatch(c -> c < 0x20 && c != '\n' || c >= 0x7F && c <= 0x9F), text);
    }

    @Test
    void jsonCellsDescribeTheScreen() {
        Screen s = new Screen(3, 1).feed("\033[1;38;2;255;0;16m\u4e2d\033[0m\"");
        assertEquals("{\"cols\":3,\"rows\":1,\"cursor\":{\"x\":2,\"y\":0,\"visible\":true},\"alternate\":false,"
                + "\"title\":\"\",\"lines\":[[{\"t\":\"\u4e2d\",\"w\":2,\"fg\":\"#ff0010\",\"a\":[\"bold\"]},"
                + "{\"t\":\"\\\"\"}]]}", JsonCells.render(s.terminal));
    }

    @Test
    void redrawIsSevenBitControlsAndUtf8Text() {
        Screen s = new Screen(10, 2).feed("\033[?1049h\033[1mhi\u4e2d\033[?2004h\033]2;t\007");
        byte[] redraw = Redraw.render(s.terminal);
        String text = new String(redraw, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\033[?1049h"));
        assertTrue(text.contains("\033[?2004h"));
        assertTrue(text.contains("\033]2;t\033\\"));
        assertFalse(text.chars().anyMatch(c -> c >= 0x80 && c <= 0x9F), "no C1 controls");
    }
}
