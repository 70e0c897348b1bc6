package htty.term;

import htty.term.screen.Attrs;
import htty.term.screen.Color;

/** The rendition new characters are written with: what SGR last set. */
public final class Pen {
    long attrs = Attrs.PLAIN;
    int underlineColor = Color.DEFAULT;

    public long attrs() {
        return attrs;
    }

    public int underlineColor() {
        return underlineColor;
    }

    void reset() {
        attrs = Attrs.PLAIN;
        underlineColor = Color.DEFAULT;
    }

    void set(long attrs, int underlineColor) {
        this.attrs = attrs;
        this.underlineColor = underlineColor;
    }
}
