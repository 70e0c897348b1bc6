package htty.term.parser;

/**
 * The numeric parameters of a control sequence, as ECMA-48 and xterm write them: values separated by
 * {@code ;}, each optionally followed by sub-parameters separated by {@code :} (as in
 * {@code 38:2::255:0:0} or {@code 4:3}).
 *
 * <p>At most {@link #MAX} values are kept; further ones are dropped and {@link #overflowed()} says so.
 * An omitted value reads as {@link #DEFAULT}. The object is reused by the parser for every sequence:
 * read it during dispatch, never keep it.
 */
public final class Params {
    /** Bound on stored values (parameters and sub-parameters together). */
    public static final int MAX = 32;
    /** What an omitted value reads as. */
    public static final int DEFAULT = -1;
    /** Values saturate here: enough for any coordinate or colour, and never overflows an int. */
    static final int VALUE_LIMIT = 65_535;

    private final int[] values = new int[MAX];
    /** Bit i is set when value i follows a ':' (it is a sub-parameter of the value before). */
    private long subMask;
    private int count;
    private boolean overflowed;

    void clear() {
        count = 0;
        subMask = 0;
        overflowed = false;
    }

    /** Starts a new value after a separator; {@code sub} when the separator was ':'. */
    void next(boolean sub) {
        if (count == 0) {
            push(DEFAULT, false); // "";x means an omitted first value
        }
        push(DEFAULT, sub);
    }

    /** Appends a decimal digit to the current value, starting it if none is open. */
    void digit(int d) {
        if (count == 0) {
            push(DEFAULT, false);
        }
        if (overflowed) {
            return; // the digit belongs to a dropped value
        }
        int i = count - 1;
        int v = values[i] == DEFAULT ? 0 : values[i];
        values[i] = Math.min(VALUE_LIMIT, v * 10 + d);
    }

    private void push(int value, boolean sub) {
        if (count == MAX) {
            overflowed = true;
            return;
        }
        values[count] = value;
        if (sub) {
            subMask |= 1L << count;
        }
        count++;
    }

    /** Number of stored values, sub-parameters included. */
    public int size() {
        return count;
    }

    /** The value at {@code i}, or {@link #DEFAULT} when omitted or absent. */
    public int get(int i) {
        return i < count ? values[i] : DEFAULT;
    }

    /** The value at {@code i}, or {@code fallback} when omitted or absent. */
    public int get(int i, int fallback) {
        int v = get(i);
        return v == DEFAULT ? fallback : v;
    }

    /** The value at {@code i} as a count: omitted and 0 both mean {@code 1}, as ECMA-48 says for counts. */
    public int count(int i) {
        int v = get(i);
        return v <= 0 ? 1 : v;
    }

    /** Whether value {@code i} is a sub-parameter (it followed a ':'). */
    public boolean isSub(int i) {
        return i < count && (subMask & (1L << i)) != 0;
    }

    /** Whether values beyond {@link #MAX} were dropped. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Index of the next top-level value after the group that starts at {@code i}. */
    public int nextGroup(int i) {
        int j = i + 1;
        while (j < count && isSub(j)) {
            j++;
        }
        return j;
    }

    // For the snapshot codec: the full contents, in canonical form.

    /** The raw sub-parameter mask (bit i set when value i follows ':'). */
    public long subMask() {
        return subMask;
    }

    /** Restores the contents exactly as {@link #size()}, {@link #get(int)}, {@link #subMask()} reported them. */
    public void restore(int[] restoredValues, long restoredSubMask, boolean restoredOverflow) {
        if (restoredValues.length > MAX) {
            throw new IllegalArgumentException("too many parameters: " + restoredValues.length);
        }
        clear();
        System.arraycopy(restoredValues, 0, values, 0, restoredValues.length);
        count = restoredValues.length;
        subMask = restoredSubMask & (count == 64 ? -1L : (1L << count) - 1);
        overflowed = restoredOverflow;
    }
}
