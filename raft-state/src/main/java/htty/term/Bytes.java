package htty.term;

import java.util.Arrays;

/** A growable byte array: where replies and the client stream are assembled. */
final class Bytes {
    private byte[] data = new byte[256];
    private int length;

    void add(int b) {
        if (length == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[length++] = (byte) b;
    }

    void add(byte[] bytes, int from, int to) {
        int n = to - from;
        if (length + n > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
        }
        System.arraycopy(bytes, from, data, length, n);
        length += n;
    }

    void addAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            add(s.charAt(i));
        }
    }

    /** Appends a non-negative number in decimal. */
    void addDecimal(int v) {
        if (v >= 10) {
            addDecimal(v / 10);
        }
        add('0' + v % 10);
    }

    /** Appends a code point as UTF-8. */
    void addUtf8(int cp) {
        if (cp < 0x80) {
            add(cp);
        } else if (cp < 0x800) {
            add(0xC0 | cp >> 6);
            add(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            add(0xE0 | cp >> 12);
            add(0x80 | cp >> 6 & 0x3F);
            add(0x80 | cp & 0x3F);
        } else {
            add(0xF0 | cp >> 18);
            add(0x80 | cp >> 12 & 0x3F);
            add(0x80 | cp >> 6 & 0x3F);
            add(0x80 | cp & 0x3F);
        }
    }

    int length() {
        return length;
    }

    /** The contents, and empties the buffer. */
    byte[] take() {
        byte[] out = length == 0 ? EMPTY : Arrays.copyOf(data, length);
        length = 0;
        return out;
    }

    static final byte[] EMPTY = new byte[0];
}
