package htty.term;

/**
 * The terminal modes we keep, as bits of an int, and the mode numbers that set them (ANSI modes with
 * {@code CSI Pn h}, DEC private modes with {@code CSI ? Pn h}). The alternate screen (47, 1047, 1049)
 * and cursor save (1048) are actions rather than bits and are handled by the terminal.
 */
public final class Modes {
    public static final int INSERT = 1;              // ANSI 4, IRM
    public static final int NEWLINE = 1 << 1;        // ANSI 20, LNM: LF also returns the carriage
    public static final int CURSOR_KEYS = 1 << 2;    // ?1, DECCKM: application cursor keys
    public static final int ORIGIN = 1 << 3;         // ?6, DECOM
    public static final int AUTOWRAP = 1 << 4;       // ?7, DECAWM
    public static final int CURSOR_BLINK = 1 << 5;   // ?12
    public static final int CURSOR_VISIBLE = 1 << 6; // ?25, DECTCEM
    public static final int KEYPAD = 1 << 7;        // ?66 DECNKM, or ESC = / ESC >
    public static final int MOUSE_STANDARD = 1 << 8; // ?1000
    public static final int MOUSE_BUTTON = 1 << 9;   // ?1002
    public static final int MOUSE_ANY = 1 << 10;     // ?1003
    public static final int FOCUS = 1 << 11;         // ?1004
    public static final int MOUSE_UTF8 = 1 << 12;    // ?1005
    public static final int MOUSE_SGR = 1 << 13;     // ?1006
    public static final int MOUSE_URXVT = 1 << 14;   // ?1015
    public static final int BRACKETED_PASTE = 1 << 15; // ?2004
    public static final int SYNCHRONIZED = 1 << 16;  // ?2026, kept as a flag only
    /** The three mouse tracking modes: setting one clears the others, as in xterm and tmux. */
    public static final int MOUSE_TRACKING = MOUSE_STANDARD | MOUSE_BUTTON | MOUSE_ANY;
    /** Every bit defined here (decoders reject others). */
    public static final int ALL = (1 << 17) - 1;
    /** The modes of a terminal after power-on or RIS. */
    public static final int INITIAL = AUTOWRAP | CURSOR_VISIBLE;

    private Modes() {
    }

    /** The bit of an ANSI mode number, or 0 if we do not keep it. */
    public static int ansi(int mode) {
        return switch (mode) {
            case 4 -> INSERT;
            case 20 -> NEWLINE;
            default -> 0;
        };
    }

    /** The bit of a DEC private mode number, or 0 if we do not keep it (or it is an action). */
    public static int dec(int mode) {
        return switch (mode) {
            case 1 -> CURSOR_KEYS;
            case 6 -> ORIGIN;
            case 7 -> AUTOWRAP;
            case 12 -> CURSOR_BLINK;
            case 25 -> CURSOR_VISIBLE;
            case 66 -> KEYPAD;
            case 1000 -> MOUSE_STANDARD;
            case 1002 -> MOUSE_BUTTON;
            case 1003 -> MOUSE_ANY;
            case 1004 -> FOCUS;
            case 1005 -> MOUSE_UTF8;
            case 1006 -> MOUSE_SGR;
            case 1015 -> MOUSE_URXVT;
            case 2004 -> BRACKETED_PASTE;
            case 2026 -> SYNCHRONIZED;
            default -> 0;
        };
    }

    /** Whether a DEC private mode number switches screens or saves the cursor. */
    public static boolean isScreenAction(int mode) {
        return mode == 47 || mode == 1047 || mode == 1048 || mode == 1049;
    }
}
