package htty.term.screen;

import java.util.Arrays;

/**
 * One row of cells. A cell is a character word and a rendition ({@link Attrs}); a wide character
 * occupies two cells, a head marked {@link #WIDE} and a {@link #TAIL} that holds nothing. Combining
 * marks and underline colours are rare, so they live in arrays allocated only when first used.
 *
 * <p>{@link #wrapped()} records a soft wrap: the text continues on the next row. It is what lets
 * {@code capture -J} join rows and a resize reflow them.
 */
public final class Line {
    /** The character word of a cell never written, or erased: shown as a space. */
    public static final int EMPTY = 0;
    /** Flag on the head cell of a wide (two-column) character. */
    public static final int WIDE = 1 << 21;
    /** The character word of the right half of a wide character. */
    public static final int TAIL = 1 << 22;
    private static final int CODE_POINT_MASK = WIDE - 1;
    /** Bound on combining marks kept per cell (further ones are dropped). */
    public static final int MAX_MARKS = 8;

    // Package-private for LineCodec, whose loops over them are on the path of every scrolled line.
    int[] chars;
    long[] attrs;
    int[] underlineColors;
    String[] marks;
    private boolean wrapped;

    public Line(int cols, long blank) {
        chars = new int[cols];
        attrs = new long[cols];
        if (blank != Attrs.PLAIN) {
            Arrays.fill(attrs, blank);
        }
    }

    public int cols() {
        return chars.length;
    }

    /** The character word at {@code x}: a code point, possibly with {@link #WIDE}; or EMPTY, or TAIL. */
    public int charWord(int x) {
        return chars[x];
    }

    public static int codePoint(int charWord) {
        return charWord & CODE_POINT_MASK;
    }

    public long attrs(int x) {
        return attrs[x];
    }

    /** The underline colour at {@code x} ({@link Color#DEFAULT} when none was set). */
    public int underlineColor(int x) {
        return underlineColors == null ? Color.DEFAULT : underlineColors[x];
    }

    /** The combining marks on the cell at {@code x}, or null. */
    public String marks(int x) {
        return marks == null ? null : marks[x];
    }

    public boolean wrapped() {
        return wrapped;
    }

    public void setWrapped(boolean wrapped) {
        this.wrapped = wrapped;
    }

    /** Writes a one- or two-column character at {@code x}; the caller has made room and checked bounds. */
    public void put(int x, int codePoint, int width, long rendition, int underlineColor) {
        breakWide(x);
        if (width == 2) {
            breakWide(x + 1);
        }
        chars[x] = width == 2 ? codePoint | WIDE : codePoint;
        attrs[x] = rendition;
        setExtras(x, underlineColor);
        if (width == 2) {
            chars[x + 1] = TAIL;
            attrs[x + 1] = rendition;
            setExtras(x + 1, underlineColor);
        }
    }

    /** Writes a run of ASCII bytes from {@code x}; the caller has checked that they fit. */
    public void putAscii(int x, byte[] bytes, int from, int to, long rendition, int underlineColor) {
        int n = to - from;
        breakWide(x);
        breakWide(x + n - 1);
        for (int i = 0; i < n; i++) {
            chars[x + i] = bytes[from + i];
        }
        Arrays.fill(attrs, x, x + n, rendition);
        if (underlineColors != null || underlineColor != Color.DEFAULT) {
            ensureUnderlineColors();
            Arrays.fill(underlineColors, x, x + n, underlineColor);
        }
        if (marks != null) {
            Arrays.fill(marks, x, x + n, null);
        }
    }

    private void setExtras(int x, int underlineColor) {
        if (underlineColor != Color.DEFAULT || underlineColors != null) {
            ensureUnderlineColors();
            underlineColors[x] = underlineColor;
        }
        if (marks != null) {
            marks[x] = null;
        }
    }

    private void ensureUnderlineColors() {
        if (underlineColors == null) {
            underlineColors = new int[chars.length];
        }
    }

    /** Appends a combining mark to the cell at {@code x}, up to {@link #MAX_MARKS}; says whether it was kept. */
    public boolean addMark(int x, int codePoint) {
        if (marks == null) {
            marks = new String[chars.length];
        }
        String existing = marks[x];
        if (existing != null && existing.codePointCount(0, existing.length()) >= MAX_MARKS) {
            return false;
        }
        marks[x] = existing == null ? Character.toString(codePoint) : existing + Character.toString(codePoint);
        return true;
    }

    /**
     * Before a cell is overwritten or moved apart from its neighbour, blanks both halves of the wide
     * character covering it, if any: a screen never holds half a wide character (as in xterm and tmux).
     */
    private void breakWide(int x) {
        int c = chars[x];
        if (c == TAIL && x > 0) {
            blankCell(x - 1, attrs[x - 1]);
            blankCell(x, attrs[x]);
        } else if ((c & WIDE) != 0 && x + 1 < chars.length) {
            blankCell(x, attrs[x]);
            blankCell(x + 1, attrs[x + 1]);
        }
    }

    private void blankCell(int x, long rendition) {
        chars[x] = EMPTY;
        attrs[x] = rendition;
        if (underlineColors != null) {
            underlineColors[x] = Color.DEFAULT;
        }
        if (marks != null) {
            marks[x] = null;
        }
    }

    /** Erases cells {@code [from, to)} to blanks of rendition {@code blank}. */
    public void erase(int from, int to, long blank) {
        if (from >= to) {
            return;
        }
        breakWide(from);
        breakWide(to - 1);
        fill(from, to, blank);
    }

    /** Blanks cells {@code [from, to)} without looking at their neighbours (their contents are stale). */
    private void fill(int from, int to, long blank) {
        Arrays.fill(chars, from, to, EMPTY);
        Arrays.fill(attrs, from, to, blank);
        if (underlineColors != null) {
            Arrays.fill(underlineColors, from, to, Color.DEFAULT);
        }
        if (marks != null) {
            Arrays.fill(marks, from, to, null);
        }
    }

    /** Erases the whole line and clears its wrap flag. */
    public void reset(long blank) {
        Arrays.fill(chars, EMPTY);
        Arrays.fill(attrs, blank);
        underlineColors = null; // rare: dropped rather than cleared, so later writes skip them
        marks = null;
        wrapped = false;
    }

    /** Inserts {@code n} blanks at {@code x}, shifting the rest right; cells pushed past the end are lost. */
    public void insertCells(int x, int n, long blank) {
        int cols = chars.length;
        n = Math.min(n, cols - x);
        if (chars[x] == TAIL) {
            breakWide(x); // the insertion splits this wide character
        }
        breakWide(cols - n); // a wide character split by the right edge
        shift(x, x + n, cols - x - n);
        fill(x, x + n, blank);
    }

    /** Deletes {@code n} cells at {@code x}, shifting the rest left and filling the end with blanks. */
    public void deleteCells(int x, int n, long blank) {
        int cols = chars.length;
        n = Math.min(n, cols - x);
        breakWide(x);
        breakWide(x + n - 1);
        shift(x + n, x, cols - x - n);
        fill(cols - n, cols, blank);
    }

    private void shift(int from, int to, int length) {
        if (length <= 0) {
            return;
        }
        System.arraycopy(chars, from, chars, to, length);
        System.arraycopy(attrs, from, attrs, to, length);
        if (underlineColors != null) {
            System.arraycopy(underlineColors, from, underlineColors, to, length);
        }
        if (marks != null) {
            System.arraycopy(marks, from, marks, to, length);
        }
    }

    /** Copies the cell at {@code from} in {@code src} to {@code to} in this line, exactly. */
    public void copyCell(Line src, int from, int to) {
        chars[to] = src.chars[from];
        attrs[to] = src.attrs[from];
        int ul = src.underlineColor(from);
        if (ul != Color.DEFAULT || underlineColors != null) {
            ensureUnderlineColors();
            underlineColors[to] = ul;
        }
        String m = src.marks(from);
        if (m != null || marks != null) {
            if (marks == null) {
                marks = new String[chars.length];
            }
            marks[to] = m;
        }
    }

    /** Changes the width, truncating or padding with blanks of rendition {@code blank}. */
    public void resize(int cols, long blank) {
        int old = chars.length;
        if (cols == old) {
            return;
        }
        if (cols < old && cols > 0 && (chars[cols - 1] & WIDE) != 0) {
            blankCell(cols - 1, attrs[cols - 1]); // its tail falls off the edge
        }
        chars = Arrays.copyOf(chars, cols);
        attrs = Arrays.copyOf(attrs, cols);
        if (cols > old && blank != Attrs.PLAIN) {
            Arrays.fill(attrs, old, cols, blank);
        }
        if (underlineColors != null) {
            underlineColors = Arrays.copyOf(underlineColors, cols);
        }
        if (marks != null) {
            marks = Arrays.copyOf(marks, cols);
        }
    }

    /** The number of columns up to the last cell that is not an empty, plain blank. */
    public int usedLength() {
        int n = chars.length;
        while (n > 0 && chars[n - 1] == EMPTY && attrs[n - 1] == Attrs.PLAIN && marks(n - 1) == null
                && underlineColor(n - 1) == Color.DEFAULT) {
            n--;
        }
        return n;
    }

    /** Whether the cell at {@code x} shows nothing: empty, or a space, with no marks. */
    public boolean isBlank(int x) {
        int c = chars[x];
        return (c == EMPTY || c == ' ') && marks(x) == null;
    }

    /**
     * A line built from its parts (the snapshot decoder), after checking that they describe a line this
     * class could have made: valid characters and renditions, wide characters whole, marks bounded.
     * {@code underlineColors} and {@code marks} may be null.
     */
    public static Line restore(int[] chars, long[] attrs, int[] underlineColors, String[] marks, boolean wrapped) {
        int cols = chars.length;
        if (attrs.length != cols || (underlineColors != null && underlineColors.length != cols)
                || (marks != null && marks.length != cols)) {
            throw new IllegalArgumentException("line parts of different lengths");
        }
        for (int x = 0; x < cols; x++) {
            int c = chars[x];
            boolean head = (c & WIDE) != 0;
            boolean tailNext = x + 1 < cols && chars[x + 1] == TAIL;
            if (c == TAIL ? x == 0 || (chars[x - 1] & WIDE) == 0
                    : (c & ~(WIDE | CODE_POINT_MASK)) != 0 || head != tailNext || !isStorable(codePoint(c), c)) {
                throw new IllegalArgumentException("invalid character word " + Integer.toHexString(c) + " at column " + x);
            }
            if (!Attrs.isValid(attrs[x]) || (underlineColors != null && !Color.isValid(underlineColors[x]))) {
                throw new IllegalArgumentException("invalid rendition at column " + x);
            }
            if (marks != null && marks[x] != null && (c == TAIL || marks[x].isEmpty()
                    || marks[x].codePointCount(0, marks[x].length()) > MAX_MARKS)) {
                throw new IllegalArgumentException("invalid combining marks at column " + x);
            }
        }
        Line l = new Line(0, Attrs.PLAIN);
        l.chars = chars;
        l.attrs = attrs;
        l.underlineColors = underlineColors;
        l.marks = marks;
        l.wrapped = wrapped;
        return l;
    }

    private static boolean isStorable(int cp, int word) {
        if (word == EMPTY) {
            return true;
        }
        return cp >= 0x20 && (cp < 0x7F || cp > 0x9F) && (cp < 0xD800 || cp > 0xDFFF) && cp <= 0x10FFFF;
    }

    /** A deep copy. */
    public Line copy() {
        Line l = new Line(0, Attrs.PLAIN);
        l.chars = chars.clone();
        l.attrs = attrs.clone();
        l.underlineColors = underlineColors == null ? null : underlineColors.clone();
        l.marks = marks == null ? null : marks.clone();
        l.wrapped = wrapped;
        return l;
    }

    /** The text of the cell at {@code x} as a string (base character and marks); "" for a tail. */
    public String text(int x) {
        int c = chars[x];
        if (c == TAIL) {
            return "";
        }
        int cp = codePoint(c);
        String base = cp == EMPTY ? " " : Character.toString(cp);
        String m = marks(x);
        return m == null ? base : base + m;
    }
}
