package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.term.screen.Attrs;
import htty.term.screen.Color;
import org.junit.jupiter.api.Test;

/** Erasing, inserting, deleting and scrolling (ECMA-48 ED EL ECH ICH DCH IL DL SU SD, IND RI NEL, DECSTBM). */
class EditingTest {
    private static Screen filled(int cols, int rows) {
        Screen s = new Screen(cols, rows);
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < rows; y++) {
            b.append("\033[").append(y + 1).append(";1H");
            for (int x = 0; x < cols; x++) {
                b.append((char) ('a' + y));
            }
        }
        return s.feed(b.toString());
    }

    @Test
    void eraseInLine() {
        Screen s = filled(6, 3).feed("\033[1;3H\033[K");
        assertEquals("aa", s.row(0));
        s.feed("\033[2;3H\033[1K");
        assertEquals("   bbb", s.row(1));
        s.feed("\033[3;3H\033[2K");
        assertEquals("", s.row(2));
    }

    @Test
    void eraseInDisplay() {
        Screen s = filled(4, 4).feed("\033[2;3H\033[J");
        assertEquals("aaaa", s.row(0));
        assertEquals("bb", s.row(1));
        assertEquals("", s.row(2));
        s = filled(4, 4).feed("\033[3;2H\033[1J");
        assertEquals("", s.row(1));
        assertEquals("  cc", s.row(2));
        assertEquals("dddd", s.row(3));
        s = filled(4, 4).feed("\033[2J");
        for (int y = 0; y < 4; y++) {
            assertEquals("", s.row(y));
        }
    }

    @Test
    void clearingTheScreenKeepsItInTheHistoryAsTmuxDoes() {
        Screen s = filled(4, 3).feed("\033[2J");
        assertEquals(3, s.terminal.primary().history().size());
        s.feed("\033[3J");
        assertEquals(0, s.terminal.primary().history().size());
    }

    @Test
    void erasingUsesTheBackgroundColour() {
        Screen s = new Screen(4, 2).feed("\033[41m\033[2K\033[0m");
        assertEquals(Color.indexed(1), Attrs.bg(s.attrs(0, 0)));
        assertEquals(0, s.attrs(0, 0) & ~Attrs.erased(-1L), "only the background is taken from the pen");
    }

    @Test
    void eraseAndInsertAndDeleteCharacters() {
        Screen s = new Screen(8, 2).feed("abcdefgh\033[1;3H\033[2X");
        assertEquals("ab  efgh", s.row(0));
        s.feed("\033[2@");
        assertEquals("ab    ef", s.row(0));
        s.feed("\033[3P");
        assertEquals("ab ef", s.row(0));
    }

    @Test
    void insertAndDeleteLinesWithinTheRegion() {
        Screen s = filled(3, 5).feed("\033[2;4r\033[3;1H\033[L");
        assertEquals("aaa", s.row(0));
        assertEquals("bbb", s.row(1));
        assertEquals("", s.row(2));
        assertEquals("ccc", s.row(3));
        assertEquals("eee", s.row(4), "lines below the region do not move");
        s.feed("\033[2;1H\033[2M");
        assertEquals("ccc", s.row(1));
        assertEquals("", s.row(2));
        assertEquals("", s.row(3));
        assertEquals("eee", s.row(4));
    }

    @Test
    void lineFeedAtTheBottomOfTheRegionScrollsOnlyTheRegion() {
        Screen s = filled(3, 5).feed("\033[2;4r\033[4;1H\n");
        assertEquals("aaa", s.row(0));
        assertEquals("ccc", s.row(1));
        assertEquals("ddd", s.row(2));
        assertEquals("", s.row(3));
        assertEquals("eee", s.row(4));
    }

    @Test
    void reverseIndexAtTheTopScrollsDown() {
        Screen s = filled(3, 3).feed("\033[H\033M");
        assertEquals("", s.row(0));
        assertEquals("aaa", s.row(1));
        assertEquals("bbb", s.row(2));
    }

    @Test
    void nextLineReturnsAndFeeds() {
        Screen s = new Screen(5, 3).feed("ab\033Ec");
        assertEquals("c", s.row(1));
    }

    @Test
    void scrollUpAndDown() {
        Screen s = filled(3, 4).feed("\033[2S");
        assertEquals("ccc", s.row(0));
        assertEquals("ddd", s.row(1));
        assertEquals("", s.row(2));
        s.feed("\033[T");
        assertEquals("", s.row(0));
        assertEquals("ccc", s.row(1));
    }

    @Test
    void anInvalidScrollRegionIsIgnored() {
        Screen s = new Screen(3, 5).feed("\033[4;2r");
        assertEquals(0, s.terminal.top());
        assertEquals(4, s.terminal.bottom());
    }

    @Test
    void alignmentTestFillsTheScreenWithE() {
        Screen s = new Screen(3, 2).feed("\033#8");
        assertEquals("EEE", s.row(0));
        assertEquals("EEE", s.row(1));
    }

    @Test
    void fullResetClearsEverything() {
        Screen s = filled(3, 3).feed("\033[1;31m\033[?25l\033[2;3r\033c");
        assertEquals("", s.row(0));
        assertEquals(Attrs.PLAIN, s.terminal.pen().attrs());
        assertTrue(s.terminal.mode(Modes.CURSOR_VISIBLE));
        assertEquals(2, s.terminal.bottom());
    }
}
