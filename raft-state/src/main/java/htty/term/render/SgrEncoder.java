package htty.term.render;

import htty.term.screen.Attrs;
import htty.term.screen.Color;

/** Writes a rendition back as SGR parameters, the inverse of what {@code CSI ... m} sets. */
public final class SgrEncoder {
    private SgrEncoder() {
    }

    /** The whole sequence that sets exactly this rendition from any state: {@code CSI 0;... m}. */
    public static String sequence(long attrs, int underlineColor) {
        StringBuilder s = new StringBuilder("\033[0");
        appendParameters(s, attrs, underlineColor);
        return s.append('m').toString();
    }

    /** Appends {@code ;p} for each non-default part of the rendition. */
    public static void appendParameters(StringBuilder s, long attrs, int underlineColor) {
        flag(s, attrs, Attrs.BOLD, "1");
        flag(s, attrs, Attrs.DIM, "2");
        flag(s, attrs, Attrs.ITALIC, "3");
        int underline = Attrs.underline(attrs);
        if (underline == Attrs.UNDERLINE_SINGLE) {
            s.append(";4");
        } else if (underline != Attrs.UNDERLINE_NONE) {
            s.append(";4:").append(underline);
        }
        flag(s, attrs, Attrs.BLINK, "5");
        flag(s, attrs, Attrs.INVERSE, "7");
        flag(s, attrs, Attrs.HIDDEN, "8");
        flag(s, attrs, Attrs.STRIKE, "9");
        flag(s, attrs, Attrs.OVERLINE, "53");
        color(s, Attrs.fg(attrs), 30, 90, "38");
        color(s, Attrs.bg(attrs), 40, 100, "48");
        if (!Color.isDefault(underlineColor)) {
            s.append(";58");
            extended(s, underlineColor, ':');
        }
    }

    private static void flag(StringBuilder s, long attrs, long flag, String parameter) {
        if ((attrs & flag) != 0) {
            s.append(';').append(parameter);
        }
    }

    private static void color(StringBuilder s, int color, int base, int brightBase, String extended) {
        if (Color.isDefault(color)) {
            return;
        }
        int v = Color.value(color);
        if (Color.isIndexed(color) && v < 8) {
            s.append(';').append(base + v);
        } else if (Color.isIndexed(color) && v < 16) {
            s.append(';').append(brightBase + v - 8);
        } else {
            s.append(';').append(extended);
            extended(s, color, ';');
        }
    }

    /** {@code ;5;n} / {@code ;2;r;g;b}, or with colons the ISO 8613-6 form {@code :5:n} / {@code :2::r:g:b}. */
    private static void extended(StringBuilder s, int color, char sep) {
        int v = Color.value(color);
        if (Color.isIndexed(color)) {
            s.append(sep).append(5).append(sep).append(v);
        } else {
            s.append(sep).append(2).append(sep);
            if (sep == ':') {
                s.append(':');
            }
            s.append(v >> 16 & 0xFF).append(sep).append(v >> 8 & 0xFF).append(sep).append(v & 0xFF);
        }
    }
}
