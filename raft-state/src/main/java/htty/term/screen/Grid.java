package htty.term.screen;

/**
 * A screen's cells: {@code rows} visible lines of {@code cols} cells, and for the primary screen the
 * {@link History} of lines scrolled off its top. Only whole-line operations live here (scrolling
 * within a region, resizing); cell editing is on {@link Line}.
 */
public final class Grid {
    private int cols;
    private int rows;
    private Line[] lines;
    private final History history;

    /** A blank grid; {@code historyLimit} 0 for a screen without history (the alternate screen). */
    public Grid(int cols, int rows, int historyLimit) {
        this.cols = cols;
        this.rows = rows;
        this.history = new History(historyLimit);
        this.lines = new Line[rows];
        for (int y = 0; y < rows; y++) {
            lines[y] = new Line(cols, Attrs.PLAIN);
        }
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public Line line(int y) {
        return lines[y];
    }

    public History history() {
        return history;
    }

    /**
     * Scrolls lines {@code [top, bottom]} up by {@code n}: the top {@code n} leave and blank lines of
     * rendition {@code blank} enter at the bottom. Lines that scroll off go into the history when
     * {@code intoHistory} and this grid has one, whatever the region, as in tmux (deleted lines do not).
     */
    public void scrollUp(int top, int bottom, int n, long blank, boolean intoHistory) {
        n = Math.min(n, bottom - top + 1);
        boolean keep = intoHistory && history.limit() > 0;
        Line[] leaving = new Line[n];
        for (int i = 0; i < n; i++) {
            leaving[i] = lines[top + i];
            if (keep) {
                history.push(leaving[i]);
            }
        }
        System.arraycopy(lines, top + n, lines, top, bottom - top + 1 - n);
        for (int i = 0; i < n; i++) {
            leaving[i].reset(blank); // still hot in the cache: cheaper than a new line
            lines[bottom - n + 1 + i] = leaving[i];
        }
    }

    /** Scrolls lines {@code [top, bottom]} down by {@code n}: blank lines enter at the top. */
    public void scrollDown(int top, int bottom, int n, long blank) {
        n = Math.min(n, bottom - top + 1);
        Line[] leaving = new Line[n];
        System.arraycopy(lines, bottom - n + 1, leaving, 0, n);
        System.arraycopy(lines, top, lines, top + n, bottom - top + 1 - n);
        for (int i = 0; i < n; i++) {
            leaving[i].reset(blank);
            lines[top + i] = leaving[i];
        }
    }

    /** Replaces the visible lines and size; the reflow in {@link Reflow} builds them. */
    void replace(int newCols, Line[] newLines) {
        cols = newCols;
        rows = newLines.length;
        lines = newLines;
    }

    /** Restores a visible line (the snapshot decoder); the line must have this grid's width. */
    public void setLine(int y, Line line) {
        if (line.cols() != cols) {
            throw new IllegalArgumentException("line of " + line.cols() + " columns in a grid of " + cols);
        }
        lines[y] = line;
    }
}
