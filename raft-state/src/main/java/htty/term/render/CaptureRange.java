package htty.term.render;

/**
 * Which lines to capture, numbered as tmux's {@code capture-pane -S/-E} numbers them: 0 is the first
 * visible line, negative numbers reach back into the history (-1 is its newest line).
 *
 * @param start the first line, or {@link #HISTORY_START} for the oldest line of the history
 * @param end the last line, or {@link #SCREEN_END} for the last visible line
 */
public record CaptureRange(int start, int end) {
    public static final int HISTORY_START = Integer.MIN_VALUE;
    public static final int SCREEN_END = Integer.MAX_VALUE;
    /** The visible screen, as capture prints by default. */
    public static final CaptureRange SCREEN = new CaptureRange(0, SCREEN_END);
}
