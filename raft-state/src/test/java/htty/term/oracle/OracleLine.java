package htty.term.oracle;

import java.util.List;

/**
 * One line of a captured screen: a cell per column, and how many of those columns tmux actually reported.
 *
 * <p>tmux 3.3a's {@code capture-pane} stops at the last column the application wrote to. Past it, the
 * oracle fills the line with {@link OracleCell#BLANK}, which is what tmux shows there unless the
 * columns were erased with a background colour (erasing with a coloured background, as ED, EL, ECH,
 * IL, DL, SU and SD do, does not extend the reported part). Comparisons with
 * {@link OracleScreen#diff(OracleScreen)} therefore accept any blank, whatever its background, past
 * {@code capturedColumns}.
 *
 * @param cells           exactly one cell per column of the screen, held as an unmodifiable copy
 * @param capturedColumns how many leading cells tmux reported; the rest are padding
 */
public record OracleLine(List<OracleCell> cells, int capturedColumns) {

    public OracleLine {
        cells = List.copyOf(cells);
        if (capturedColumns < 0 || capturedColumns > cells.size()) {
            throw new IllegalArgumentException(
                    "capturedColumns must be 0 to " + cells.size() + ", not " + capturedColumns);
        }
    }

    /** A line whose every cell is known, as an emulator reports it. */
    public static OracleLine of(List<OracleCell> cells) {
        return new OracleLine(cells, cells.size());
    }

    /** The cell at column {@code x}. */
    public OracleCell cell(int x) {
        return cells.get(x);
    }

    /** The texts of the cells, concatenated: what the line reads as. */
    public String text() {
        StringBuilder out = new StringBuilder();
        cells.forEach(cell -> out.append(cell.text()));
        return out.toString();
    }
}
