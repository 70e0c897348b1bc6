package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import htty.term.oracle.OracleScreen;
import htty.term.oracle.TmuxOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Resizing: soft-wrapped lines reflow and lines move between screen and history as in tmux. */
class ResizeTest {
    private static final String PROSE = "The quick brown fox jumps over the lazy dog; "
            + "pack my box with five dozen liquor jugs.\r\n";
    private static final String SHELL = "$ ls\r\nalpha  beta  gamma\r\n$ " + "echo " + "x".repeat(70) + "\r\n"
            + "x".repeat(70) + "\r\n$ \u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587 wide\r\n$ ";

    @TestFactory
    Stream<DynamicTest> reflowMatchesTmux() {
        assumeTrue(TmuxOracle.isAvailable(), "tmux is not installed");
        int[][] sizes = {{30, 10}, {20, 10}, {60, 10}, {30, 5}, {30, 20}, {17, 7}, {80, 3}, {13, 30}};
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] input : new String[][] {{"prose", PROSE.repeat(6)}, {"shell", SHELL},
            {"cursor mid-line", PROSE.repeat(3) + "partial line at the prompt\033[10D"}}) {
            for (int[] size : sizes) {
                tests.add(DynamicTest.dynamicTest(input[0] + " 30x10 -> " + size[0] + "x" + size[1],
                        () -> compare(input[1], 30, 10, size[0], size[1])));
            }
        }
        return tests.stream();
    }

    private static void compare(String input, int cols, int rows, int newCols, int newRows) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        OracleScreen expected = TmuxOracle.runResized(bytes, cols, rows, 1000, newCols, newRows);
        Terminal t = new Terminal(new TerminalConfig(cols, rows, 1000, false));
        t.feed(bytes);
        t.resize(newCols, newRows);
        List<String> differences = expected.diff(DifferentialTest.toOracle(t));
        assertTrue(differences.isEmpty(), "differs from tmux:\n" + String.join("\n", differences));
    }

    @Test
    void shrinkingThenGrowingBackRestoresTheLines() {
        Screen s = new Screen(20, 4).feed("one\r\ntwo\r\nthree\r\nfour");
        s.terminal.resize(20, 2);
        assertEquals("three", s.row(0));
        assertEquals(2, s.terminal.primary().history().size());
        s.terminal.resize(20, 4);
        assertEquals("one", s.row(0));
        assertEquals("four", s.row(3));
        assertEquals(3, s.cursorY());
    }

    @Test
    void theAlternateScreenIsCutNotReflowed() {
        Screen s = new Screen(10, 3).feed("\033[?1049h0123456789");
        s.terminal.resize(5, 3);
        assertEquals("01234", s.row(0));
        s.feed("\033[?1049l");
        assertEquals(5, s.terminal.cols());
    }

    @Test
    void aWideCharacterNeverSplitsAcrossTheEdge() {
        Screen s = new Screen(6, 3).feed("ab\u4e2d\u6587");
        s.terminal.resize(5, 3);
        // The rewrapped text takes one more row, so its first row moves into the history.
        htty.term.screen.Line first = s.terminal.primary().history().get(0);
        assertEquals("\u4e2d", first.text(2));
        assertTrue(first.wrapped());
        assertEquals("\u6587", s.row(0));
    }
}
