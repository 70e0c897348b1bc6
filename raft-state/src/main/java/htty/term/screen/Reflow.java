package htty.term.screen;

import java.util.ArrayList;
import java.util.List;

/**
 * Resizing a grid the way tmux 3.3 does (screen.c, grid.c): first the height changes (shrinking drops
 * lines below the cursor, then pushes lines from the top into the history; growing pulls scrolled
 * lines back out of the history, then adds blanks), then, for a grid with history, soft-wrapped
 * lines are rejoined and wrapped again at the new width, the cursor keeping its place in the text.
 * A grid without history (the alternate screen) is cut or padded instead.
 */
public final class Reflow {
    private Reflow() {
    }

    /**
     * Resizes {@code grid} and returns the cursor's new {@code {x, y}}. Pass {@code cursorY} -1 when
     * the grid is not the one being shown (the cursor then does not constrain it).
     */
    public static int[] resize(Grid grid, int newCols, int newRows, int cursorX, int cursorY) {
        boolean withHistory = grid.history().limit() > 0;
        History history = grid.history();
        List<Line> all = new ArrayList<>(history.size() + grid.rows());
        for (int i = 0; i < history.size(); i++) {
            all.add(history.get(i));
        }
        for (int y = 0; y < grid.rows(); y++) {
            all.add(grid.line(y));
        }
        int hsize = history.size();
        int scrolled = history.scrolled();
        int cy = cursorY < 0 ? grid.rows() - 1 : cursorY;
        int absY = hsize + cy;
        int oldRows = grid.rows();

        // The height.
        if (newRows < oldRows) {
            int needed = oldRows - newRows;
            int below = Math.min(needed, oldRows - 1 - cy);
            for (int i = 0; i < below; i++) {
                all.remove(all.size() - 1);
            }
            needed -= below;
            if (withHistory) {
                hsize += needed;
                scrolled += needed;
            } else {
                int above = Math.min(needed, cy);
                all.subList(0, above).clear();
                absY -= above;
            }
        } else if (newRows > oldRows) {
            int needed = newRows - oldRows;
            int pulled = withHistory ? Math.min(scrolled, needed) : 0;
            hsize -= pulled;
            scrolled -= pulled;
            for (int i = pulled; i < needed; i++) {
                all.add(new Line(grid.cols(), Attrs.PLAIN));
            }
        }

        int cx = cursorX;
        if (newCols != grid.cols()) {
            if (withHistory) {
                int[] position = wrapPosition(all, cx, absY);
                all = rewrap(all, newCols);
                while (all.size() < newRows) {
                    all.add(new Line(newCols, Attrs.PLAIN));
                }
                int[] cursor = unwrapPosition(all, position[0], position[1]);
                cx = cursor[0];
                absY = cursor[1];
                hsize = all.size() - newRows;
            } else {
                for (Line line : all) {
                    line.resize(newCols, Attrs.PLAIN);
                }
            }
        }

        // Lines above the screen become the history, bounded by its limit.
        history.clear();
        int firstVisible = all.size() - newRows;
        for (int i = Math.max(0, firstVisible - history.limit()); i < firstVisible; i++) {
            history.push(all.get(i));
        }
        history.setScrolled(Math.min(Math.max(0, scrolled), history.size()));
        grid.replace(newCols, all.subList(firstVisible, all.size()).toArray(new Line[0]));
        for (int y = 0; y < newRows; y++) {
            grid.line(y).resize(newCols, Attrs.PLAIN);
        }
        if (absY < firstVisible) {
            return new int[] {0, 0};
        }
        return new int[] {Math.min(cx, newCols - 1), Math.min(absY - firstVisible, newRows - 1)};
    }

    /** The cells a line contributes to its logical line: all of a wrapped one, up to the last used otherwise. */
    private static int used(Line line) {
        return line.wrapped() ? line.cols() : line.usedLength();
    }

    /** The cursor as (offset in its logical line, or -1 for "at its end"; index of the logical line). */
    private static int[] wrapPosition(List<Line> all, int px, int py) {
        int ax = 0;
        int ay = 0;
        for (int y = 0; y < py; y++) {
            if (all.get(y).wrapped()) {
                ax += used(all.get(y));
            } else {
                ax = 0;
                ay++;
            }
        }
        return new int[] {px >= used(all.get(py)) ? -1 : ax + px, ay};
    }

    private static int[] unwrapPosition(List<Line> all, int wx, int wy) {
        int y = 0;
        int ay = 0;
        while (y < all.size() - 1 && ay != wy) {
            if (!all.get(y).wrapped()) {
                ay++;
            }
            y++;
        }
        if (wx == -1) {
            while (y < all.size() - 1 && all.get(y).wrapped()) {
                y++;
            }
            return new int[] {used(all.get(y)), y};
        }
        while (y < all.size() - 1 && all.get(y).wrapped() && wx >= used(all.get(y))) {
            wx -= used(all.get(y));
            y++;
        }
        return new int[] {wx, y};
    }

    /** Joins each logical line's cells and cuts them again at {@code cols}, never splitting a wide character. */
    private static List<Line> rewrap(List<Line> all, int cols) {
        List<Line> out = new ArrayList<>(all.size());
        int y = 0;
        while (y < all.size()) {
            int first = y;
            while (y < all.size() - 1 && all.get(y).wrapped()) {
                y++;
            }
            int last = y++;
            Line current = new Line(cols, Attrs.PLAIN);
            int x = 0;
            boolean any = false;
            for (int i = first; i <= last; i++) {
                Line src = all.get(i);
                int n = used(src);
                for (int sx = 0; sx < n; sx++) {
                    int c = src.charWord(sx);
                    if (c == Line.TAIL) {
                        continue; // copied with its head
                    }
                    int width = (c & Line.WIDE) != 0 ? 2 : 1;
                    if (x + width > cols) {
                        if (width > cols) {
                            continue; // a wide character cannot live in one column
                        }
                        current.setWrapped(true);
                        out.add(current);
                        current = new Line(cols, Attrs.PLAIN);
                        x = 0;
                    }
                    current.copyCell(src, sx, x);
                    if (width == 2 && sx + 1 < src.cols()) {
                        current.copyCell(src, sx + 1, x + 1);
                    }
                    x += width;
                    any = true;
                }
            }
            if (!any && first == last) {
                // An empty line keeps its rendition (a coloured blank line stays coloured, cut or padded).
                Line blank = all.get(first);
                blank.resize(cols, Attrs.PLAIN);
                out.add(blank);
                continue;
            }
            out.add(current);
        }
        return out;
    }
}
