package htty.term.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import htty.term.oracle.OracleStyle.Attribute;
import htty.term.oracle.OracleStyle.Underline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the tmux oracle on inputs whose outcome ECMA-48 and xterm fix, so that when a differential test
 * fails we can trust the tmux side.
 */
class TmuxOracleTest {

    @BeforeAll
    static void needsTmux() {
        assumeTrue(TmuxOracle.isAvailable(), "tmux is not installed");
    }

    @Test
    void plainTextAndCrlf() {
        OracleScreen screen = run("hello\r\nworld", 10, 3);

        assertEquals("hello     ", screen.lines().get(0).text());
        assertEquals("world     ", screen.lines().get(1).text());
        assertEquals("          ", screen.lines().get(2).text());
        assertEquals(OracleCell.of("h"), screen.cell(0, 0));
        assertEquals(OracleCell.BLANK, screen.cell(5, 0));
        assertEquals(5, screen.cursorX());
        assertEquals(1, screen.cursorY());
        assertEquals(List.of(), screen.history());
    }

    @Test
    void boldRed() {
        OracleScreen screen = run("\u001b[1;31mX", 4, 2);

        OracleStyle boldRed = OracleStyle.DEFAULT.with(Attribute.BOLD).withForeground(OracleColor.indexed(1));
        assertEquals(new OracleCell("X", 1, boldRed), screen.cell(0, 0));
        assertEquals(OracleCell.BLANK, screen.cell(1, 0));
    }

    @Test
    void paletteAndDirectColours() {
        OracleScreen screen = run("\u001b[38;5;200mA\u001b[38;2;1;2;3mB\u001b[48;5;4mC\u001b[0mD", 6, 1);

        OracleStyle pink = OracleStyle.DEFAULT.withForeground(OracleColor.indexed(200));
        OracleStyle rgb = OracleStyle.DEFAULT.withForeground(OracleColor.rgb(1, 2, 3));
        assertEquals(new OracleCell("A", 1, pink), screen.cell(0, 0));
        assertEquals(new OracleCell("B", 1, rgb), screen.cell(1, 0));
        assertEquals(new OracleCell("C", 1, rgb.withBackground(OracleColor.indexed(4))), screen.cell(2, 0));
        assertEquals(OracleCell.of("D"), screen.cell(3, 0));
    }

    @Test
    void theSixteenColoursArePaletteEntriesHoweverTheyAreChosen() {
        OracleScreen screen = run("\u001b[31mA\u001b[38;5;1mB\u001b[91mC\u001b[38;5;9mD\u001b[101mE\u001b[48;5;9mF", 6, 1);

        OracleStyle red = OracleStyle.DEFAULT.withForeground(OracleColor.indexed(1));
        OracleStyle brightRed = OracleStyle.DEFAULT.withForeground(OracleColor.indexed(9));
        assertEquals(red, screen.cell(0, 0).style());
        assertEquals(red, screen.cell(1, 0).style());
        assertEquals(brightRed, screen.cell(2, 0).style());
        assertEquals(brightRed, screen.cell(3, 0).style());
        assertEquals(brightRed.withBackground(OracleColor.indexed(9)), screen.cell(4, 0).style());
        assertEquals(brightRed.withBackground(OracleColor.indexed(9)), screen.cell(5, 0).style());
    }

    @Test
    void attributesAndUnderlineStyles() {
        OracleScreen screen = run("\u001b[2;3;5;7;8;9;53mA\u001b[0;4:3;58;2;9;8;7mB\u001b[24;21mC\u001b[0mD", 4, 1);

        OracleStyle many = OracleStyle.DEFAULT.with(Attribute.DIM).with(Attribute.ITALIC).with(Attribute.BLINK)
                .with(Attribute.INVERSE).with(Attribute.HIDDEN).with(Attribute.STRIKETHROUGH)
                .with(Attribute.OVERLINE);
        OracleStyle curly = OracleStyle.DEFAULT.withUnderline(Underline.CURLY)
                .withUnderlineColor(OracleColor.rgb(9, 8, 7));
        assertEquals(many, screen.cell(0, 0).style());
        assertEquals(curly, screen.cell(1, 0).style());
        assertEquals(curly.withUnderline(Underline.DOUBLE), screen.cell(2, 0).style());
        assertEquals(OracleStyle.DEFAULT, screen.cell(3, 0).style());
    }

    @Test
    void aWideCharacterCoversTwoColumns() {
        OracleScreen screen = run("中x", 5, 1);

        assertEquals(new OracleCell("中", 2, OracleStyle.DEFAULT), screen.cell(0, 0));
        assertEquals(OracleCell.CONTINUATION, screen.cell(1, 0));
        assertEquals(OracleCell.of("x"), screen.cell(2, 0));
        assertEquals(3, screen.cursorX());
    }

    @Test
    void aCombiningMarkJoinsTheCharacterBefore() {
        OracleScreen screen = run("e\u0301x\u00e9", 5, 1);

        assertEquals(OracleCell.of("e\u0301"), screen.cell(0, 0));
        assertEquals(OracleCell.of("x"), screen.cell(1, 0));
        assertEquals(OracleCell.of("\u00e9"), screen.cell(2, 0));
        assertEquals(3, screen.cursorX());
    }

    @Test
    void lineDrawingCharactersAreShownAsTheirGlyphs() {
        OracleScreen screen = run("\u001b(0lqk\u001b(Bq", 4, 1);

        assertEquals("┌─┐q", screen.lines().get(0).text());
    }

    @Test
    void cursorPositionIsZeroBased() {
        OracleScreen screen = run("\u001b[5;10H", 20, 6);

        assertEquals(9, screen.cursorX());
        assertEquals(4, screen.cursorY());
    }

    @Test
    void writingTheLastColumnLeavesTheCursorPastIt() {
        OracleScreen screen = run("abcde", 5, 2);

        assertEquals(5, screen.cursorX());
        assertEquals(0, screen.cursorY());
    }

    @Test
    void modesStartAsAfterAReset() {
        OracleScreen screen = run("", 10, 4);

        assertEquals(new OracleModes(true, false, false, false, false, true,
                false, false, false, false, false, false, 0, 3), screen.modes());
        assertEquals(List.of(8), screen.tabStops());
    }

    @Test
    void modesAreReported() {
        OracleScreen screen = run(
                "\u001b[?25l\u001b[4h\u001b[?1h\u001b=\u001b[?7l\u001b[?1002h\u001b[?1006h\u001b[2;3r\u001b[?6h", 10, 4);

        assertEquals(new OracleModes(false, true, true, true, true, false,
                false, true, false, true, false, false, 1, 2), screen.modes());
    }

    @Test
    void alternateScreen() {
        OracleScreen screen = run("main\u001b[?1049halt", 10, 2);

        assertTrue(screen.modes().alternateScreen());
        assertEquals("    alt   ", screen.lines().get(0).text(), "1049 keeps the cursor where it was");
    }

    @Test
    void answersToQueriesDoNotReachTheScreen() {
        OracleScreen screen = run("\u001b[6n\u001b[cA", 20, 2);

        assertEquals("A" + " ".repeat(19), screen.lines().get(0).text());
        assertEquals(" ".repeat(20), screen.lines().get(1).text());
    }

    @Test
    void anUnfinishedSequenceDoesNotStopTheCapture() {
        assertEquals("x  ", run("x\u001bP1;2|abc", 3, 1).lines().get(0).text());
        assertEquals("y  ", run("y\u001b]0;title", 3, 1).lines().get(0).text());
        assertEquals("z  ", run("z\u001b[3", 3, 1).lines().get(0).text());
    }

    @Test
    void historyKeepsTheLinesScrolledOff() {
        OracleScreen screen = TmuxOracle.run(bytes("1\r\n2\r\n3\r\n4\r\n5"), 2, 3, 10);

        assertEquals(List.of("1 ", "2 "), texts(screen.history()));
        assertEquals(List.of("3 ", "4 ", "5 "), texts(screen.lines()));
    }

    @Test
    void columnsErasedPastTheWrittenTextAreNotCaptured() {
        OracleScreen tmux = run("ab\u001b[44m\u001b[K", 4, 1);

        assertEquals(2, tmux.lines().get(0).capturedColumns());
        assertEquals(OracleCell.BLANK, tmux.cell(2, 0));

        OracleCell blueBlank = new OracleCell(" ", 1, OracleStyle.DEFAULT.withBackground(OracleColor.indexed(4)));
        assertEquals(List.of(), tmux.diff(withCells(tmux, OracleCell.of("a"), OracleCell.of("b"), blueBlank, blueBlank)));
        assertFalse(tmux.diff(withCells(tmux, OracleCell.of("a"), OracleCell.of("b"), OracleCell.of("x"), blueBlank))
                .isEmpty());
    }

    @Test
    void diffNamesEachDifference() {
        OracleScreen tmux = run("\u001b[1mab", 3, 1);
        OracleScreen other = withCells(tmux, OracleCell.of("a"), tmux.cell(1, 0), OracleCell.BLANK);

        assertEquals(List.of("line 0, col 0: expected \"a\" bold, actual \"a\""), tmux.diff(other));
    }

    private static OracleScreen run(String input, int cols, int rows) {
        return TmuxOracle.run(bytes(input), cols, rows);
    }

    private static byte[] bytes(String input) {
        return input.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<OracleLine> lines) {
        List<String> texts = new ArrayList<>();
        lines.forEach(line -> texts.add(line.text()));
        return texts;
    }

    /** {@code screen} with its one line replaced by {@code cells}, as an emulator would report it. */
    private static OracleScreen withCells(OracleScreen screen, OracleCell... cells) {
        return new OracleScreen(screen.cols(), screen.rows(), screen.history(), List.of(OracleLine.of(List.of(cells))),
                screen.cursorX(), screen.cursorY(), screen.modes(), screen.tabStops());
    }
}
