package htty.term.oracle;

import java.util.Objects;

/**
 * One column of a captured line.
 *
 * <p>A line holds exactly one cell per column. A wide character is a cell of width 2 followed by
 * {@link #CONTINUATION}, the column its right half covers; every other cell has width 1. So
 * {@code line.get(x)} is always the cell at column {@code x}.
 *
 * @param text  the grapheme drawn in this column: a base character followed by any combining marks
 *              (and, after U+200D ZERO WIDTH JOINER, the joined character); empty only for
 *              {@link #CONTINUATION}
 * @param width how many columns the text covers: 1 or 2, or 0 for {@link #CONTINUATION}
 * @param style how the text is drawn
 */
public record OracleCell(String text, int width, OracleStyle style) {

    /** An erased or never-written column. */
    public static final OracleCell BLANK = new OracleCell(" ", 1, OracleStyle.DEFAULT);

    /** The right half of the wide character in the column before. */
    public static final OracleCell CONTINUATION = new OracleCell("", 0, OracleStyle.DEFAULT);

    public OracleCell {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(style, "style");
        if (width < 0 || width > 2) {
            throw new IllegalArgumentException("width must be 0, 1 or 2, not " + width);
        }
        if ((width == 0) != text.isEmpty()) {
            throw new IllegalArgumentException("only a continuation cell has no text (and width 0)");
        }
    }

    /** A single-width cell in the default style. */
    public static OracleCell of(String text) {
        return new OracleCell(text, 1, OracleStyle.DEFAULT);
    }

    /** Whether this cell could be an erased column: a single-width space styled by nothing but its background. */
    public boolean isBlankExceptBackground() {
        return text.equals(" ") && width == 1
                && style.withBackground(OracleColor.DEFAULT).equals(OracleStyle.DEFAULT);
    }

    /**
     * The text in quotes, with combining marks and other invisible code points spelled as
     * <code>&#92;uXXXX</code>, then the width if not 1 and the style if not default; for example
     * <code>"e&#92;u0301"</code> or {@code "中" w2 fg=indexed(1)}.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(codePoint -> {
            if (isVisible(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                out.append(String.format("\\u%04X", codePoint));
            }
        });
        out.append('"');
        if (width != 1) {
            out.append(" w").append(width);
        }
        if (!style.equals(OracleStyle.DEFAULT)) {
            out.append(' ').append(style);
        }
        return out.toString();
    }

    private static boolean isVisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.FORMAT, Character.CONTROL, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
