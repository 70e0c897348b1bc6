package htty.wait;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code wait-for} looks for in a screen or a line of output: a substring, or a regular
 * expression ({@code ^} and {@code $} match at line ends). Matching runs on the daemon's apply
 * path, so a regular expression gets a bounded time per text: one that backtracks for longer fails
 * with {@link TooSlow} instead of holding up the log.
 */
public sealed interface TextPattern {

    /** A match: the matched text, and where it ends in the text searched. */
    record Found(String text, int end) {
    }

    /** The first match in {@code text}, or null. */
    Found find(CharSequence text);

    /** A substring to find; it may not be empty. */
    static TextPattern literal(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the text to wait for is empty");
        }
        return new Literal(text);
    }

    /** @throws java.util.regex.PatternSyntaxException when {@code regex} is not one */
    static TextPattern regex(String regex) {
        return new Regex(Pattern.compile(regex, Pattern.MULTILINE));
    }

    /** A substring. */
    record Literal(String text) implements TextPattern {
        @Override
        public Found find(CharSequence in) {
            int at = in.toString().indexOf(text);
            return at < 0 ? null : new Found(text, at + text.length());
        }
    }

    /** A regular expression. */
    record Regex(Pattern pattern) implements TextPattern {
        /** The longest one search may take. */
        static final long BUDGET_NANOS = 50_000_000;

        @Override
        public Found find(CharSequence in) {
            Matcher m = pattern.matcher(new Budgeted(in, System.nanoTime() + BUDGET_NANOS));
            return m.find() ? new Found(m.group(), m.end()) : null;
        }
    }

    /** A regular expression took longer than its budget on one text. */
    final class TooSlow extends RuntimeException {
        TooSlow() {
            super("the regular expression takes too long to match (over "
                    + Regex.BUDGET_NANOS / 1_000_000 + " ms on one text): make it simpler");
        }
    }

    /** A text that stops a search running past its deadline (checked every few thousand reads). */
    record Budgeted(CharSequence text, long deadline, int[] reads) implements CharSequence {
        Budgeted(CharSequence text, long deadline) {
            this(text, deadline, new int[1]);
        }

        @Override
        public char charAt(int index) {
            if ((++reads[0] & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.subSequence(start, end), deadline, reads);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
