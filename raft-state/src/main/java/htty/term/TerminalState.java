package htty.term;

import htty.term.parser.Parser;
import htty.term.screen.Grid;
import java.util.List;

/**
 * Everything a {@link Terminal} holds, as one value: what the snapshot codec writes and reads. The
 * grids are the terminal's own (not copies): read a state before feeding the terminal again.
 *
 * @param cursorX the cursor column; equal to the width while a wrap is pending (as in tmux)
 * @param alternate the alternate screen while it is shown, else null
 * @param savedAlternate likewise the alternate screen's saved cursor; either saved cursor may be null
 * @param lastPrinted the character REP repeats, or -1
 * @param joinNext whether a zero-width joiner asked for the next character to join the previous one
 */
public record TerminalState(TerminalConfig config, int cols, int rows, Grid primary, Grid alternate,
        int cursorX, int cursorY, int top, int bottom, int modes, long penAttrs, int penUnderlineColor,
        int g0, int g1, int shift, boolean[] tabStops, SavedCursor savedPrimary, SavedCursor savedAlternate,
        String title, List<String> titleStack, int cursorStyle, int lastPrinted, boolean joinNext,
        Parser.Snapshot parser) {
}
