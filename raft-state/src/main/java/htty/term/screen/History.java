package htty.term.screen;

/**
 * Lines that scrolled off the top of the primary screen, oldest first, bounded: when full, the oldest
 * line is dropped. A ring of references, so that scrolling costs no copying of cells.
 */
public final class History {
    private Line[] ring;
    private int start;
    private int size;
    private final int limit;
    /**
     * How many of the newest lines arrived by scrolling rather than by clearing the screen: a resize
     * that grows the screen pulls back only those, as tmux does.
     */
    private int scrolled;

    public History(int limit) {
        this.limit = limit;
        this.ring = new Line[Math.min(limit, 64)];
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

    /** The line at {@code i}, 0 being the oldest. */
    public Line get(int i) {
        return ring[(start + i) % ring.length];
    }

    /**
     * Appends a line; when the history is full the oldest is dropped and returned, so that the caller
     * can reuse it. Returns null otherwise. With a limit of 0 the line itself is returned.
     */
    public Line push(Line line) {
        if (limit == 0) {
            return line;
        }
        scrolled = Math.min(scrolled + 1, limit);
        if (size == limit) {
            Line evicted = ring[start];
            ring[start] = line;
            start = (start + 1) % ring.length;
            return evicted;
        }
        if (size == ring.length) {
            grow();
        }
        ring[(start + size) % ring.length] = line;
        size++;
        return null;
    }

    /** Removes and returns the newest line (a resize that grows the screen pulls lines back). */
    public Line pop() {
        int i = (start + size - 1) % ring.length;
        Line line = ring[i];
        ring[i] = null;
        size--;
        scrolled = Math.min(scrolled, size);
        return line;
    }

    private void grow() {
        Line[] bigger = new Line[Math.min(limit, ring.length * 2)];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        ring = bigger;
        start = 0;
    }

    public void clear() {
        ring = new Line[Math.min(limit, 64)];
        start = 0;
        size = 0;
        scrolled = 0;
    }
}
