package htty.term.render;

import htty.term.Modes;
import htty.term.SavedCursor;
import htty.term.Terminal;
import htty.term.screen.Attrs;
import htty.term.screen.Grid;
import htty.term.screen.Line;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The visible screen as a 7-bit escape-sequence stream that, written to an xterm-compatible terminal
 * of the same size, reproduces its cells, renditions, cursor (a pending wrap included) and the modes
 * that change what the client's terminal sends or shows. What a client receives when it attaches, and
 * after a gap in the output it cannot fill.
 */
public final class Redraw {
    private final StringBuilder out = new StringBuilder(4096);
    private long attrs = Attrs.PLAIN;
    private int underlineColor;

    private Redraw() {
    }

    /** Renders {@code t}'s screen as bytes (UTF-8 for the characters, 7-bit controls). */
    public static byte[] render(Terminal t) {
        Redraw r = new Redraw();
        r.draw(t);
        return r.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void draw(Terminal t) {
        Grid g = t.grid();
        if (t.alternateOn()) {
            out.append("\033[?1049h");
        }
        out.append("\033[?6l\033[r\033[0m\033[H\033[2J");
        for (int y = 0; y < g.rows(); y++) {
            drawRow(g.line(y), y);
        }
        if (t.top() != 0 || t.bottom() != g.rows() - 1) {
            out.append("\033[").append(t.top() + 1).append(';').append(t.bottom() + 1).append('r');
        }
        SavedCursor saved = t.savedCursor();
        if (saved != null) {
            pen(Attrs.PLAIN, 0);
            out.append("\033[").append(saved.y() + 1).append(';').append(Math.min(saved.x(), g.cols() - 1) + 1)
                    .append('H');
            pen(saved.attrs(), saved.underlineColor());
            out.append(saved.origin() ? "\033[?6h\0337\033[?6l" : "\0337");
        }
        modes(t);
        cursor(t, g);
        decMode(t, Modes.AUTOWRAP, 7, false); // after the cursor: reproducing a pending wrap needs autowrap
        if (t.mode(Modes.INSERT)) {
            out.append("\033[4h");
        }
        if (t.mode(Modes.NEWLINE)) {
            out.append("\033[20h");
        }
        pen(t.pen().attrs(), t.pen().underlineColor());
    }

    private void drawRow(Line line, int y) {
        int end = line.usedLength();
        out.append("\033[").append(y + 1).append(";1H");
        int x = 0;
        while (x < end) {
            int c = line.charWord(x);
            long a = line.attrs(x);
            if (c == Line.EMPTY && a == Attrs.erased(a) && line.marks(x) == null && line.underlineColor(x) == 0) {
                // A run of erased cells: erase them the same way rather than writing spaces.
                int run = x;
                while (run < end && line.charWord(run) == Line.EMPTY && line.attrs(run) == a && line.marks(run) == null
                        && line.underlineColor(run) == 0) {
                    run++;
                }
                pen(a, 0);
                out.append("\033[").append(run - x).append('X');
                if (run < line.cols()) {
                    out.append("\033[").append(run - x).append('C');
                }
                x = run;
                continue;
            }
            if (c != Line.TAIL) {
                pen(a, line.underlineColor(x));
                String text = line.text(x);
                out.append(text);
                if (text.endsWith("\u200D")) {
                    // A trailing zero-width joiner would join the next cell's character to this one.
                    int next = x + ((c & Line.WIDE) != 0 ? 2 : 1);
                    out.append("\033[").append(y + 1).append(';').append(Math.min(next, line.cols() - 1) + 1).append('H');
                }
            }
            x++;
        }
    }

    private void modes(Terminal t) {
        decMode(t, Modes.CURSOR_KEYS, 1, true);
        decMode(t, Modes.CURSOR_BLINK, 12, true);
        decMode(t, Modes.CURSOR_VISIBLE, 25, false);
        if (t.mode(Modes.KEYPAD)) {
            out.append("\033=");
        }
        decMode(t, Modes.MOUSE_STANDARD, 1000, true);
        decMode(t, Modes.MOUSE_BUTTON, 1002, true);
        decMode(t, Modes.MOUSE_ANY, 1003, true);
        decMode(t, Modes.FOCUS, 1004, true);
        decMode(t, Modes.MOUSE_UTF8, 1005, true);
        decMode(t, Modes.MOUSE_SGR, 1006, true);
        decMode(t, Modes.MOUSE_URXVT, 1015, true);
        decMode(t, Modes.BRACKETED_PASTE, 2004, true);
        if (t.cursorStyle() != 0) {
            out.append("\033[").append(t.cursorStyle()).append(" q");
        }
        if (!t.title().isEmpty()) {
            out.append("\033]2;").append(Titles.printable(t.title())).append("\033\\");
        }
        decMode(t, Modes.ORIGIN, 6, true); // last: it moves the cursor to the margin's home
    }

    /** Emits the mode's set (or reset) only when it differs from a fresh terminal's. */
    private void decMode(Terminal t, int bit, int number, boolean offByDefault) {
        boolean on = t.mode(bit);
        if (on == offByDefault) {
            out.append("\033[?").append(number).append(on ? 'h' : 'l');
        }
    }

    private void cursor(Terminal t, Grid g) {
        // In origin mode only rows inside the margins can be addressed. A cursor outside them (possible
        // only by restoring, with origin mode, a cursor saved elsewhere) is drawn at the nearest margin.
        int row = t.cursorY() + 1 - (t.mode(Modes.ORIGIN) ? t.top() : 0);
        boolean addressable = true;
        if (t.mode(Modes.ORIGIN)) {
            int clamped = Math.max(1, Math.min(row, t.bottom() - t.top() + 1));
            addressable = clamped == row;
            row = clamped;
        }
        if (!t.pendingWrap() || !addressable) {
            out.append("\033[").append(row).append(';').append(t.cursorX() + 1).append('H');
            return;
        }
        // Reproduce the pending wrap: write the last character again, which leaves the cursor pending.
        Line line = g.line(t.cursorY());
        int x = g.cols() - 1;
        if (line.charWord(x) == Line.TAIL && x > 0) {
            x--;
        }
        out.append("\033[").append(row).append(';').append(x + 1).append('H');
        pen(line.attrs(x), line.underlineColor(x));
        out.append(line.text(x));
    }

    private void pen(long a, int ul) {
        if (a != attrs || ul != underlineColor) {
            out.append(SgrEncoder.sequence(a, ul));
            attrs = a;
            underlineColor = ul;
        }
    }
}
