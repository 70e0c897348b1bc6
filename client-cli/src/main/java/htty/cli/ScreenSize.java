package htty.cli;

import org.jline.terminal.Size;

/**
 * A terminal's size in character cells.
 *
 * @param cols columns
 * @param rows rows
 */
record ScreenSize(int cols, int rows) {

    /** The size when there is no terminal to ask, as tmux assumes. */
    static final ScreenSize DEFAULT = new ScreenSize(80, 24);

    /** JLine's size of a terminal; a dimension the terminal does not report (0) takes the default. */
    static ScreenSize of(Size size) {
        return new ScreenSize(size.getColumns() > 0 ? size.getColumns() : DEFAULT.cols,
                size.getRows() > 0 ? size.getRows() : DEFAULT.rows);
    }
}
