package htty.session;

/**
 * A bounded window of a session's committed client stream, addressed by absolute byte offset: what
 * lets a client that reconnects receive exactly the bytes it missed, while they are still here.
 */
public final class OutputRing {
    private final byte[] ring;
    /** Absolute offset one past the last byte appended. */
    private long end;
    /** Bytes before this offset are no longer offered (see {@link #discontinue()}). */
    private long discardedTo;
    private boolean discontinued;

    public OutputRing(int capacity) {
        ring = new byte[capacity];
    }

    /** Absolute offset of the oldest byte still held. */
    public long start() {
        return Math.max(discardedTo, end - ring.length);
    }

    public long end() {
        return end;
    }

    /**
     * A ring as a snapshot recorded it: offering {@code held}, which ran from absolute offset
     * {@code start} to {@code end}. The caller has checked {@code 0 <= start}, {@code held.length ==
     * end - start} and {@code held.length <= capacity}. Setting the discard point to {@code start}
     * gives the recorded ring's {@link #start()} now and after any appends, whatever its discard point was.
     */
    static OutputRing restore(int capacity, long start, long end, byte[] held) {
        OutputRing ring = new OutputRing(capacity);
        ring.end = start;
        ring.append(held);
        ring.discardedTo = start;
        return ring;
    }

    public void append(byte[] bytes) {
        int n = bytes.length;
        int from = Math.max(0, n - ring.length); // only the newest bytes fit
        for (int i = from; i < n; ) {
            int at = (int) ((end + i) % ring.length); // byte i lands at absolute offset end + i
            int chunk = Math.min(n - i, ring.length - at);
            System.arraycopy(bytes, i, ring, at, chunk);
            i += chunk;
        }
        end += n;
    }

    /**
     * Forgets the held bytes: offsets go on from {@link #end()}, but a client asking to resume from
     * before it, or at it, gets a redraw. After a takeover the bytes before it describe another
     * screen, and a client that had them all still shows the screen from before the takeover.
     */
    public void discontinue() {
        discardedTo = end;
        discontinued = true;
    }

    /**
     * The bytes from {@code offset} to the end, or null if they are no longer (or not yet) held, or
     * if {@code offset} is where the stream was last discontinued.
     */
    public byte[] readFrom(long offset) {
        if (discontinued && offset == discardedTo) {
            return null;
        }
        return copyFrom(offset);
    }

    /**
     * What was printed since {@code offset} that still shows: the bytes from it, or from the last
     * takeover if one came after it (what came before describes another program's screen). Null if
     * bytes after {@code offset} were dropped for room.
     */
    public byte[] readSince(long offset) {
        return copyFrom(Math.max(offset, discardedTo));
    }

    private byte[] copyFrom(long offset) {
        if (offset < start() || offset > end) {
            return null;
        }
        int n = (int) (end - offset);
        byte[] out = new byte[n];
        for (int i = 0; i < n; ) {
            int at = (int) ((offset + i) % ring.length);
            int chunk = Math.min(n - i, ring.length - at);
            System.arraycopy(ring, at, out, i, chunk);
            i += chunk;
        }
        return out;
    }

    /** The held bytes, oldest first (for snapshots). */
    public byte[] contents() {
        byte[] all = copyFrom(start());
        return all == null ? new byte[0] : all;
    }

    public int capacity() {
        return ring.length;
    }
}
