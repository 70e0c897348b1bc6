package htty.term.screen;

import htty.term.record.RecordFormatException;
import htty.term.record.RecordReader;
import htty.term.record.RecordWriter;

/**
 * Lines that scrolled off the top of the primary screen, oldest first, bounded: when full, the oldest
 * line is dropped. Lines are kept in {@link LineCodec}'s compact form, so that the history costs
 * about a byte per character and scrolling a line off touches only the hot line being encoded, never
 * the cold one being dropped.
 */
public final class History {
    private byte[][] ring;
    private int start;
    private int size;
    private final int limit;
    /**
     * How many of the newest lines arrived by scrolling rather than by clearing the screen: a resize
     * that grows the screen pulls back only those, as tmux does.
     */
    private int scrolled;
    private final RecordWriter scratch = new RecordWriter(256);

    public History(int limit) {
        this.limit = limit;
        this.ring = new byte[Math.min(limit, 64)][];
    }

    public int limit() {
        return limit;
    }

    public int size() {
        return size;
    }

    public int scrolled() {
        return scrolled;
    }

    /** Marks every line now held as cleared, not scrolled (after a clear pushed the screen here). */
    public void markCleared() {
        scrolled = 0;
    }

    /** Restores the scrolled count (the snapshot decoder). */
    public void setScrolled(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("scrolled count " + n + " outside 0.." + size);
        }
        scrolled = n;
    }

    /** The line at {@code i}, 0 being the oldest, as a new {@link Line}. */
    public Line get(int i) {
        return LineCodec.decode(encoded(i));
    }

    /** The line at {@code i} in {@link LineCodec}'s form (the snapshot writes it as is). */
    public byte[] encoded(int i) {
        return ring[(start + i) % ring.length];
    }

    /** Appends a copy of {@code line}; when the history is full the oldest line is dropped. */
    public void push(Line line) {
        if (limit > 0) {
            pushEncoded(LineCodec.encode(scratch, line));
        }
    }

    /** Appends a line read from a snapshot, after checking that it is one. */
    public void pushRecord(byte[] record, int maxCols) throws RecordFormatException {
        RecordReader r = new RecordReader(record);
        LineCodec.read(r, maxCols);
        if (r.remaining() != 0) {
            throw new RecordFormatException("history line with " + r.remaining() + " bytes too many");
        }
        if (size == limit) {
            throw new RecordFormatException("more history lines than the limit of " + limit);
        }
        pushEncoded(record);
    }

    private void pushEncoded(byte[] record) {
        scrolled = Math.min(scrolled + 1, limit);
        if (size == limit) {
            ring[start] = record;
            start = (start + 1) % ring.length;
            return;
        }
        if (size == ring.length) {
            grow();
        }
        ring[(start + size) % ring.length] = record;
        size++;
    }

    private void grow() {
        byte[][] bigger = new byte[Math.min(limit, ring.length * 2)][];
        for (int i = 0; i < size; i++) {
            bigger[i] = encoded(i);
        }
        ring = bigger;
        start = 0;
    }

    public void clear() {
        ring = new byte[Math.min(limit, 64)][];
        start = 0;
        size = 0;
        scrolled = 0;
    }
}
