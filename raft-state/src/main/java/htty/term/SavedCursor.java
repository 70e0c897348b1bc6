package htty.term;

/**
 * What DECSC (ESC 7, CSI s, mode 1048) saves and DECRC restores: position, rendition, origin mode,
 * and character sets. One is kept per screen, as in xterm.
 */
public record SavedCursor(int x, int y, long attrs, int underlineColor, boolean origin, int g0, int g1,
        int shift) {
    /** What DECRC restores when nothing was saved: the home position and defaults. */
    public static final SavedCursor HOME = new SavedCursor(0, 0, 0, 0, false, Charsets.ASCII, Charsets.ASCII, 0);
}
