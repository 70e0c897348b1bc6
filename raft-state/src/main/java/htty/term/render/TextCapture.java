package htty.term.render;

import htty.term.Terminal;
import htty.term.screen.Attrs;
import htty.term.screen.Grid;
import htty.term.screen.History;
import htty.term.screen.Line;

/**
 * Lines of the screen and history as text, as {@code capture -p} prints them: one line per row,
 * trailing blanks trimmed; with {@code join}, soft-wrapped rows are joined into one line (tmux's
 * {@code -J}); with {@code escapes}, renditions are written as SGR sequences (tmux's {@code -e}).
 * The text never contains a control character other than the newlines between lines and, with
 * {@code escapes}, the SGR sequences.
 */
public final class TextCapture {
    private TextCapture() {
    }

    public static String render(Terminal t, CaptureRange range, boolean join, boolean escapes) {
        Grid g = t.grid();
        History h = t.alternateOn() ? null : t.primary().history();
        int historySize = h == null ? 0 : h.size();
        int first = range.start() == CaptureRange.HISTORY_START ? -historySize
                : Math.max(-historySize, Math.min(range.start(), g.rows() - 1));
        int last = range.end() == CaptureRange.SCREEN_END ? g.rows() - 1
                : Math.max(-historySize, Math.min(range.end(), g.rows() - 1));
        StringBuilder out = new StringBuilder();
        for (int n = first; n <= last; n++) {
            Line line = n < 0 ? h.get(historySize + n) : g.line(n);
            boolean continues = join && line.wrapped() && n < last;
            appendLine(out, line, escapes, continues);
            if (!continues) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, Line line, boolean escapes, boolean keepTrailing) {
        int end = keepTrailing ? line.cols() : visibleEnd(line, escapes);
        long attrs = Attrs.PLAIN;
        int underlineColor = 0;
        for (int x = 0; x < end; x++) {
            if (line.charWord(x) == Line.TAIL) {
                continue;
            }
            if (escapes && (line.attrs(x) != attrs || line.underlineColor(x) != underlineColor)) {
                attrs = line.attrs(x);
                underlineColor = line.underlineColor(x);
                out.append(SgrEncoder.sequence(attrs, underlineColor));
            }
            out.append(line.text(x));
        }
        if (escapes && (attrs != Attrs.PLAIN || underlineColor != 0)) {
            out.append("\033[0m");
        }
    }

    /** Where the line's content ends: trailing blanks go, unless (with escapes) a rendition shows on them. */
    private static int visibleEnd(Line line, boolean escapes) {
        int end = line.cols();
        while (end > 0 && line.isBlank(end - 1) && (!escapes || line.attrs(end - 1) == Attrs.PLAIN)) {
            end--;
        }
        return end;
    }
}
