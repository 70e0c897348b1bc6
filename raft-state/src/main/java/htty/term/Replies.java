package htty.term;

/**
 * Answers to a program's queries, written for its PTY. The answers are fixed or computed from the
 * emulator's state alone, so every replica gives the same ones. They describe an xterm-compatible
 * VT220-class terminal, as tmux does.
 */
final class Replies {
    /** XTVERSION's name and version. */
    static final String NAME = "htty(0.1)";
    /** The colours OSC 10/11/12 queries report: light grey on black, as xterm's defaults read. */
    static final String FOREGROUND = "rgb:c0c0/c0c0/c0c0";
    static final String BACKGROUND = "rgb:0000/0000/0000";
    static final String CURSOR = "rgb:c0c0/c0c0/c0c0";

    private final Bytes out = new Bytes();

    void primaryAttributes() {
        out.addAscii("\033[?62;22c"); // VT220 with ANSI colour
    }

    void secondaryAttributes() {
        out.addAscii("\033[>1;10;0c");
    }

    void version() {
        out.addAscii("\033P>|" + NAME + "\033\\");
    }

    void status() {
        out.addAscii("\033[0n");
    }

    void cursorPosition(boolean decPrivate, int row, int col) {
        out.addAscii("\033[" + (decPrivate ? "?" : "") + row + ";" + col + "R");
    }

    /** DECRPM: state 1 set, 2 reset, 0 not recognised. */
    void mode(boolean decPrivate, int mode, int state) {
        out.addAscii("\033[" + (decPrivate ? "?" : "") + mode + ";" + state + "$y");
    }

    void color(int which, String spec, boolean bell) {
        out.addAscii("\033]" + which + ";" + spec + (bell ? "\007" : "\033\\"));
    }

    /** DECRPSS: a valid setting's value, or the "invalid request" answer when {@code value} is null. */
    void setting(String value) {
        out.addAscii(value == null ? "\033P0$r\033\\" : "\033P1$r" + value + "\033\\");
    }

    byte[] take() {
        return out.take();
    }
}
