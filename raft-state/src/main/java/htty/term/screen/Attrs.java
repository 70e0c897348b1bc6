package htty.term.screen;

/**
 * The rendition of a cell (what SGR sets), packed into a long: foreground colour in bits 0–25,
 * background colour in bits 26–51, and flags above. The underline colour, rare, lives apart in
 * {@link Line}. Packing keeps a screen of cells in two flat arrays and makes comparing, copying and
 * hashing renditions trivial.
 */
public final class Attrs {
    public static final long BOLD = 1L << 52;
    public static final long DIM = 1L << 53;
    public static final long ITALIC = 1L << 54;
    public static final long BLINK = 1L << 55;
    public static final long INVERSE = 1L << 56;
    public static final long HIDDEN = 1L << 57;
    public static final long STRIKE = 1L << 58;
    public static final long OVERLINE = 1L << 59;
    private static final int UNDERLINE_SHIFT = 60;
    private static final long UNDERLINE_MASK = 7L << UNDERLINE_SHIFT;
    private static final long COLOR_MASK = (1L << Color.BITS) - 1;
    private static final long BG_MASK = COLOR_MASK << Color.BITS;

    /** Underline styles, as SGR {@code 4:n} numbers them. */
    public static final int UNDERLINE_NONE = 0;
    public static final int UNDERLINE_SINGLE = 1;
    public static final int UNDERLINE_DOUBLE = 2;
    public static final int UNDERLINE_CURLY = 3;
    public static final int UNDERLINE_DOTTED = 4;
    public static final int UNDERLINE_DASHED = 5;

    /** The plain rendition: default colours, no flags. */
    public static final long PLAIN = 0;

    private Attrs() {
    }

    public static int fg(long attrs) {
        return (int) (attrs & COLOR_MASK);
    }

    public static int bg(long attrs) {
        return (int) ((attrs >>> Color.BITS) & COLOR_MASK);
    }

    public static long withFg(long attrs, int color) {
        return (attrs & ~COLOR_MASK) | (color & COLOR_MASK);
    }

    public static long withBg(long attrs, int color) {
        return (attrs & ~BG_MASK) | ((color & COLOR_MASK) << Color.BITS);
    }

    public static int underline(long attrs) {
        return (int) ((attrs & UNDERLINE_MASK) >>> UNDERLINE_SHIFT);
    }

    public static long withUnderline(long attrs, int style) {
        return (attrs & ~UNDERLINE_MASK) | ((long) style << UNDERLINE_SHIFT);
    }

    /** What an erased cell takes from the pen: the background colour only (xterm's and tmux's BCE). */
    public static long erased(long pen) {
        return pen & BG_MASK;
    }

    /** Whether a long is a rendition this class could have made (decoders check what they read). */
    public static boolean isValid(long attrs) {
        return Color.isValid(fg(attrs)) && Color.isValid(bg(attrs)) && underline(attrs) <= UNDERLINE_DASHED
                && (attrs & 1L << 63) == 0;
    }
}
