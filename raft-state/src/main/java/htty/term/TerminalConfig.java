package htty.term;

/**
 * The settings a terminal is created with. They are replicated with the session, never read from the
 * machine, so that every replica's emulator behaves alike.
 *
 * @param cols width in columns (1–1000)
 * @param rows height in rows (1–500)
 * @param scrollback lines kept in the primary screen's history (0–100,000)
 * @param allowClipboard whether OSC 52 (set clipboard) may reach attached clients
 */
public record TerminalConfig(int cols, int rows, int scrollback, boolean allowClipboard) {
    public static final int MAX_COLS = 1000;
    public static final int MAX_ROWS = 500;
    public static final int MAX_SCROLLBACK = 100_000;
    public static final int DEFAULT_SCROLLBACK = 10_000;

    public TerminalConfig {
        checkSize(cols, rows);
        if (scrollback < 0 || scrollback > MAX_SCROLLBACK) {
            throw new IllegalArgumentException("scrollback must be 0.." + MAX_SCROLLBACK + " lines, not " + scrollback);
        }
    }

    /** A terminal of the given size with the default scrollback and no clipboard access. */
    public static TerminalConfig of(int cols, int rows) {
        return new TerminalConfig(cols, rows, DEFAULT_SCROLLBACK, false);
    }

    /** Rejects sizes outside 1–1000 columns and 1–500 rows, saying which. */
    public static void checkSize(int cols, int rows) {
        if (cols < 1 || cols > MAX_COLS || rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException(
                    "size must be 1.." + MAX_COLS + " columns x 1.." + MAX_ROWS + " rows, not " + cols + "x" + rows);
        }
    }
}
