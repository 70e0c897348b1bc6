package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cursor movement (ECMA-48 8.3: CUU CUD CUF CUB CNL CPL CHA CUP HVP VPA HPA HPR VPR, BS, HT, CBT, CHT). */
class CursorTest {
    private static void at(Screen s, int x, int y) {
        assertEquals(x + "," + y, s.cursorX() + "," + s.cursorY());
    }

    @Test
    void cupIsOneBasedAndClamped() {
        Screen s = new Screen(20, 10);
        at(s.feed("\033[5;10H"), 9, 4);
        at(s.feed("\033[H"), 0, 0);
        at(s.feed("\033[99;99f"), 19, 9);
        at(s.feed("\033[0;0H"), 0, 0);
    }

    @Test
    void relativeMovesStopAtTheEdges() {
        Screen s = new Screen(20, 10).feed("\033[5;5H");
        at(s.feed("\033[2A"), 4, 2);
        at(s.feed("\033[A"), 4, 1);
        at(s.feed("\033[0A"), 4, 0);
        at(s.feed("\033[50B"), 4, 9);
        at(s.feed("\033[3C"), 7, 9);
        at(s.feed("\033[99C"), 19, 9);
        at(s.feed("\033[5D"), 14, 9);
        at(s.feed("\033[99D"), 0, 9);
        at(s.feed("\033[5;5H\033[2E"), 0, 6);
        at(s.feed("\033[5;5H\033[2F"), 0, 2);
        at(s.feed("\033[7G"), 6, 2);
        at(s.feed("\033[3`"), 2, 2);
        at(s.feed("\033[8d"), 2, 7);
        at(s.feed("\033[2a"), 4, 7);
        at(s.feed("\033[2e"), 4, 9);
    }

    @Test
    void verticalMovesStopAtTheScrollRegion() {
        Screen s = new Screen(20, 10).feed("\033[3;6r\033[4;1H");
        at(s.feed("\033[10A"), 0, 2);
        at(s.feed("\033[10B"), 0, 5);
        at(s.feed("\033[8;1H\033[10A"), 0, 2);
    }

    @Test
    void originModeMakesPositionsRelativeToTheRegion() {
        Screen s = new Screen(20, 10).feed("\033[3;6r\033[?6h");
        at(s, 0, 2);
        at(s.feed("\033[2;3H"), 2, 3);
        at(s.feed("\033[9;1H"), 0, 5);
        s.feed("\033[6n");
        assertEquals("\033[4;1R", s.replies());
    }

    @Test
    void backspaceStopsAtTheLeftEdgeUnlessTheLineAboveWrapped() {
        Screen s = new Screen(5, 3);
        at(s.feed("ab\b\b\b"), 0, 0);
        at(s.feed("\033[1;1Habcdefg\r\b"), 4, 0);
    }

    @Test
    void backspaceAfterAPendingWrapStaysInTheLastColumn() {
        Screen s = new Screen(5, 3).feed("abcde\bX");
        assertEquals("abcdX", s.row(0));
    }

    @Test
    void tabsStopEveryEightColumnsAndCanBeSetAndCleared() {
        Screen s = new Screen(30, 3);
        at(s.feed("\t"), 8, 0);
        at(s.feed("\t\t"), 24, 0);
        at(s.feed("\t\t"), 29, 0);
        at(s.feed("\r\033[3C\033H\r\t"), 3, 0);
        at(s.feed("\033[g\r\t"), 8, 0);
        at(s.feed("\033[3g\r\t"), 29, 0);
    }

    @Test
    void cbtAndChtMoveByTabStops() {
        Screen s = new Screen(40, 3);
        at(s.feed("\033[2I"), 16, 0);
        at(s.feed("\033[Z"), 8, 0);
        at(s.feed("\033[5Z"), 0, 0);
    }

    @Test
    void saveAndRestoreCursorKeepPositionAndRendition() {
        Screen s = new Screen(20, 5).feed("\033[3;4H\033[1m\0337\033[H\033[0m\0338X");
        assertEquals("   X", s.row(2));
        assertEquals(true, (s.attrs(3, 2) & htty.term.screen.Attrs.BOLD) != 0);
        at(s.feed("\033[5;5H\033[s\033[H\033[u"), 4, 4);
    }
}
