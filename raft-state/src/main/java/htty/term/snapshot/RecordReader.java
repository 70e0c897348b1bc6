package htty.term.snapshot;

/**
 * Reads what {@link RecordWriter} wrote, checking every bound before it allocates, so that any input
 * ends in a value or a {@link SnapshotFormatException}, never in an exhausted heap or a long loop.
 */
final class RecordReader {
    private final byte[] data;
    private int position;

    RecordReader(byte[] data) {
        this.data = data;
    }

    int byte1() throws SnapshotFormatException {
        if (position >= data.length) {
            throw new SnapshotFormatException("snapshot truncated at byte " + position);
        }
        return data[position++] & 0xFF;
    }

    boolean bool() throws SnapshotFormatException {
        int b = byte1();
        if (b > 1) {
            throw new SnapshotFormatException("invalid boolean " + b + " at byte " + (position - 1));
        }
        return b == 1;
    }

    int int4() throws SnapshotFormatException {
        return byte1() << 24 | byte1() << 16 | byte1() << 8 | byte1();
    }

    long long8() throws SnapshotFormatException {
        return (long) int4() << 32 | int4() & 0xFFFF_FFFFL;
    }

    long varlong() throws SnapshotFormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = byte1();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new SnapshotFormatException("varint too long at byte " + position);
    }

    int varint() throws SnapshotFormatException {
        long v = varlong();
        if (v > 0xFFFF_FFFFL) {
            throw new SnapshotFormatException("varint out of range at byte " + position);
        }
        return (int) v;
    }

    /** A varint that must lie in {@code [min, max]}; {@code what} names it in the error. */
    int varint(String what, int min, int max) throws SnapshotFormatException {
        int v = varint();
        if (v < min || v > max) {
            throw new SnapshotFormatException(what + " " + v + " outside " + min + ".." + max);
        }
        return v;
    }

    byte[] bytes(String what, int max) throws SnapshotFormatException {
        int n = varint(what + " length", 0, max);
        if (n > remaining()) {
            throw new SnapshotFormatException(what + " of " + n + " bytes runs past the end of the snapshot");
        }
        byte[] b = new byte[n];
        System.arraycopy(data, position, b, 0, n);
        position += n;
        return b;
    }

    String string(String what, int maxCodePoints) throws SnapshotFormatException {
        int n = varint(what + " length", 0, Math.min(maxCodePoints, remaining()));
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = varint(what + " character", 0, 0x10FFFF);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                throw new SnapshotFormatException(what + " holds a surrogate");
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    int remaining() {
        return data.length - position;
    }

    int position() {
        return position;
    }
}
