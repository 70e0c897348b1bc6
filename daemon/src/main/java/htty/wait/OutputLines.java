package htty.wait;

/**
 * A session's output text, searched line by line as it arrives (as grep would, the line still
 * being written included, so that a prompt without a newline matches): what
 * {@code wait-for --output} watches. Optionally it keeps the text up to the match, for
 * {@code run}. Both the line and the kept text are bounded.
 */
public final class OutputLines {
    /** A longer line is searched in its last this many characters only. */
    public static final int MAX_LINE = 64 * 1024;
    /** The kept text is the last this many characters. */
    public static final int MAX_KEPT = 1 << 20;

    private final TextPattern pattern;
    private final StringBuilder kept;
    private final StringBuilder line = new StringBuilder();
    private boolean truncated;
    private TextPattern.Found found;

    /** Lines searched for {@code pattern}; with {@code keep}, the text is kept too. */
    public OutputLines(TextPattern pattern, boolean keep) {
        this.pattern = pattern;
        this.kept = keep ? new StringBuilder() : null;
    }

    /** Searches the lines {@code text} adds to; returns the first match, or null. Nothing counts after a match. */
    public TextPattern.Found feed(String text) {
        int from = 0;
        while (found == null && from < text.length()) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? text.length() : newline;
            line.append(text, from, to);
            if (line.length() > MAX_LINE) {
                int cut = line.length() - MAX_LINE;
                keep(line.subSequence(0, cut));
                line.delete(0, cut);
            }
            found = pattern.find(line);
            if (found == null && newline >= 0) {
                keep(line);
                keep("\n");
                line.setLength(0);
            }
            from = to + 1;
        }
        return found;
    }

    /** The text from the start up to the end of the match (empty unless kept). */
    public String text() {
        if (kept == null) {
            return "";
        }
        return kept + line.substring(0, found == null ? line.length() : found.end());
    }

    /** Whether the kept text lost its beginning to the bound. */
    public boolean truncated() {
        return truncated;
    }

    private void keep(CharSequence text) {
        if (kept == null) {
            return;
        }
        kept.append(text);
        if (kept.length() > MAX_KEPT) {
            kept.delete(0, kept.length() - MAX_KEPT);
            truncated = true;
        }
    }
}
