package htty.session;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The input a session's program has received, newest last, bounded by {@link #LIMIT} bytes: what a
 * fresh standby process is fed to bring it to where the others are (a daemon that restarted, or a
 * standby that exited or diverged). When the bound drops old input, {@link #complete()} turns false:
 * a standby replayed from it may differ from the session's voice.
 */
public final class InputHistory {
    /** Typed input is small; a megabyte is days of typing and a few pastes. */
    public static final int LIMIT = 1 << 20;

    /** Input applied at log index {@code index}. */
    public record Chunk(long index, byte[] data) {
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long bytes;
    private boolean complete = true;

    void add(long index, byte[] data) {
        chunks.addLast(new Chunk(index, data));
        bytes += data.length;
        while (bytes > LIMIT) {
            bytes -= chunks.removeFirst().data().length;
            complete = false;
        }
    }

    /** Whether this holds every input the session ever received. */
    public boolean complete() {
        return complete;
    }

    /** The held input from entries up to and including {@code index}, in order, as one byte string. */
    public byte[] through(long index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.index() <= index) {
                out.writeBytes(c.data());
            }
        }
        return out.toByteArray();
    }

    /** The held chunks, oldest first (for snapshots). */
    public List<Chunk> chunks() {
        return List.copyOf(chunks);
    }

    /** Restores a history from a snapshot's chunks. */
    public static InputHistory of(List<Chunk> chunks, boolean complete) {
        InputHistory h = new InputHistory();
        for (Chunk c : chunks) {
            h.add(c.index(), c.data());
        }
        h.complete = complete && h.complete;
        return h;
    }
}
