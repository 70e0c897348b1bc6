package htty.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * Where a session's client stream ended after each recent {@code Output} entry: what turns "the
 * output after log index N" into an offset of the {@link OutputRing}. Bounded: past
 * {@link #MAX_MARKS} entries the oldest are forgotten, and with them the indexes before them.
 */
public final class OutputMarks {
    /** Enough for a full ring of small batches: 1 MiB in 16-byte entries. */
    public static final int MAX_MARKS = 1 << 16;

    /** A mark: after the entry at {@code index} was applied, the stream ended at {@code end}. */
    record Mark(long index, long end) {
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    /** The last mark forgotten: indexes from it on are still known. */
    private Mark forgotten = new Mark(0, 0);

    /**
     * Marks as a snapshot recorded them. The caller has checked that there are at most
     * {@link #MAX_MARKS}, in ascending order of index, none before {@code forgotten}.
     */
    static OutputMarks restore(List<Mark> marks, Mark forgotten) {
        OutputMarks restored = new OutputMarks();
        restored.marks.addAll(marks);
        restored.forgotten = forgotten;
        return restored;
    }

    /** The held marks, oldest first (for snapshots). */
    List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** The last mark forgotten, or (0, 0) before any was (for snapshots). */
    Mark forgotten() {
        return forgotten;
    }

    /** Notes that the entry at {@code index} left the stream ending at {@code end}. */
    public void record(long index, long end) {
        if (marks.size() == MAX_MARKS) {
            forgotten = marks.removeFirst();
        }
        marks.addLast(new Mark(index, end));
    }

    /**
     * The offset at which the stream ended once the entry at {@code index} was applied, or -1 when
     * that is too long ago to say.
     */
    public long endAt(long index) {
        if (index < forgotten.index()) {
            return -1;
        }
        // Scanning from the newest: callers ask about recent indexes.
        Iterator<Mark> newestFirst = marks.descendingIterator();
        while (newestFirst.hasNext()) {
            Mark mark = newestFirst.next();
            if (mark.index() <= index) {
                return mark.end();
            }
        }
        return forgotten.end();
    }
}
