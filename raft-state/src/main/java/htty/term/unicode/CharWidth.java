package htty.term.unicode;

/**
 * The number of terminal cells a character occupies, from a pinned table rather than the JDK's Unicode data.
 *
 * <p>Replicas must lay out the same output identically even when they run different JDKs, whose {@link Character}
 * data follow different Unicode versions. This class therefore answers from {@code WidthTable}, generated from
 * {@value #SOURCE} and committed as source. The rules are wcwidth-like, after glibc; earlier rules win:
 *
 * <ol>
 *   <li>0 for controls (C0, DEL and C1).
 *   <li>1 for U+00AD SOFT HYPHEN: a format character, but glibc gives it a cell because terminals draw it.
 *   <li>0 for nonspacing marks (Mn), enclosing marks (Me), format characters (Cf), the Hangul medial vowels and
 *       final consonants U+1160–U+11FF, U+200B ZERO WIDTH SPACE and default-ignorable code points. These draw
 *       over or between their neighbours, so they stay zero-width even where East_Asian_Width calls them Wide, as
 *       for U+3099 COMBINING KATAKANA-HIRAGANA VOICED SOUND MARK.
 *   <li>2 for East_Asian_Width Wide or Fullwidth, which includes the unassigned code points Unicode reserves as
 *       Wide (planes 2 and 3 and the gaps in CJK Compatibility Ideographs), and for Emoji_Presentation characters.
 *   <li>1 for everything else, including ambiguous-width characters (narrow, as in xterm by default), private
 *       use and other unassigned code points.
 * </ol>
 */
public final class CharWidth {

    /** The version of the Unicode Character Database the table follows, such as {@code "16.0"}. */
    public static final String UNICODE_VERSION = WidthTable.UNICODE_VERSION;

    /** The library and version that generated the table, such as {@code "ICU4J 77.1"}. */
    public static final String SOURCE = WidthTable.SOURCE;

    /** Below U+0300, the first combining mark, every code point is a control or takes one cell. */
    private static final int FIRST_COMBINING_MARK = 0x0300;

    /**
     * Every Basic Multilingual Plane width, expanded from the same ranges once at start-up (64 KiB):
     * the characters of almost all text then cost one array read instead of two binary searches.
     */
    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int cp = 0; cp < BMP.length; cp++) {
            BMP[cp] = (byte) search(cp);
        }
    }

    private CharWidth() {}

    /**
     * Returns the width of a character in cells.
     *
     * @param codePoint a Unicode scalar value; other values are not checked, to keep this fast
     * @return 0, 1 or 2
     */
    public static int of(int codePoint) {
        return codePoint < BMP.length ? BMP[codePoint] : search(codePoint);
    }

    private static int search(int codePoint) {
        if (codePoint < FIRST_COMBINING_MARK) {
            return codePoint < 0x20 || (codePoint >= 0x7F && codePoint < 0xA0) ? 0 : 1;
        }
        if (contains(WidthTable.WIDE, codePoint)) {
            return 2;
        }
        if (contains(WidthTable.ZERO, codePoint)) {
            return 0;
        }
        return 1;
    }

    /** Binary search over sorted, disjoint, inclusive {@code start, end} pairs. */
    private static boolean contains(int[] ranges, int codePoint) {
        int low = 0;
        int high = ranges.length / 2 - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (codePoint < ranges[2 * middle]) {
                high = middle - 1;
            } else if (codePoint > ranges[2 * middle + 1]) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
