package htty.term.parser;

/**
 * Decodes UTF-8 one byte at a time, keeping a partial character between calls so that bytes may be
 * split anywhere. Malformed input (stray continuation bytes, overlong forms, surrogates, values above
 * U+10FFFF, truncated sequences) decodes to U+FFFD, one per maximal ill-formed subpart, as the Unicode
 * standard recommends (chapter 3, "U+FFFD Substitution of Maximal Subparts").
 */
public final class Utf8Decoder {
    /** The replacement character. */
    public static final int REPLACEMENT = 0xFFFD;
    /** Returned by {@link #accept(int)} while a character is incomplete. */
    public static final int PENDING = -1;
    /** Returned by {@link #accept(int)} when a byte ended a malformed sequence without being part of it. */
    public static final int REPLACE_AND_RETRY = -2;

    private int codePoint;
    private int remaining;
    /** Bounds for the second byte, which rule out overlongs and surrogates early. */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Whether a character is partly decoded. */
    public boolean inProgress() {
        return remaining > 0;
    }

    /**
     * Feeds one byte.
     *
     * @return a code point; {@link #PENDING}; {@link #REPLACEMENT} for a malformed byte that was consumed;
     *     or {@link #REPLACE_AND_RETRY} when the byte interrupted a character: the caller emits U+FFFD and
     *     feeds the same byte again.
     */
    public int accept(int b) {
        if (remaining == 0) {
            return start(b);
        }
        if (b < lower || b > upper) {
            reset();
            return REPLACE_AND_RETRY;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        return --remaining == 0 ? codePoint : PENDING;
    }

    private int start(int b) {
        if (b < 0x80) {
            return b;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            codePoint = b & 0x1F;
            remaining = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            codePoint = b & 0x0F;
            remaining = 2;
            if (b == 0xE0) {
                lower = 0xA0; // no overlong 3-byte forms
            } else if (b == 0xED) {
                upper = 0x9F; // no surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            codePoint = b & 0x07;
            remaining = 3;
            if (b == 0xF0) {
                lower = 0x90; // no overlong 4-byte forms
            } else if (b == 0xF4) {
                upper = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return REPLACEMENT; // continuation byte without a lead, C0/C1 lead, or F5..FF
        }
        return PENDING;
    }

    /** Decodes a whole byte range to a string, malformed parts and a cut-off end as U+FFFD. */
    public static String decode(byte[] bytes, int from, int to) {
        Utf8Decoder decoder = new Utf8Decoder();
        StringBuilder s = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            int cp = decoder.accept(b);
            if (cp == REPLACE_AND_RETRY) {
                s.appendCodePoint(REPLACEMENT);
                cp = decoder.accept(b);
            }
            if (cp >= 0) {
                s.appendCodePoint(cp);
            }
        }
        if (decoder.inProgress()) {
            s.appendCodePoint(REPLACEMENT);
        }
        return s.toString();
    }

    /** Abandons a partial character (its bytes count as one malformed subpart). */
    public void reset() {
        remaining = 0;
        codePoint = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    // For the snapshot codec.

    /** The state as four ints: code point so far, bytes remaining, second-byte bounds. */
    public int[] state() {
        return new int[] {codePoint, remaining, lower, upper};
    }

    /** Restores a state from {@link #state()}, validating it. */
    public void restore(int[] s) {
        if (s.length != 4 || s[1] < 0 || s[1] > 3 || s[2] < 0x80 || s[3] > 0xBF || s[2] > s[3]
                || s[0] < 0 || s[0] > 0x10FFFF >> (6 * s[1])) {
            throw new IllegalArgumentException("invalid UTF-8 decoder state");
        }
        codePoint = s[0];
        remaining = s[1];
        lower = s[2];
        upper = s[3];
    }
}
