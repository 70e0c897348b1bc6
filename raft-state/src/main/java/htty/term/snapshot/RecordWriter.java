package htty.term.snapshot;

import java.util.Arrays;

/** Appends the primitive values of a snapshot record: big-endian fixed widths and LEB128 varints. */
final class RecordWriter {
    private byte[] data = new byte[1024];
    private int length;

    void byte1(int b) {
        if (length == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[length++] = (byte) b;
    }

    void bool(boolean b) {
        byte1(b ? 1 : 0);
    }

    void int4(int v) {
        byte1(v >>> 24);
        byte1(v >>> 16);
        byte1(v >>> 8);
        byte1(v);
    }

    void long8(long v) {
        int4((int) (v >>> 32));
        int4((int) v);
    }

    /** An unsigned varint (7 bits a byte, low first); ints are written as their unsigned 32 bits. */
    void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            byte1((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        byte1((int) v);
    }

    void varint(int v) {
        varint(v & 0xFFFF_FFFFL);
    }

    void bytes(byte[] b) {
        varint(b.length);
        for (byte x : b) {
            byte1(x);
        }
    }

    /** A string as its code points (no dependence on any charset implementation). */
    void string(String s) {
        varint(s.codePointCount(0, s.length()));
        s.codePoints().forEach(this::varint);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }
}
