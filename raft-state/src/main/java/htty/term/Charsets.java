package htty.term;

/**
 * The G0 and G1 character sets and which is invoked (SO selects G1, SI selects G0). Only ASCII and
 * the DEC Special Graphics set are known; any other designation means ASCII. Line-drawing characters
 * are stored on the screen as their Unicode equivalents, so clients never need the designation.
 */
public final class Charsets {
    public static final int ASCII = 0;
    public static final int DEC_GRAPHICS = 1;

    /** DEC Special Graphics for 0x5F–0x7E, as Unicode (the table in xterm's and the VT100's manuals). */
    private static final int[] GRAPHICS = {
        0x00A0, 0x25C6, 0x2592, 0x2409, 0x240C, 0x240D, 0x240A, 0x00B0, 0x00B1, 0x2424, 0x240B, 0x2518,
        0x2510, 0x250C, 0x2514, 0x253C, 0x23BA, 0x23BB, 0x2500, 0x23BC, 0x23BD, 0x251C, 0x2524, 0x2534,
        0x252C, 0x2502, 0x2264, 0x2265, 0x03C0, 0x2260, 0x00A3, 0x00B7,
    };

    int g0 = ASCII;
    int g1 = ASCII;
    /** 0 when G0 is invoked into GL, 1 for G1. */
    int shift;

    /** Whether plain ASCII passes through unchanged (the fast path may be taken). */
    boolean isAscii() {
        return (shift == 0 ? g0 : g1) == ASCII;
    }

    /** Maps a printable ASCII character through the invoked set. */
    int map(int c) {
        if (!isAscii() && c >= 0x5F && c <= 0x7E) {
            return GRAPHICS[c - 0x5F];
        }
        return c;
    }

    static int designation(int finalByte) {
        return finalByte == '0' ? DEC_GRAPHICS : ASCII;
    }

    void reset() {
        g0 = ASCII;
        g1 = ASCII;
        shift = 0;
    }

    public int g0() {
        return g0;
    }

    public int g1() {
        return g1;
    }

    public int shift() {
        return shift;
    }

    /** Restores a state (the snapshot decoder), validating it. */
    public void restore(int g0, int g1, int shift) {
        if (g0 < 0 || g0 > 1 || g1 < 0 || g1 > 1 || shift < 0 || shift > 1) {
            throw new IllegalArgumentException("invalid charset state");
        }
        this.g0 = g0;
        this.g1 = g1;
        this.shift = shift;
    }
}
