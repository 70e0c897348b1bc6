package htty.term.record;

/**
 * Reads what {@link RecordWriter} wrote, checking every bound before it allocates, so that any input
 * ends in a value or a {@link RecordFormatException}, never in an exhausted heap or a long loop.
 */
public final class RecordReader {
    private final byte[] data;
    private int position;

    public RecordReader(byte[] data) {
        this.data = data;
    }

    public int byte1() throws RecordFormatException {
        if (position >= data.length) {
            throw new RecordFormatException("record truncated at byte " + position);
        }
        return data[position++] & 0xFF;
    }

    public boolean bool() throws RecordFormatException {
        int b = byte1();
        if (b > 1) {
            throw new RecordFormatException("invalid boolean " + b + " at byte " + (position - 1));
        }
        return b == 1;
    }

    public int int4() throws RecordFormatException {
        return byte1() << 24 | byte1() << 16 | byte1() << 8 | byte1();
    }

    public long long8() throws RecordFormatException {
        return (long) int4() << 32 | int4() & 0xFFFF_FFFFL;
    }

    public long varlong() throws RecordFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = byte1();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new RecordFormatException("varint too long at byte " + position);
    }

    public int varint() throws RecordFormatException {
        long v = varlong();
        if (v > 0xFFFF_FFFFL) {
            throw new RecordFormatException("varint out of range at byte " + position);
        }
        return (int) v;
    }

    /** A varint that must lie in {@code [min, max]}; {@code what} names it in the error. */
    public int varint(String what, int min, int max) throws RecordFormatException {
        int v = varint();
        if (v < min || v > max) {
            throw new RecordFormatException(what + " " + v + " outside " + min + ".." + max);
        }
        return v;
    }

    public byte[] bytes(String what, int max) throws RecordFormatException {
        int n = varint(what + " length", 0, max);
        if (n > remaining()) {
            throw new RecordFormatException(what + " of " + n + " bytes runs past the end of the record");
        }
        byte[] b = new byte[n];
        System.arraycopy(data, position, b, 0, n);
        position += n;
        return b;
    }

    public String string(String what, int maxCodePoints) throws RecordFormatException {
        int n = varint(what + " length", 0, Math.min(maxCodePoints, remaining()));
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = varint(what + " character", 0, 0x10FFFF);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                throw new RecordFormatException(what + " holds a surrogate");
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    public int remaining() {
        return data.length - position;
    }

    public int position() {
        return position;
    }
}
