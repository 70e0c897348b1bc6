package htty.term;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import htty.term.oracle.OracleCell;
import htty.term.oracle.OracleColor;
import htty.term.oracle.OracleLine;
import htty.term.oracle.OracleModes;
import htty.term.oracle.OracleScreen;
import htty.term.oracle.OracleStyle;
import htty.term.oracle.TmuxOracle;
import htty.term.screen.Attrs;
import htty.term.screen.Color;
import htty.term.screen.Grid;
import htty.term.screen.Line;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The emulator against tmux 3.3a, our reference terminal: the same bytes through a detached tmux pane
 * of the same size and through {@link Terminal}, compared cell by cell (characters, renditions),
 * cursor, modes and tab stops. The corpus is hand-written sequences per family and output recorded
 * from real programs (src/test/resources/corpus). The differences we accept are listed in
 * docs/emulator.md, each with its reason; the inputs here avoid them.
 */
class DifferentialTest {
    /** Hand-written inputs, one family each, written from the specifications. */
    private static final String[][] FAMILIES = {
        {"text and wrap", "hello world\r\nsecond line that is long enough to wrap around the edge of the screen\r\n"},
        {"pending wrap", "0123456789012345678901234567890123456789\bX\r\n" + "x".repeat(40) + "\033[1AY"},
        {"controls", "a\tb\tc\r\n\tx\033[3g\ty\r\nab\bc\007\r\n\013v\014f"},
        {"tab stops", "\033[3g\033[5G\033H\033[15G\033H\r\tA\tB\tC\033[Z\033[ZD"},
        {"cursor moves", "\033[5;10HA\033[2AB\033[3BC\033[4DD\033[2CE\033[GF\033[7`G\033[3dH\033[2EI\033[FJ"},
        {"erase", "aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\033[2;5H\033[K\033[1;3H\033[1K\033[3;4H\033[2X"},
        {"erase display", "1111\r\n2222\r\n3333\r\n4444\033[2;2H\033[J\033[1;1H\033[1J"},
        {"insert delete chars", "abcdefghij\033[1;3H\033[2@XY\033[1;6H\033[3P"},
        {"insert delete lines", "1\r\n2\r\n3\r\n4\r\n5\r\n6\033[2;5r\033[3;1H\033[L\033[5;1H\033[2M\033[r"},
        {"scroll region", "\033[2;4r\033[4;1Ha\nb\nc\nd\033M\033M\033M\033M\033[r\033[HZ"},
        {"scroll up down", "1\r\n2\r\n3\r\n4\r\n5\033[2S\033[T"},
        {"origin mode", "\033[3;6r\033[?6h\033[2;2HO\033[10;10HP\033[?6l\033[HQ\033[r"},
        {"sgr flags", "\033[1mb\033[2md\033[3mi\033[4mu\033[5mk\033[7mr\033[8mh\033[9ms\033[53mo\033[0mn\033[21md\033[4:3mc"},
        {"sgr colours", "\033[31mr\033[42mg\033[93mb\033[104mB\033[38;5;200mp\033[48;5;17mq\033[38;2;1;2;3mt\033[48:2::9:8:7mu\033[39;49mx"},
        {"underline colour", "\033[4;58:5:33mu\033[58;2;1;2;3mv\033[59mw\033[0m"},
        {"bce", "\033[44m\033[2J\033[3;3Htext\033[K\033[0m"},
        {"wide", "\u4e2d\u6587\uff21\uff22 abc\u4e2d\r\n" + "x".repeat(39) + "\u4e2d"},
        {"wide overwrite", "a\u4e2d\u6587\u4e2d\033[1;3HX\033[1;4HY"},
        {"combining", "e\u0301a\u0308o\u0302\r\n\u4e2d\u0301x"},
        {"dec graphics", "\033(0lqqqk\r\nx  x\r\nmqqqj\033(B q"},
        {"shift out", "\033)0a\016lqk\017b"},
        {"insert mode", "abcdef\033[1;3H\033[4hXY\033[4lZ"},
        {"autowrap off", "\033[?7l" + "y".repeat(45) + "\033[?7h\r\n" + "z".repeat(45)},
        {"save restore", "\033[5;5H\033[1;31m\0337\033[H\033[0mA\0338B\033[10;10H\033[sC\033[H\033[uD"},
        {"alternate screen", "primary\033[?1049h\033[2;2Halt\033[?1049l\033[3;1Hback"},
        {"alternate 47", "keep\033[?47hgone\033[?47l"},
        {"modes", "\033[?1h\033=\033[?1000h\033[?1006h\033[?25l\033[4h\033[?1002h"},
        {"mouse all", "\033[?1003h\033[?1005h"},
        {"alignment", "\033#8\033[2;2Hx"},
        {"rep", "ab\033[5bc\r\nxy\033[3b"},
        {"reset", "junk\033[1;31m\033[?25l\033[2;3r\033cclean"},
        {"queries are invisible", "\033[c\033[>c\033[5n\033[6n\033[?25$p\033]11;?\007\033P$qm\033\\A"},
        {"strings are swallowed", "a\033]2;title\007b\033]8;;http://x\033\\c\033_apc\033\\d\033P+q\033\\e"},
        {"malformed", "a\033[1?2hb\033[99;99;99;99zc\030d\033[12\032e\033(Zf"},
        {"utf8 errors", "a\u00e9b"},
        {"clear keeps history", "1\r\n2\r\n3\033[2Jnext"},
    };

    @TestFactory
    Stream<DynamicTest> handWrittenFamilies() {
        assumeTrue(TmuxOracle.isAvailable(), "tmux is not installed");
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] family : FAMILIES) {
            tests.add(DynamicTest.dynamicTest(family[0],
                    () -> compare(family[0], family[1].getBytes(StandardCharsets.UTF_8), 40, 12)));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> recordedPrograms() throws IOException {
        assumeTrue(TmuxOracle.isAvailable(), "tmux is not installed");
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("ls", "git-log", "less", "vim", "htop", "top", "readline", "unicode", "colors")) {
            byte[] bytes = withoutKnownDifferences(corpus(name));
            // Full-screen programs end by leaving the alternate screen: compare midway too.
            for (int quarter = 1; quarter <= 4; quarter++) {
                int cut = lineBoundary(bytes, bytes.length * quarter / 4);
                byte[] prefix = java.util.Arrays.copyOf(bytes, cut);
                tests.add(DynamicTest.dynamicTest(name + " " + quarter + "/4", () -> compare(name, prefix, 80, 24)));
            }
        }
        return tests.stream();
    }

    /**
     * Known differences in the recordings, replaced in the input before comparing (docs/emulator.md):
     * regional-indicator flags are Emoji_Presentation, so two columns wide for us; tmux 3.3a takes glibc
     * 2.36's width, one column.
     */
    private static byte[] withoutKnownDifferences(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        String flag = new String("\uD83C\uDDEF\uD83C\uDDF5".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return text.replace(flag, "JP").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] corpus(String name) throws IOException {
        try (InputStream in = DifferentialTest.class.getResourceAsStream("/corpus/" + name + ".bin")) {
            if (in == null) {
                throw new IOException("missing corpus file " + name + ".bin");
            }
            return in.readAllBytes();
        }
    }

    /** The first position at or after {@code at} that follows a newline (cuts no sequence in two). */
    private static int lineBoundary(byte[] bytes, int at) {
        while (at < bytes.length && (at == 0 || bytes[at - 1] != '\n')) {
            at++;
        }
        return at;
    }

    private static void compare(String name, byte[] input, int cols, int rows) {
        OracleScreen expected = TmuxOracle.run(input, cols, rows);
        Terminal t = new Terminal(new TerminalConfig(cols, rows, 0, false));
        t.feed(input);
        List<String> differences = expected.diff(toOracle(t));
        assertTrue(differences.isEmpty(), name + " differs from tmux:\n" + String.join("\n", differences));
    }

    /** Our screen in the oracle's terms. */
    static OracleScreen toOracle(Terminal t) {
        Grid g = t.grid();
        List<OracleLine> lines = new ArrayList<>();
        for (int y = 0; y < g.rows(); y++) {
            lines.add(toOracle(g.line(y)));
        }
        List<OracleLine> history = new ArrayList<>();
        for (int i = 0; i < t.primary().history().size(); i++) {
            history.add(toOracle(t.primary().history().get(i)));
        }
        OracleModes modes = new OracleModes(t.mode(Modes.CURSOR_VISIBLE), t.mode(Modes.INSERT),
                t.mode(Modes.CURSOR_KEYS), t.mode(Modes.KEYPAD), t.mode(Modes.ORIGIN), t.mode(Modes.AUTOWRAP),
                t.mode(Modes.MOUSE_STANDARD), t.mode(Modes.MOUSE_BUTTON), t.mode(Modes.MOUSE_ANY),
                t.mode(Modes.MOUSE_SGR), t.mode(Modes.MOUSE_UTF8), t.alternateOn(), t.top(), t.bottom());
        List<Integer> tabs = new ArrayList<>();
        TerminalState state = t.state();
        for (int x = 0; x < state.tabStops().length; x++) {
            if (state.tabStops()[x]) {
                tabs.add(x);
            }
        }
        int cursorX = t.pendingWrap() ? t.cols() : t.cursorX();
        return new OracleScreen(t.cols(), t.rows(), history, lines, cursorX, t.cursorY(), modes, tabs);
    }

    private static OracleLine toOracle(Line line) {
        List<OracleCell> cells = new ArrayList<>();
        for (int x = 0; x < line.cols(); x++) {
            int c = line.charWord(x);
            if (c == Line.TAIL) {
                cells.add(OracleCell.CONTINUATION);
            } else {
                cells.add(new OracleCell(line.text(x), (c & Line.WIDE) != 0 ? 2 : 1,
                        style(line.attrs(x), line.underlineColor(x))));
            }
        }
        return OracleLine.of(cells);
    }

    private static OracleStyle style(long a, int underlineColor) {
        Set<OracleStyle.Attribute> set = EnumSet.noneOf(OracleStyle.Attribute.class);
        long[] flags = {Attrs.BOLD, Attrs.DIM, Attrs.ITALIC, Attrs.BLINK, Attrs.INVERSE, Attrs.HIDDEN, Attrs.STRIKE,
            Attrs.OVERLINE};
        OracleStyle.Attribute[] names = OracleStyle.Attribute.values();
        for (int i = 0; i < flags.length; i++) {
            if ((a & flags[i]) != 0) {
                set.add(names[i]);
            }
        }
        return new OracleStyle(color(Attrs.fg(a)), color(Attrs.bg(a)), color(underlineColor), set,
                OracleStyle.Underline.values()[Attrs.underline(a)]);
    }

    private static OracleColor color(int c) {
        if (Color.isDefault(c)) {
            return OracleColor.DEFAULT;
        }
        int v = Color.value(c);
        return Color.isIndexed(c) ? OracleColor.indexed(v) : OracleColor.rgb(v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF);
    }
}
