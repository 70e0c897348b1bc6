package htty.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A line of {@code capture -S} or {@code -E}, as tmux numbers them: 0 is the visible screen's top
 * line, negative numbers go back into the history, and {@code -} is the edge (the start of the
 * history for {@code -S}, the visible screen's bottom for {@code -E}).
 *
 * @param edge whether this is {@code -}
 * @param line the line number, when it is not the edge
 */
record LinePosition(boolean edge, int line) {

    /** Reads {@code -} or a line number. */
    static final class Converter implements ITypeConverter<LinePosition> {
        @Override
        public LinePosition convert(String value) {
            if (value.equals("-")) {
                return new LinePosition(true, 0);
            }
            try {
                return new LinePosition(false, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither a line number nor -");
            }
        }
    }
}
