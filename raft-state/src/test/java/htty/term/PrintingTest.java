package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.term.screen.Line;
import org.junit.jupiter.api.Test;

/** Printing: autowrap with the deferred wrap, wide characters, combining marks, insert mode, charsets. */
class PrintingTest {
    @Test
    void textAdvancesTheCursor() {
        Screen s = new Screen(10, 3).feed("abc");
        assertEquals("abc", s.row(0));
        assertEquals(3, s.cursorX());
    }

    @Test
    void theWrapIsDeferredUntilTheNextCharacter() {
        Screen s = new Screen(5, 3).feed("abcde");
        assertEquals(4, s.cursorX());
        assertEquals(0, s.cursorY());
        assertTrue(s.terminal.pendingWrap());
        s.feed("f");
        assertEquals("abcde", s.row(0));
        assertEquals("f", s.row(1));
        assertTrue(s.line(0).wrapped(), "a soft wrap is recorded on the line");
        assertEquals(1, s.cursorX());
    }

    @Test
    void carriageReturnCancelsThePendingWrap() {
        Screen s = new Screen(5, 3).feed("abcde\rX");
        assertEquals("Xbcde", s.row(0));
        assertEquals(0, s.cursorY());
    }

    @Test
    void withoutAutowrapTheLastColumnIsOverwritten() {
        Screen s = new Screen(5, 3).feed("\033[?7labcdefg");
        assertEquals("abcdg", s.row(0));
        assertEquals(4, s.cursorX());
        assertEquals("", s.row(1));
    }

    @Test
    void wrappingAtTheBottomScrollsIntoHistory() {
        Screen s = new Screen(3, 2).feed("abcdefghi");
        assertEquals("def", s.row(0));
        assertEquals("ghi", s.row(1));
        assertEquals(1, s.terminal.primary().history().size());
    }

    @Test
    void wideCharactersTakeTwoCells() {
        Screen s = new Screen(10, 2).feed("a中b");
        assertEquals("a中b", s.row(0));
        assertEquals(4, s.cursorX());
        assertTrue((s.line(0).charWord(1) & Line.WIDE) != 0);
        assertEquals(Line.TAIL, s.line(0).charWord(2));
    }

    @Test
    void aWideCharacterThatDoesNotFitWrapsLeavingTheLastColumn() {
        Screen s = new Screen(5, 2).feed("abcd中");
        assertEquals("abcd", s.row(0));
        assertEquals("中", s.row(1));
        assertTrue(s.line(0).wrapped());
        assertEquals(2, s.cursorX());
    }

    @Test
    void overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        Screen s = new Screen(10, 2).feed("中文\033[1;2HX");
        assertEquals(" X文", s.row(0));
        s.feed("\033[1;3HY");
        assertEquals(" XY", s.row(0).substring(0, 3));
        assertEquals(Line.EMPTY, s.line(0).charWord(3), "the tail of 文 lost its head");
    }

    @Test
    void combiningMarksJoinThePreviousCell() {
        Screen s = new Screen(10, 2).feed("e\u0301x");
        assertEquals("e\u0301", s.line(0).text(0));
        assertEquals("x", s.line(0).text(1));
        assertEquals(2, s.cursorX());
    }

    @Test
    void aCombiningMarkAtTheStartOfALineIsDropped() {
        Screen s = new Screen(10, 2).feed("\u0301a");
        assertEquals("a", s.row(0));
    }

    @Test
    void aZeroWidthJoinerJoinsTheNextCharacterToThePreviousCell() {
        Screen s = new Screen(10, 2).feed("\uD83D\uDC68\u200D\uD83D\uDC69!");
        assertEquals("\uD83D\uDC68\u200D\uD83D\uDC69", s.line(0).text(0));
        assertEquals("!", s.line(0).text(2));
        assertEquals(3, s.cursorX());
    }

    @Test
    void insertModeShiftsTheLineRight() {
        Screen s = new Screen(6, 2).feed("abcd\033[1;2H\033[4hXY");
        assertEquals("aXYbcd", s.row(0));
        s.feed("\033[4lZ");
        assertEquals("aXYZcd", s.row(0));
    }

    @Test
    void decSpecialGraphicsDrawsLines() {
        Screen s = new Screen(10, 2).feed("\033(0lqk\033(Bq");
        assertEquals("┌─┐q", s.row(0));
        s.feed("\r\n\033)0\016x\017x");
        assertEquals("│x", s.row(1));
    }

    @Test
    void repeatPrintsTheLastCharacterAgain() {
        Screen s = new Screen(10, 2).feed("a\033[3b");
        assertEquals("aaaa", s.row(0));
        s.feed("\r\n\033[3b");
        assertEquals("", s.row(1), "REP after a control repeats nothing");
    }

    @Test
    void invalidUtf8ShowsReplacementCharacters() {
        Screen s = new Screen(10, 2);
        s.terminal.feed(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xE4, (byte) 0xB8, 'c'});
        assertEquals("a\uFFFDb\uFFFDc", s.row(0));
    }

    @Test
    void utf8SplitAcrossFeedsDecodesWhole() {
        Screen s = new Screen(10, 2);
        byte[] han = "中".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        s.terminal.feed(han, 0, 1);
        s.terminal.feed(han, 1, 2);
        assertEquals("中", s.row(0));
        assertFalse(s.row(0).contains("\uFFFD"));
    }
}
