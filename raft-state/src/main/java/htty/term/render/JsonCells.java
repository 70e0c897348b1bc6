package htty.term.render;

import htty.term.Modes;
import htty.term.Terminal;
import htty.term.screen.Attrs;
import htty.term.screen.Color;
import htty.term.screen.Grid;
import htty.term.screen.Line;

/**
 * The visible screen as JSON, for programs: size, cursor, title, and every row as an array of cells.
 * A cell is {@code {"t":"a"}} plus, when not default, {@code "w":2} for a wide character and its
 * rendition: {@code "fg"}, {@code "bg"}, {@code "ul"} (colours as a palette index or {@code "#rrggbb"})
 * and {@code "a"}, a list of attribute names. The right half of a wide character is left out, so a
 * row's cells' widths add up to the screen's width.
 */
public final class JsonCells {
    private JsonCells() {
    }

    public static String render(Terminal t) {
        Grid g = t.grid();
        StringBuilder s = new StringBuilder(g.cols() * g.rows() * 12);
        s.append("{\"cols\":").append(g.cols()).append(",\"rows\":").append(g.rows())
                .append(",\"cursor\":{\"x\":").append(t.cursorX()).append(",\"y\":").append(t.cursorY())
                .append(",\"visible\":").append(t.mode(Modes.CURSOR_VISIBLE)).append("},\"alternate\":")
                .append(t.alternateOn()).append(",\"title\":");
        string(s, Titles.printable(t.title()));
        s.append(",\"lines\":[");
        for (int y = 0; y < g.rows(); y++) {
            Line line = g.line(y);
            s.append(y == 0 ? "[" : ",[");
            boolean first = true;
            for (int x = 0; x < line.cols(); x++) {
                if (line.charWord(x) == Line.TAIL) {
                    continue;
                }
                s.append(first ? "{\"t\":" : ",{\"t\":");
                first = false;
                string(s, line.text(x));
                if ((line.charWord(x) & Line.WIDE) != 0) {
                    s.append(",\"w\":2");
                }
                rendition(s, line.attrs(x), line.underlineColor(x));
                s.append('}');
            }
            s.append(']');
        }
        return s.append("]}").toString();
    }

    private static void rendition(StringBuilder s, long a, int ul) {
        color(s, "fg", Attrs.fg(a));
        color(s, "bg", Attrs.bg(a));
        color(s, "ul", ul);
        String[] names = {"bold", "dim", "italic", "blink", "inverse", "hidden", "strike", "overline"};
        long[] flags = {Attrs.BOLD, Attrs.DIM, Attrs.ITALIC, Attrs.BLINK, Attrs.INVERSE, Attrs.HIDDEN, Attrs.STRIKE,
            Attrs.OVERLINE};
        String[] underlines = {null, "underline", "double-underline", "curly-underline", "dotted-underline",
            "dashed-underline"};
        boolean any = false;
        for (int i = 0; i < names.length; i++) {
            if ((a & flags[i]) != 0) {
                s.append(any ? ",\"" : ",\"a\":[\"").append(names[i]).append('"');
                any = true;
            }
        }
        int u = Attrs.underline(a);
        if (u != Attrs.UNDERLINE_NONE) {
            s.append(any ? ",\"" : ",\"a\":[\"").append(underlines[u]).append('"');
            any = true;
        }
        if (any) {
            s.append(']');
        }
    }

    private static void color(StringBuilder s, String key, int color) {
        if (Color.isDefault(color)) {
            return;
        }
        s.append(",\"").append(key).append("\":");
        if (Color.isIndexed(color)) {
            s.append(Color.value(color));
        } else {
            s.append("\"#").append(Integer.toHexString(0x100_0000 | Color.value(color)).substring(1)).append('"');
        }
    }

    /** A JSON string; everything below U+0020 and the quote and backslash are escaped. */
    static void string(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append("\\u00").append(Integer.toHexString(0x100 | c).substring(1));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }
}
