package htty.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import htty.term.screen.Attrs;
import htty.term.screen.Color;
import org.junit.jupiter.api.Test;

/** SGR (ECMA-48 8.3.117 and xterm's colour extensions, ISO 8613-6 colon forms). */
class SgrTest {
    private static long pen(String sgr) {
        return new Screen(10, 2).feed(sgr).terminal.pen().attrs();
    }

    @Test
    void flagsSetAndReset() {
        long a = pen("\033[1;2;3;5;7;8;9;53m");
        for (long f : new long[] {Attrs.BOLD, Attrs.DIM, Attrs.ITALIC, Attrs.BLINK, Attrs.INVERSE, Attrs.HIDDEN,
            Attrs.STRIKE, Attrs.OVERLINE}) {
            assertEquals(f, a & f);
        }
        assertEquals(Attrs.PLAIN, pen("\033[1;2;3;5;7;8;9;53m\033[22;23;25;27;28;29;55m"));
        assertEquals(Attrs.PLAIN, pen("\033[1;4;31m\033[m"));
        assertEquals(Attrs.PLAIN, pen("\033[1;4;31m\033[0m"));
    }

    @Test
    void underlineStyles() {
        assertEquals(Attrs.UNDERLINE_SINGLE, Attrs.underline(pen("\033[4m")));
        assertEquals(Attrs.UNDERLINE_DOUBLE, Attrs.underline(pen("\033[21m")));
        assertEquals(Attrs.UNDERLINE_CURLY, Attrs.underline(pen("\033[4:3m")));
        assertEquals(Attrs.UNDERLINE_DASHED, Attrs.underline(pen("\033[4:5m")));
        assertEquals(Attrs.UNDERLINE_NONE, Attrs.underline(pen("\033[4:3m\033[4:0m")));
        assertEquals(Attrs.UNDERLINE_NONE, Attrs.underline(pen("\033[4m\033[24m")));
    }

    @Test
    void sixteenColours() {
        assertEquals(Color.indexed(1), Attrs.fg(pen("\033[31m")));
        assertEquals(Color.indexed(4), Attrs.bg(pen("\033[44m")));
        assertEquals(Color.indexed(9), Attrs.fg(pen("\033[91m")));
        assertEquals(Color.indexed(15), Attrs.bg(pen("\033[107m")));
        assertEquals(Color.DEFAULT, Attrs.fg(pen("\033[31;39m")));
        assertEquals(Color.DEFAULT, Attrs.bg(pen("\033[41;49m")));
    }

    @Test
    void paletteAndTruecolourInBothForms() {
        assertEquals(Color.indexed(200), Attrs.fg(pen("\033[38;5;200m")));
        assertEquals(Color.indexed(200), Attrs.bg(pen("\033[48:5:200m")));
        assertEquals(Color.rgb(1, 2, 3), Attrs.fg(pen("\033[38;2;1;2;3m")));
        assertEquals(Color.rgb(1, 2, 3), Attrs.fg(pen("\033[38:2::1:2:3m")));
        assertEquals(Color.rgb(1, 2, 3), Attrs.fg(pen("\033[38:2:1:2:3m")));
        assertEquals(Color.rgb(10, 20, 30), Attrs.bg(pen("\033[48;2;10;20;30;1m")));
        assertEquals(Attrs.BOLD, pen("\033[48;2;10;20;30;1m") & Attrs.BOLD, "parameters after a colour still apply");
    }

    @Test
    void underlineColour() {
        Screen s = new Screen(10, 2).feed("\033[58:2::9:8:7m");
        assertEquals(Color.rgb(9, 8, 7), s.terminal.pen().underlineColor());
        s.feed("\033[59m");
        assertEquals(Color.DEFAULT, s.terminal.pen().underlineColor());
        s.feed("\033[58;5;33mX");
        assertEquals(Color.indexed(33), s.line(0).underlineColor(0));
    }

    @Test
    void outOfRangeColoursAreIgnored() {
        assertEquals(Color.DEFAULT, Attrs.fg(pen("\033[38;5;300m")));
        assertEquals(Color.DEFAULT, Attrs.fg(pen("\033[38;2;1;2m")));
    }
}
