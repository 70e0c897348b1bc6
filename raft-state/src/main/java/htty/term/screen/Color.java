package htty.term.screen;

/**
 * A colour packed into 26 bits of an int: bits 24–25 say which kind, bits 0–23 hold its value.
 * {@link #DEFAULT} is the terminal's default colour; {@link #indexed(int)} one of the 256 palette
 * entries (0–15 being the ANSI colours); {@link #rgb(int, int, int)} a 24-bit truecolour.
 */
public final class Color {
    public static final int DEFAULT = 0;
    static final int KIND_INDEXED = 1 << 24;
    static final int KIND_RGB = 2 << 24;
    static final int KIND_MASK = 3 << 24;
    /** The number of bits a colour occupies. */
    public static final int BITS = 26;

    private Color() {
    }

    public static int indexed(int index) {
        return KIND_INDEXED | (index & 0xFF);
    }

    public static int rgb(int r, int g, int b) {
        return KIND_RGB | (r & 0xFF) << 16 | (g & 0xFF) << 8 | (b & 0xFF);
    }

    public static boolean isDefault(int color) {
        return (color & KIND_MASK) == 0;
    }

    public static boolean isIndexed(int color) {
        return (color & KIND_MASK) == KIND_INDEXED;
    }

    public static boolean isRgb(int color) {
        return (color & KIND_MASK) == KIND_RGB;
    }

    /** The palette index of an indexed colour, or the 24-bit value of an RGB one. */
    public static int value(int color) {
        return color & 0xFF_FFFF;
    }

    /** Whether an int is a colour this class could have made (decoders check what they read). */
    public static boolean isValid(int color) {
        int kind = color & ~0xFF_FFFF;
        return color == DEFAULT || kind == KIND_INDEXED && value(color) < 256 || kind == KIND_RGB;
    }
}
