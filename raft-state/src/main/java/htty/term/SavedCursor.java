package htty.term;

/**
 * What DECSC (ESC 7, CSI s, mode 1048) saves and DECRC restores: position, rendition, origin mode,
 * and character sets. One is kept per screen, as in xterm.
 */
public record SavedCursor(int x, int y, long attrs, int underlineColor, boolean origin, int g0, int g1,
        int shift) {
    /** What DECRC restores when nothing was saved: the home position and defaults. */
    public static final SavedCursor HOME = new SavedCursor(0, 0, 0, 0, false, Charsets.ASCII, Charsets.ASCII, 0);

    /** The same, with the position moved inside a screen of the given size (after a resize). */
    public SavedCursor clampedTo(int cols, int rows) {
        return new SavedCursor(Math.min(x, cols - 1), Math.min(y, rows - 1), attrs, underlineColor, origin, g0, g1,
                shift);
    }
}
