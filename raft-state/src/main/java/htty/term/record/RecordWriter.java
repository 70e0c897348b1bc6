package htty.term.record;

import java.util.Arrays;

/** Appends the primitive values of a record (a snapshot, a history line): big-endian fixed widths and LEB128 varints. */
public final class RecordWriter {
    private byte[] data;
    private int length;

    public RecordWriter() {
        this(1024);
    }

    public RecordWriter(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    /** Empties the writer, keeping its buffer (for encoding many small records). */
    public void reset() {
        length = 0;
    }

    public void byte1(int b) {
        if (length == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[length++] = (byte) b;
    }

    public void bool(boolean b) {
        byte1(b ? 1 : 0);
    }

    public void int4(int v) {
        byte1(v >>> 24);
        byte1(v >>> 16);
        byte1(v >>> 8);
        byte1(v);
    }

    public void long8(long v) {
        int4((int) (v >>> 32));
        int4((int) v);
    }

    /** An unsigned varint (7 bits a byte, low first); ints are written as their unsigned 32 bits. */
    public void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            byte1((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        byte1((int) v);
    }

    public void varint(int v) {
        if ((v & ~0x7F) == 0 && length < data.length) {
            data[length++] = (byte) v; // the common case: one byte, room for it
            return;
        }
        varint(v & 0xFFFF_FFFFL);
    }

    public void bytes(byte[] b) {
        varint(b.length);
        for (byte x : b) {
            byte1(x);
        }
    }

    /** A string as its code points (no dependence on any charset implementation). */
    public void string(String s) {
        varint(s.codePointCount(0, s.length()));
        s.codePoints().forEach(this::varint);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(data, length);
    }
}
