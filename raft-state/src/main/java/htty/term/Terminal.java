package htty.term;

import htty.term.parser.Params;
import htty.term.parser.Parser;
import htty.term.parser.Performer;
import htty.term.parser.Utf8Decoder;
import htty.term.render.SgrEncoder;
import htty.term.render.Titles;
import htty.term.screen.Attrs;
import htty.term.screen.Grid;
import htty.term.screen.Line;
import htty.term.screen.Reflow;
import htty.term.unicode.CharWidth;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic terminal emulator: the xterm subset that shells, readline, less, vim and htop use,
 * interpreted as tmux 3.3 interprets it (tmux is our reference terminal in tests). Its state after a
 * byte stream is a pure function of that stream and the {@link TerminalConfig}: no clock, no
 * randomness, no JDK Unicode tables. Feeding it returns the replies for the program and the sanitized
 * stream for clients ({@link FeedResult}); {@link #state()} and {@link #fromState} expose everything it
 * holds for snapshots.
 *
 * <p>One convention from tmux: after a character is written in the last column with autowrap on,
 * the cursor column equals the width ("pending wrap"); the next printable character wraps first.
 */
public final class Terminal {
    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int TITLE_STACK_LIMIT = 10;

    private final TerminalConfig config;
    private final Parser parser;
    private final Replies replies = new Replies();
    private final ClientStream client = new ClientStream();

    private int cols;
    private int rows;
    private Grid primary;
    private Grid alternate;
    private int cx;
    private int cy;
    private int top;
    private int bottom;
    private int modes = Modes.INITIAL;
    private final Pen pen = new Pen();
    private final Charsets charsets = new Charsets();
    private final TabStops tabs;
    private SavedCursor savedPrimary;
    private SavedCursor savedAlternate;
    private String title = "";
    private final List<String> titleStack = new ArrayList<>();
    private int cursorStyle;
    private int lastPrinted = -1;
    private boolean joinNext;

    public Terminal(TerminalConfig config) {
        this.config = config;
        this.cols = config.cols();
        this.rows = config.rows();
        this.primary = new Grid(cols, rows, config.scrollback());
        this.bottom = rows - 1;
        this.tabs = new TabStops(cols);
        this.parser = new Parser(new Interpreter());
    }

    /** Feeds program output; returns the replies it asked for and the stream for clients. */
    public FeedResult feed(byte[] bytes, int offset, int length) {
        parser.feed(bytes, offset, length);
        return new FeedResult(replies.take(), client.take());
    }

    public FeedResult feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    // ---------------------------------------------------------------- reading the state

    public TerminalConfig config() {
        return config;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    /** The screen being shown: the alternate one while it is on, else the primary. */
    public Grid grid() {
        return alternate != null ? alternate : primary;
    }

    /** The primary screen, which has the history. */
    public Grid primary() {
        return primary;
    }

    public boolean alternateOn() {
        return alternate != null;
    }

    /** The cursor column, 0-based, within the screen (a pending wrap shows as the last column). */
    public int cursorX() {
        return Math.min(cx, cols - 1);
    }

    public int cursorY() {
        return cy;
    }

    /** Whether the next printable character wraps to the next line first. */
    public boolean pendingWrap() {
        return cx == cols;
    }

    public boolean mode(int bit) {
        return (modes & bit) != 0;
    }

    public int modes() {
        return modes;
    }

    public Pen pen() {
        return pen;
    }

    public String title() {
        return title;
    }

    /** What DECRC would restore on the screen being shown, or null if nothing was saved there. */
    public SavedCursor savedCursor() {
        return alternate != null ? savedAlternate : savedPrimary;
    }

    /** DECSCUSR's cursor style, 0 (default) to 6. */
    public int cursorStyle() {
        return cursorStyle;
    }

    /** The scroll region's first row, 0-based. */
    public int top() {
        return top;
    }

    /** The scroll region's last row, 0-based. */
    public int bottom() {
        return bottom;
    }

    /** Everything this terminal holds, for the snapshot codec; the grids are shared, not copied. */
    public TerminalState state() {
        boolean[] stops = new boolean[cols];
        for (int x = 0; x < cols; x++) {
            stops[x] = tabs.isStop(x);
        }
        return new TerminalState(config, cols, rows, primary, alternate, cx, cy, top, bottom, modes,
                pen.attrs, pen.underlineColor, charsets.g0, charsets.g1, charsets.shift, stops, savedPrimary,
                savedAlternate, title, List.copyOf(titleStack), cursorStyle, lastPrinted, joinNext,
                parser.snapshot());
    }

    /** A terminal holding exactly {@code s}, which it takes ownership of; rejects inconsistent states. */
    public static Terminal fromState(TerminalState s) {
        Terminal t = new Terminal(s.config());
        if (s.cols() < 1 || s.cols() > TerminalConfig.MAX_COLS || s.rows() < 1 || s.rows() > TerminalConfig.MAX_ROWS
                || s.primary().cols() != s.cols() || s.primary().rows() != s.rows()
                || (s.alternate() != null && (s.alternate().cols() != s.cols() || s.alternate().rows() != s.rows()))
                || s.cursorX() < 0 || s.cursorX() > s.cols() || s.cursorY() < 0 || s.cursorY() >= s.rows()
                || s.top() < 0 || s.top() >= s.bottom() && s.rows() > 1 || s.bottom() >= s.rows()
                || (s.modes() & ~Modes.ALL) != 0 || !Attrs.isValid(s.penAttrs())
                || s.tabStops().length != s.cols() || s.titleStack().size() > TITLE_STACK_LIMIT
                || s.cursorStyle() < 0 || s.cursorStyle() > 6
                || s.lastPrinted() < -1 || s.lastPrinted() > 0x10FFFF) {
            throw new IllegalArgumentException("inconsistent terminal state");
        }
        t.cols = s.cols();
        t.rows = s.rows();
        t.primary = s.primary();
        t.alternate = s.alternate();
        t.cx = s.cursorX();
        t.cy = s.cursorY();
        t.top = s.top();
        t.bottom = s.bottom();
        t.modes = s.modes();
        t.pen.set(s.penAttrs(), s.penUnderlineColor());
        t.charsets.restore(s.g0(), s.g1(), s.shift());
        t.tabs.restore(s.tabStops());
        t.savedPrimary = s.savedPrimary();
        t.savedAlternate = s.savedAlternate();
        t.title = s.title();
        t.titleStack.addAll(s.titleStack());
        t.cursorStyle = s.cursorStyle();
        t.lastPrinted = s.lastPrinted();
        t.joinNext = s.joinNext();
        t.parser.restore(s.parser());
        return t;
    }

    // ---------------------------------------------------------------- resize

    /**
     * Changes the size. The primary screen's soft-wrapped lines reflow to the new width and lines move
     * between the history and the screen as in tmux; the alternate screen is cut or padded.
     */
    public void resize(int newCols, int newRows) {
        TerminalConfig.checkSize(newCols, newRows);
        if (newCols == cols && newRows == rows) {
            return;
        }
        int cursorX = Math.min(cx, cols - 1);
        int[] cursor = Reflow.resize(primary, newCols, newRows, cursorX, alternate == null ? cy : -1);
        if (alternate != null) {
            Reflow.resize(alternate, newCols, newRows, cursorX, cy);
            // The primary screen's cursor is what the saved cursor restores; keep it within bounds.
            cursor = new int[] {Math.min(cursorX, newCols - 1), Math.min(cy, newRows - 1)};
        }
        cols = newCols;
        rows = newRows;
        savedPrimary = savedPrimary == null ? null : savedPrimary.clampedTo(cols, rows);
        savedAlternate = savedAlternate == null ? null : savedAlternate.clampedTo(cols, rows);
        cx = cursor[0];
        cy = cursor[1];
        top = 0;
        bottom = rows - 1;
        tabs.resize(cols);
    }

    // ---------------------------------------------------------------- what the parser drives

    private final class Interpreter implements Performer {
        @Override
        public void print(int codePoint) {
            Terminal.this.print(codePoint < 0x80 ? charsets.map(codePoint) : codePoint, true);
        }

        @Override
        public void printAscii(byte[] bytes, int from, int to) {
            Terminal.this.printAscii(bytes, from, to);
        }

        @Override
        public void execute(int control) {
            Terminal.this.execute(control);
            lastPrinted = -1;
        }

        @Override
        public void csiDispatch(int prefix, Params params, int intermediates, int finalByte) {
            Terminal.this.csi(prefix, params, intermediates, finalByte);
            lastPrinted = -1;
        }

        @Override
        public void escDispatch(int intermediates, int finalByte) {
            Terminal.this.esc(intermediates, finalByte);
            lastPrinted = -1;
        }

        @Override
        public void oscDispatch(byte[] payload, int length, boolean truncated, boolean bell) {
            if (!truncated) {
                Terminal.this.osc(payload, length, bell);
            }
        }

        @Override
        public void dcsDispatch(int prefix, Params params, int intermediates, int finalByte, byte[] payload,
                int length, boolean truncated) {
            if (!truncated && prefix == 0 && intermediates == '$' && finalByte == 'q') {
                requestSetting(new String(payload, 0, length, StandardCharsets.ISO_8859_1));
            } // other device control strings are dropped
        }
    }

    // ---------------------------------------------------------------- printing

    private long blank() {
        return Attrs.erased(pen.attrs);
    }

    private boolean autowrap() {
        return (modes & Modes.AUTOWRAP) != 0;
    }

    /** The fast path: printable ASCII with no character set mapping and no insert mode. */
    private void printAscii(byte[] bytes, int from, int to) {
        if (!charsets.isAscii() || (modes & Modes.INSERT) != 0 || joinNext) {
            for (int i = from; i < to; i++) {
                print(charsets.map(bytes[i]), true);
            }
            return;
        }
        Grid g = grid();
        int i = from;
        if (autowrap()) {
            while (i < to) {
                if (cx == cols) {
                    wrap();
                }
                int n = Math.min(to - i, cols - cx);
                g.line(cy).putAscii(cx, bytes, i, i + n, pen.attrs, pen.underlineColor);
                cx += n;
                i += n;
            }
        } else {
            if (cx == cols) {
                return; // autowrap went off during a pending wrap: nothing fits, as in tmux
            }
            // Without autowrap the cursor sticks in the last column and each further character replaces it.
            int n = Math.min(to - i, cols - cx);
            Line line = g.line(cy);
            line.putAscii(cx, bytes, i, i + n, pen.attrs, pen.underlineColor);
            cx += n;
            if (cx == cols) {
                cx = cols - 1;
                if (i + n < to) {
                    line.putAscii(cx, bytes, to - 1, to, pen.attrs, pen.underlineColor);
                }
            }
        }
        lastPrinted = bytes[to - 1];
        client.ascii(bytes, from, to);
    }

    /** Writes one character at the cursor, as tmux's screen_write_cell does. */
    private void print(int cp, boolean forward) {
        if (cp >= 0x80 && cp <= 0x9F) {
            return; // C1 controls encoded in UTF-8: neither shown nor obeyed
        }
        if (cp == ZERO_WIDTH_JOINER) {
            joinNext = combine(cp);
            if (joinNext && forward) {
                client.codePoint(cp);
            }
            return;
        }
        int width = CharWidth.of(cp);
        if (width == 0 || joinNext) {
            // Joined characters stay in the previous cell: they are not sent to clients, whose
            // terminals might give them a cell of their own and lose step with ours.
            boolean joined = joinNext;
            joinNext = false;
            if (combine(cp) && forward && !joined) {
                client.codePoint(cp);
            }
            return;
        }
        boolean wrap = autowrap();
        if (!wrap && width > 1 && (width > cols || (cx != cols && cx > cols - width))) {
            return; // does not fit and cannot wrap: dropped
        }
        Grid g = grid();
        if ((modes & Modes.INSERT) != 0 && cx < cols) {
            g.line(cy).insertCells(cx, width, Attrs.PLAIN);
        }
        if (wrap && cx > cols - width) {
            wrap();
        }
        if (cx > cols - width) {
            return; // wider than the screen, or autowrap went off during a pending wrap
        }
        g.line(cy).put(cx, cp, width, pen.attrs, pen.underlineColor);
        int last = wrap ? 0 : 1;
        cx = cx <= cols - last - width ? cx + width : cols - last;
        lastPrinted = cp;
        if (forward) {
            client.codePoint(cp);
        }
    }

    /** Adds a zero-width character to the cell left of the cursor; false if there is none. */
    private boolean combine(int cp) {
        Line line = grid().line(cy);
        int x = cx - 1;
        while (x >= 0 && line.charWord(x) == Line.TAIL) {
            x--;
        }
        return x >= 0 && line.addMark(x, cp);
    }

    /** The soft wrap before a character that does not fit: the line is marked as continuing. */
    private void wrap() {
        grid().line(cy).setWrapped(true);
        lineFeed(Attrs.PLAIN);
        cx = 0;
    }

    // ---------------------------------------------------------------- C0 controls

    private void execute(int c) {
        switch (c) {
            case 0x07 -> client.control(c); // BEL
            case 0x08 -> backspace();
            case 0x09 -> {
                tab(1);
                moveClientCursor();
            }
            case 0x0A, 0x0B, 0x0C -> {
                lineFeed(blank());
                client.control('\n');
                if ((modes & Modes.NEWLINE) != 0) {
                    cx = 0;
                    client.control('\r');
                }
            }
            case 0x0D -> {
                cx = 0;
                client.control('\r');
            }
            case 0x0E -> charsets.shift = 1; // SO
            case 0x0F -> charsets.shift = 0; // SI
            default -> { } // NUL, CAN, SUB and the rest do nothing
        }
        joinNext = false;
    }

    private void backspace() {
        boolean pending = cx == cols;
        if (cx == 0) {
            // Reverse wrap onto a soft-wrapped previous line, as tmux does.
            if (cy > 0 && grid().line(cy - 1).wrapped()) {
                cy--;
                cx = cols - 1;
                moveClientCursor();
            }
            return;
        }
        cx--;
        if (pending) {
            moveClientCursor(); // terminals disagree on BS after a pending wrap; say where we are
        } else {
            client.control(0x08);
        }
    }

    private void tab(int n) {
        for (int i = 0; i < n && cx < cols - 1; i++) {
            do {
                cx++;
            } while (cx < cols - 1 && !tabs.isStop(cx));
        }
    }

    private void backTab(int n) {
        cx = Math.min(cx, cols - 1);
        for (int i = 0; i < n && cx > 0; i++) {
            do {
                cx--;
            } while (cx > 0 && !tabs.isStop(cx));
        }
    }

    /** LF and IND: down one line, scrolling the region when at its bottom. */
    private void lineFeed(long blank) {
        if (cy == bottom) {
            grid().scrollUp(top, bottom, 1, blank, true);
        } else if (cy < rows - 1) {
            cy++;
        }
    }

    private void reverseIndex() {
        if (cy == top) {
            grid().scrollDown(top, bottom, 1, blank());
        } else if (cy > 0) {
            cy--;
        }
    }

    // ---------------------------------------------------------------- escape sequences

    private void esc(int intermediates, int f) {
        joinNext = false;
        if (intermediates == 0) {
            switch (f) {
                case '7' -> saveCursor();
                case '8' -> restoreCursor();
                case 'D' -> lineFeed(blank());
                case 'E' -> {
                    cx = 0;
                    lineFeed(blank());
                }
                case 'H' -> {
                    if (cx < cols) {
                        tabs.set(cx);
                    }
                    return; // clients do not need our tab stops: tabs reach them as cursor moves
                }
                case 'M' -> reverseIndex();
                case 'c' -> fullReset();
                case '=' -> modes |= Modes.KEYPAD;
                case '>' -> modes &= ~Modes.KEYPAD;
                default -> {
                    return; // ST and unknown finals
                }
            }
            client.esc(0, f);
        } else if (intermediates == '(' || intermediates == ')') {
            int set = Charsets.designation(f);
            if (intermediates == '(') {
                charsets.g0 = set;
            } else {
                charsets.g1 = set;
            }
        } else if (intermediates == '#' && f == '8') {
            alignmentTest();
            client.esc(intermediates, f);
        }
    }

    private void alignmentTest() {
        Grid g = grid();
        for (int y = 0; y < rows; y++) {
            Line line = g.line(y);
            line.reset(Attrs.PLAIN);
            for (int x = 0; x < cols; x++) {
                line.put(x, 'E', 1, Attrs.PLAIN, 0);
            }
        }
        cx = 0;
        cy = 0;
        top = 0;
        bottom = rows - 1;
    }

    private SavedCursor currentCursor() {
        return new SavedCursor(cx, cy, pen.attrs, pen.underlineColor, (modes & Modes.ORIGIN) != 0, charsets.g0,
                charsets.g1, charsets.shift);
    }

    private void saveCursor() {
        if (alternate != null) {
            savedAlternate = currentCursor();
        } else {
            savedPrimary = currentCursor();
        }
    }

    private void restoreCursor() {
        SavedCursor s = alternate != null ? savedAlternate : savedPrimary;
        if (s == null) {
            s = SavedCursor.HOME;
        }
        pen.set(s.attrs(), s.underlineColor());
        modes = s.origin() ? modes | Modes.ORIGIN : modes & ~Modes.ORIGIN;
        charsets.restore(s.g0(), s.g1(), s.shift());
        cx = Math.min(s.x(), cols - 1);
        cy = Math.min(s.y(), rows - 1);
    }

    private void fullReset() {
        alternate = null;
        savedPrimary = null;
        savedAlternate = null;
        modes = Modes.INITIAL;
        pen.reset();
        charsets.reset();
        tabs.reset();
        top = 0;
        bottom = rows - 1;
        title = "";
        titleStack.clear();
        cursorStyle = 0;
        clearScreen(Attrs.PLAIN);
        cx = 0;
        cy = 0;
    }

    // ---------------------------------------------------------------- control sequences

    private void csi(int prefix, Params p, int intermediates, int f) {
        joinNext = false;
        if (intermediates != 0) {
            csiWithIntermediate(prefix, p, intermediates, f);
            return;
        }
        if (prefix == '?') {
            switch (f) {
                case 'h' -> setDecModes(p, true);
                case 'l' -> setDecModes(p, false);
                case 'n' -> {
                    if (p.get(0) == 6) {
                        reportCursor(true);
                    }
                }
                case 'J' -> csi(0, p, 0, 'J'); // DECSED: we have no protected cells
                case 'K' -> csi(0, p, 0, 'K'); // DECSEL
                default -> { }
            }
            return;
        }
        if (prefix == '>') {
            if (f == 'c' && p.get(0, 0) == 0) {
                replies.secondaryAttributes();
            } else if (f == 'q' && p.get(0, 0) == 0) {
                replies.version();
            } // XTMODKEYS and the like are ignored
            return;
        }
        if (prefix != 0) {
            return;
        }
        switch (f) {
            case '@' -> insertChars(p.count(0));
            case 'A' -> moveUp(p.count(0));
            case 'B', 'e' -> moveDown(p.count(0));
            case 'C', 'a' -> moveRight(p.count(0));
            case 'D' -> moveLeft(p.count(0));
            case 'E' -> {
                cx = 0;
                moveDown(p.count(0));
            }
            case 'F' -> {
                cx = 0;
                moveUp(p.count(0));
            }
            case 'G', '`' -> moveTo(p.count(0) - 1, -1, true);
            case 'H', 'f' -> moveTo(p.count(1) - 1, p.count(0) - 1, true);
            case 'I' -> tab(p.count(0));
            case 'Z' -> backTab(p.count(0));
            case 'd' -> moveTo(-1, p.count(0) - 1, true);
            case 'J' -> eraseDisplay(p.get(0, 0), p.get(1, 0));
            case 'K' -> eraseLine(p.get(0, 0));
            case 'L' -> insertLines(p.count(0));
            case 'M' -> deleteLines(p.count(0));
            case 'P' -> deleteChars(p.count(0));
            case 'S' -> grid().scrollUp(top, bottom, Math.min(p.count(0), bottom - top + 1), blank(), true);
            case 'T' -> {
                if (p.size() > 1) {
                    return; // xterm's mouse highlight tracking, not scroll down
                }
                grid().scrollDown(top, bottom, Math.min(p.count(0), bottom - top + 1), blank());
            }
            case 'X' -> eraseChars(p.count(0));
            case 'b' -> repeat(p.count(0));
            case 'c' -> {
                if (p.get(0, 0) == 0) {
                    replies.primaryAttributes();
                }
            }
            case 'g' -> clearTabs(p.get(0, 0));
            case 'h' -> setAnsiModes(p, true);
            case 'l' -> setAnsiModes(p, false);
            case 'm' -> Sgr.apply(p, pen);
            case 'n' -> {
                if (p.get(0) == 5) {
                    replies.status();
                } else if (p.get(0) == 6) {
                    reportCursor(false);
                }
            }
            case 'r' -> setScrollRegion(p.count(0) - 1, p.get(1, rows) <= 0 ? rows - 1 : p.get(1, rows) - 1);
            case 's' -> saveCursor();
            case 'u' -> restoreCursor();
            case 't' -> windowOp(p);
            default -> { }
        }
        forwardCsi(p, f);
    }

    /** What a client's terminal gets for a plain CSI sequence we applied. */
    private void forwardCsi(Params p, int f) {
        switch (f) {
            case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'Z', 'a', 'd', 'e', 'f', '`' -> moveClientCursor();
            case '@', 'J', 'K', 'L', 'M', 'P', 'S', 'X', 'm', 'r', 's', 'u' -> client.csi(0, p, 0, f);
            case 'T' -> {
                if (p.size() <= 1) {
                    client.csi(0, p, 0, f);
                }
            }
            case 'h', 'l' -> forwardModes(0, p, f);
            case 't' -> {
                int op = p.get(0, 0);
                if (op == 22 || op == 23) {
                    client.csi(0, p, 0, f);
                }
            }
            default -> { } // queries, REP (its characters were forwarded), tab stops, unknown
        }
    }

    private void csiWithIntermediate(int prefix, Params p, int intermediates, int f) {
        if (prefix == 0 && intermediates == ' ' && f == 'q') {
            int style = p.get(0, 0);
            if (style <= 6) {
                cursorStyle = style;
                client.csi(0, p, intermediates, f);
            }
        } else if (prefix == 0 && intermediates == '!' && f == 'p') {
            softReset();
            client.csi(0, p, intermediates, f);
        } else if (intermediates == '$' && f == 'p' && (prefix == 0 || prefix == '?')) {
            reportMode(prefix == '?', p.get(0, 0));
        }
    }

    // Cursor movement, with tmux's clamping rules.

    private void moveUp(int n) {
        int limit = cy < top ? 0 : top;
        cy = Math.max(limit, cy - n);
        cx = Math.min(cx, cols - 1);
    }

    private void moveDown(int n) {
        int limit = cy > bottom ? rows - 1 : bottom;
        cy = Math.min(limit, cy + n);
        cx = Math.min(cx, cols - 1);
    }

    private void moveRight(int n) {
        if (cx < cols - 1) {
            cx = Math.min(cols - 1, cx + n);
        }
    }

    private void moveLeft(int n) {
        cx = Math.max(0, cx - n);
    }

    /** Moves to a column and row (either -1 to keep it), rows counted from the top margin in origin mode. */
    private void moveTo(int x, int y, boolean origin) {
        if (origin && y != -1 && (modes & Modes.ORIGIN) != 0) {
            y = y > bottom - top ? bottom : y + top;
        }
        if (x != -1) {
            cx = Math.min(x, cols - 1);
        }
        if (y != -1) {
            cy = Math.min(y, rows - 1);
        }
    }

    /** Tells clients the cursor's absolute position (after moves whose meaning terminals disagree on). */
    private void moveClientCursor() {
        int row = cy + 1;
        if ((modes & Modes.ORIGIN) != 0) {
            row -= top;
        }
        client.cursorPosition(row, Math.min(cx, cols - 1) + 1);
    }

    // Editing.

    private void insertChars(int n) {
        if (cx < cols) {
            grid().line(cy).insertCells(cx, Math.min(n, cols - cx), blank());
        }
    }

    private void deleteChars(int n) {
        if (cx < cols) {
            grid().line(cy).deleteCells(cx, Math.min(n, cols - cx), blank());
        }
    }

    private void eraseChars(int n) {
        if (cx < cols) {
            grid().line(cy).erase(cx, Math.min(cols, cx + n), blank());
        }
    }

    private void insertLines(int n) {
        if (cy < top || cy > bottom) {
            grid().scrollDown(cy, rows - 1, Math.min(n, rows - cy), blank());
        } else {
            grid().scrollDown(cy, bottom, Math.min(n, bottom + 1 - cy), blank());
        }
    }

    private void deleteLines(int n) {
        if (cy < top || cy > bottom) {
            grid().scrollUp(cy, rows - 1, Math.min(n, rows - cy), blank(), false);
        } else {
            grid().scrollUp(cy, bottom, Math.min(n, bottom + 1 - cy), blank(), false);
        }
    }

    private void eraseLine(int how) {
        Line line = grid().line(cy);
        switch (how) {
            case 0 -> {
                if (cx < cols) {
                    line.erase(cx, cols, blank());
                }
            }
            case 1 -> line.erase(0, Math.min(cx + 1, cols), blank());
            case 2 -> line.erase(0, cols, blank());
            default -> { }
        }
    }

    private void eraseDisplay(int how, int second) {
        Grid g = grid();
        long blank = blank();
        switch (how) {
            case 0 -> {
                if (cx == 0 && cy == 0 && alternate == null) {
                    clearScreen(blank); // tmux keeps the cleared screen in the history
                    return;
                }
                if (cx < cols) {
                    g.line(cy).erase(cx, cols, blank);
                }
                for (int y = cy + 1; y < rows; y++) {
                    g.line(y).reset(blank);
                }
            }
            case 1 -> {
                for (int y = 0; y < cy; y++) {
                    g.line(y).reset(blank);
                }
                g.line(cy).erase(0, Math.min(cx + 1, cols), blank);
            }
            case 2 -> clearScreen(blank);
            case 3 -> {
                if (second == 0) {
                    primary.history().clear();
                }
            }
            default -> { }
        }
    }

    /**
     * Clears the screen. On the primary screen the lines in use first scroll into the history, as
     * tmux's default {@code scroll-on-clear} does, so that a cleared screen can still be scrolled back to.
     */
    private void clearScreen(long blank) {
        Grid g = grid();
        if (alternate == null) {
            int used = 0;
            for (int y = 0; y < rows; y++) {
                if (g.line(y).usedLength() > 0) {
                    used = y + 1;
                }
            }
            if (used > 0) {
                g.scrollUp(0, rows - 1, used, blank, true);
                g.history().markCleared();
            }
        }
        for (int y = 0; y < rows; y++) {
            g.line(y).reset(blank);
        }
    }

    private void repeat(int n) {
        if (lastPrinted < 0) {
            return;
        }
        int cp = lastPrinted;
        n = Math.min(n, cols - cx);
        for (int i = 0; i < n; i++) {
            print(cp, true);
        }
    }

    private void clearTabs(int how) {
        if (how == 0 && cx < cols) {
            tabs.clear(cx);
        } else if (how == 3) {
            tabs.clearAll();
        }
    }

    private void setScrollRegion(int newTop, int newBottom) {
        newTop = Math.min(newTop, rows - 1);
        newBottom = Math.min(newBottom, rows - 1);
        if (newTop >= newBottom) {
            return;
        }
        top = newTop;
        bottom = newBottom;
        cx = 0;
        cy = 0;
    }

    private void windowOp(Params p) {
        int op = p.get(0, 0);
        int which = p.get(1, 0);
        if (which != 0 && which != 2) {
            return; // icon names are not kept
        }
        if (op == 22) {
            if (titleStack.size() == TITLE_STACK_LIMIT) {
                titleStack.remove(0);
            }
            titleStack.add(title);
        } else if (op == 23 && !titleStack.isEmpty()) {
            title = titleStack.remove(titleStack.size() - 1);
        } // size reports and resize requests are ignored
    }

    private void softReset() {
        modes = (modes & ~(Modes.INSERT | Modes.ORIGIN | Modes.CURSOR_KEYS | Modes.KEYPAD)) | Modes.CURSOR_VISIBLE;
        pen.reset();
        charsets.reset();
        top = 0;
        bottom = rows - 1;
        if (alternate != null) {
            savedAlternate = null;
        } else {
            savedPrimary = null;
        }
    }

    // Modes.

    private void setAnsiModes(Params p, boolean on) {
        for (int i = 0; i < p.size(); i = p.nextGroup(i)) {
            int bit = Modes.ansi(p.get(i));
            modes = on ? modes | bit : modes & ~bit;
        }
    }

    private void setDecModes(Params p, boolean on) {
        for (int i = 0; i < p.size(); i = p.nextGroup(i)) {
            int mode = p.get(i);
            if (Modes.isScreenAction(mode)) {
                screenAction(mode, on);
                continue;
            }
            int bit = Modes.dec(mode);
            if (on && (bit & Modes.MOUSE_TRACKING) != 0) {
                modes &= ~Modes.MOUSE_TRACKING;
            }
            modes = on ? modes | bit : modes & ~bit;
            if (bit == Modes.ORIGIN) {
                moveTo(0, 0, true);
            }
        }
        forwardModes('?', p, on ? 'h' : 'l');
    }

    /** Forwards the modes of a set/reset that we keep, dropping the others. */
    private void forwardModes(int prefix, Params p, int f) {
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < p.size(); i = p.nextGroup(i)) {
            int mode = p.get(i);
            boolean known = prefix == '?' ? Modes.dec(mode) != 0 || Modes.isScreenAction(mode) : Modes.ansi(mode) != 0;
            if (known) {
                kept.append(kept.isEmpty() ? "" : ";").append(mode);
            }
        }
        if (!kept.isEmpty()) {
            client.csi(prefix, kept, 0, f);
        }
    }

    /** The alternate screen (47, 1047, 1049) and cursor saving (1048), as tmux treats them. */
    private void screenAction(int mode, boolean on) {
        if (mode == 1048) {
            if (on) {
                saveCursor();
            } else {
                restoreCursor();
            }
            return;
        }
        if (on && alternate == null) {
            if (mode == 1049) {
                saveCursor();
            }
            alternate = new Grid(cols, rows, 0);
            savedAlternate = null;
        } else if (!on && alternate != null) {
            alternate = null;
            if (mode == 1049) {
                restoreCursor();
            }
            cx = Math.min(cx, cols - 1);
        }
    }

    // ---------------------------------------------------------------- strings

    private void osc(byte[] payload, int length, boolean bell) {
        int semicolon = 0;
        int number = 0;
        while (semicolon < length && payload[semicolon] >= '0' && payload[semicolon] <= '9' && number < 100_000) {
            number = number * 10 + payload[semicolon] - '0';
            semicolon++;
        }
        if (semicolon == 0 || (semicolon < length && payload[semicolon] != ';')) {
            return;
        }
        int start = Math.min(length, semicolon + 1);
        switch (number) {
            case 0, 2 -> {
                title = Utf8Decoder.decode(payload, start, length); // our decoder, not the JDK's: every replica agrees
                byte[] printable = (number + ";" + Titles.printable(title)).getBytes(StandardCharsets.UTF_8);
                client.osc(printable, printable.length);
            }
            case 10, 11, 12 -> {
                if (length - start == 1 && payload[start] == '?') {
                    String spec = number == 10 ? Replies.FOREGROUND
                            : number == 11 ? Replies.BACKGROUND : Replies.CURSOR;
                    replies.color(number, spec, bell);
                }
            }
            case 52 -> {
                boolean query = length > start && payload[length - 1] == '?';
                if (config.allowClipboard() && !query) {
                    client.osc(payload, length);
                }
            }
            default -> { } // icon names, palettes, hyperlinks, working directory, notifications: dropped
        }
    }

    // ---------------------------------------------------------------- replies

    private void reportCursor(boolean decPrivate) {
        int row = cy + 1;
        if ((modes & Modes.ORIGIN) != 0) {
            row -= top;
        }
        replies.cursorPosition(decPrivate, row, Math.min(cx, cols - 1) + 1);
    }

    private void reportMode(boolean decPrivate, int mode) {
        int state;
        if (decPrivate && (mode == 47 || mode == 1047 || mode == 1049)) {
            state = alternate != null ? 1 : 2;
        } else {
            int bit = decPrivate ? Modes.dec(mode) : Modes.ansi(mode);
            state = bit == 0 ? 0 : (modes & bit) != 0 ? 1 : 2;
        }
        replies.mode(decPrivate, mode, state);
    }

    /** DECRQSS: reports the setting a control function name (the DCS payload) selects. */
    private void requestSetting(String name) {
        String value = switch (name) {
            case "m" -> sgrSetting() + "m";
            case "r" -> (top + 1) + ";" + (bottom + 1) + "r";
            case " q" -> cursorStyle + " q";
            case "\"q" -> "0\"q";
            case "\"p" -> "62;1\"p";
            default -> null;
        };
        replies.setting(value);
    }

    private String sgrSetting() {
        StringBuilder s = new StringBuilder("0");
        SgrEncoder.appendParameters(s, pen.attrs, pen.underlineColor);
        return s.toString();
    }
}
