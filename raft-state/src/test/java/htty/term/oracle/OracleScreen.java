package htty.term.oracle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A terminal screen as plain data: what tmux shows after some input, or what our emulator shows after
 * the same input, converted to the same records so the two can be compared with {@link #diff}.
 *
 * <p>Coordinates are 0-based, {@code x} the column and {@code y} the line. Like tmux, the cursor
 * column may equal {@code cols}: that is how tmux records a cursor that has written the last column
 * and will wrap before the next character (where xterm keeps the cursor on the last column with a
 * pending-wrap flag).
 *
 * @param cols     the width in columns
 * @param rows     the height in lines
 * @param history  the lines scrolled off the top, oldest first; empty when no history was kept
 * @param lines    the {@code rows} visible lines, top first
 * @param cursorX  the cursor column, 0 to {@code cols} inclusive (see above)
 * @param cursorY  the cursor line, 0 to {@code rows - 1}
 * @param modes    the modes tmux reports
 * @param tabStops the columns with a tab stop, ascending
 */
public record OracleScreen(
        int cols,
        int rows,
        List<OracleLine> history,
        List<OracleLine> lines,
        int cursorX,
        int cursorY,
        OracleModes modes,
        List<Integer> tabStops) {

    /** How many differences {@link #diff(OracleScreen)} lists before summing up the rest. */
    public static final int DEFAULT_DIFF_LIMIT = 20;

    public OracleScreen {
        history = List.copyOf(history);
        lines = List.copyOf(lines);
        tabStops = List.copyOf(tabStops);
        Objects.requireNonNull(modes, "modes");
        if (lines.size() != rows) {
            throw new IllegalArgumentException("expected " + rows + " lines, got " + lines.size());
        }
        for (OracleLine line : history) {
            checkWidth(line, cols);
        }
        for (OracleLine line : lines) {
            checkWidth(line, cols);
        }
    }

    private static void checkWidth(OracleLine line, int cols) {
        if (line.cells().size() != cols) {
            throw new IllegalArgumentException("expected " + cols + " cells in a line, got " + line.cells().size());
        }
    }

    /** The visible cell at column {@code x} of line {@code y}. */
    public OracleCell cell(int x, int y) {
        return lines.get(y).cell(x);
    }

    /** The first {@link #DEFAULT_DIFF_LIMIT} differences from this screen to {@code actual}; see {@link #diff(OracleScreen, int)}. */
    public List<String> diff(OracleScreen actual) {
        return diff(actual, DEFAULT_DIFF_LIMIT);
    }

    /**
     * How {@code actual} differs from this screen, the expected one, as readable sentences: size, cursor,
     * modes, tab stops, history and then the visible lines cell by cell. Only the first {@code limit}
     * differences are listed, followed by a count of the rest; an empty list means the screens match.
     *
     * <p>Call it on tmux's screen: past a line's {@link OracleLine#capturedColumns() captured columns}
     * any blank in {@code actual} matches, whatever its background, because tmux did not report those
     * columns (see {@link OracleLine}). Everywhere else cells must be equal.
     */
    public List<String> diff(OracleScreen actual, int limit) {
        List<String> differences = new ArrayList<>();
        if (cols != actual.cols || rows != actual.rows) {
            differences.add("size: expected " + cols + "x" + rows + ", actual " + actual.cols + "x" + actual.rows);
            return differences;
        }
        if (cursorX != actual.cursorX || cursorY != actual.cursorY) {
            differences.add("cursor: expected (" + cursorX + "," + cursorY + "), actual ("
                    + actual.cursorX + "," + actual.cursorY + ")");
        }
        diffComponents("modes", modes, actual.modes, differences);
        if (!tabStops.equals(actual.tabStops)) {
            differences.add("tab stops: expected " + tabStops + ", actual " + actual.tabStops);
        }
        if (history.size() != actual.history.size()) {
            differences.add("history: expected " + history.size() + " lines, actual " + actual.history.size());
        } else {
            diffLines("history line", history, actual.history, differences);
        }
        diffLines("line", lines, actual.lines, differences);
        if (differences.size() > limit) {
            int more = differences.size() - limit;
            differences.subList(limit, differences.size()).clear();
            differences.add("... and " + more + " more");
        }
        return differences;
    }

    private static void diffLines(String what, List<OracleLine> expected, List<OracleLine> actual, List<String> out) {
        for (int y = 0; y < expected.size(); y++) {
            OracleLine expectedLine = expected.get(y);
            OracleLine actualLine = actual.get(y);
            for (int x = 0; x < expectedLine.cells().size(); x++) {
                OracleCell want = expectedLine.cell(x);
                OracleCell got = actualLine.cell(x);
                if (x < expectedLine.capturedColumns()) {
                    if (!want.equals(got)) {
                        out.add(what + " " + y + ", col " + x + ": expected " + want + ", actual " + got);
                    }
                } else if (!got.isBlankExceptBackground()) {
                    out.add(what + " " + y + ", col " + x
                            + ": expected a blank of any background (tmux did not capture this column), actual " + got);
                }
            }
        }
    }

    /** Lists the components of two records of the same type that differ, e.g. {@code modes.origin}. */
    private static void diffComponents(String what, Record expected, Record actual, List<String> out) {
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object want = valueOf(component, expected);
            Object got = valueOf(component, actual);
            if (!want.equals(got)) {
                out.add(what + "." + component.getName() + ": expected " + want + ", actual " + got);
            }
        }
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
