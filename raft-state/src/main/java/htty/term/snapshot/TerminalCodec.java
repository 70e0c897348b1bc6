package htty.term.snapshot;

import htty.term.Modes;
import htty.term.SavedCursor;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.TerminalState;
import htty.term.parser.Params;
import htty.term.parser.Parser;
import htty.term.record.RecordFormatException;
import htty.term.record.RecordReader;
import htty.term.record.RecordWriter;
import htty.term.screen.Attrs;
import htty.term.screen.Color;
import htty.term.screen.Grid;
import htty.term.screen.History;
import htty.term.screen.Line;
import htty.term.screen.LineCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole emulator as a versioned snapshot record, and back: screens, history, cursor, pen, modes,
 * character sets, tab stops, margins, saved cursors, titles, and the parser mid-sequence with its
 * partial UTF-8. Encoding is canonical (equal states give equal bytes), which is what makes
 * {@link StateDigest} meaningful. Cells are stored compactly: characters as varints, renditions and
 * underline colours run-length encoded, combining marks sparsely.
 */
public final class TerminalCodec {
    /** The record's first bytes: "HTTYTERM". */
    static final byte[] MAGIC = {'H', 'T', 'T', 'Y', 'T', 'E', 'R', 'M'};
    /** The format version written; decoders refuse others. */
    public static final int VERSION = 1;
    private static final int TITLE_LIMIT = Parser.OSC_LIMIT;

    private TerminalCodec() {
    }

    public static byte[] encode(Terminal terminal) {
        TerminalState s = terminal.state();
        RecordWriter w = new RecordWriter();
        for (byte b : MAGIC) {
            w.byte1(b);
        }
        w.varint(VERSION);
        TerminalConfig c = s.config();
        w.varint(c.cols());
        w.varint(c.rows());
        w.varint(c.scrollback());
        w.bool(c.allowClipboard());
        w.varint(s.cols());
        w.varint(s.rows());
        w.varint(s.cursorX());
        w.varint(s.cursorY());
        w.varint(s.top());
        w.varint(s.bottom());
        w.varint(s.modes());
        w.long8(s.penAttrs());
        w.int4(s.penUnderlineColor());
        w.byte1(s.g0());
        w.byte1(s.g1());
        w.byte1(s.shift());
        for (boolean stop : s.tabStops()) {
            w.bool(stop);
        }
        writeSaved(w, s.savedPrimary());
        writeSaved(w, s.savedAlternate());
        w.string(s.title());
        w.varint(s.titleStack().size());
        for (String t : s.titleStack()) {
            w.string(t);
        }
        w.varint(s.cursorStyle());
        w.int4(s.lastPrinted());
        w.bool(s.joinNext());
        writeParser(w, s.parser());
        writeGrid(w, s.primary());
        w.bool(s.alternate() != null);
        if (s.alternate() != null) {
            writeGrid(w, s.alternate());
        }
        return w.toByteArray();
    }

    public static Terminal decode(byte[] record) throws SnapshotFormatException {
        try {
            return read(new RecordReader(record));
        } catch (RecordFormatException e) {
            throw new SnapshotFormatException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("inconsistent terminal snapshot: " + e.getMessage(), e);
        }
    }

    private static Terminal read(RecordReader r) throws RecordFormatException {
        for (byte b : MAGIC) {
            if (r.byte1() != b) {
                throw new RecordFormatException("not a terminal snapshot (bad magic)");
            }
        }
        int version = r.varint();
        if (version != VERSION) {
            throw new RecordFormatException("terminal snapshot version " + version + " is not supported (only "
                    + VERSION + ")");
        }
        TerminalConfig config = new TerminalConfig(r.varint("configured columns", 1, TerminalConfig.MAX_COLS),
                r.varint("configured rows", 1, TerminalConfig.MAX_ROWS),
                r.varint("scrollback", 0, TerminalConfig.MAX_SCROLLBACK), r.bool());
        int cols = r.varint("columns", 1, TerminalConfig.MAX_COLS);
        int rows = r.varint("rows", 1, TerminalConfig.MAX_ROWS);
        int cursorX = r.varint("cursor column", 0, cols);
        int cursorY = r.varint("cursor row", 0, rows - 1);
        int top = r.varint("top margin", 0, rows - 1);
        int bottom = r.varint("bottom margin", 0, rows - 1);
        int modes = r.varint("modes", 0, Modes.ALL);
        long penAttrs = r.long8();
        int penUnderline = r.int4();
        if (!Attrs.isValid(penAttrs) || !Color.isValid(penUnderline)) {
            throw new RecordFormatException("invalid pen");
        }
        int g0 = r.byte1();
        int g1 = r.byte1();
        int shift = r.byte1();
        boolean[] tabs = new boolean[cols];
        for (int x = 0; x < cols; x++) {
            tabs[x] = r.bool();
        }
        SavedCursor savedPrimary = readSaved(r, cols, rows);
        SavedCursor savedAlternate = readSaved(r, cols, rows);
        String title = r.string("title", TITLE_LIMIT);
        int stackSize = r.varint("title stack size", 0, 10);
        List<String> stack = new ArrayList<>(stackSize);
        for (int i = 0; i < stackSize; i++) {
            stack.add(r.string("stacked title", TITLE_LIMIT));
        }
        int cursorStyle = r.varint("cursor style", 0, 6);
        int lastPrinted = r.int4();
        boolean joinNext = r.bool();
        Parser.Snapshot parser = readParser(r);
        Grid primary = readGrid(r, cols, rows, config.scrollback());
        Grid alternate = r.bool() ? readGrid(r, cols, rows, 0) : null;
        if (r.remaining() != 0) {
            throw new RecordFormatException(r.remaining() + " unexpected bytes after the snapshot");
        }
        return Terminal.fromState(new TerminalState(config, cols, rows, primary, alternate, cursorX, cursorY, top,
                bottom, modes, penAttrs, penUnderline, g0, g1, shift, tabs, savedPrimary, savedAlternate, title,
                stack, cursorStyle, lastPrinted, joinNext, parser));
    }

    private static void writeSaved(RecordWriter w, SavedCursor s) {
        w.bool(s != null);
        if (s != null) {
            w.varint(s.x());
            w.varint(s.y());
            w.long8(s.attrs());
            w.int4(s.underlineColor());
            w.bool(s.origin());
            w.byte1(s.g0());
            w.byte1(s.g1());
            w.byte1(s.shift());
        }
    }

    private static SavedCursor readSaved(RecordReader r, int cols, int rows) throws RecordFormatException {
        if (!r.bool()) {
            return null;
        }
        SavedCursor s = new SavedCursor(r.varint("saved column", 0, cols), r.varint("saved row", 0, rows - 1),
                r.long8(), r.int4(), r.bool(), r.varint("saved G0", 0, 1), r.varint("saved G1", 0, 1),
                r.varint("saved shift", 0, 1));
        if (!Attrs.isValid(s.attrs()) || !Color.isValid(s.underlineColor())) {
            throw new RecordFormatException("invalid saved rendition");
        }
        return s;
    }

    private static void writeParser(RecordWriter w, Parser.Snapshot p) {
        w.varint(p.state().ordinal());
        w.varint(p.prefix());
        w.varint(p.intermediates());
        w.varint(p.intermediateCount());
        w.bool(p.intermediateOverflow());
        w.varint(p.finalByte());
        w.varint(p.params().length);
        for (int v : p.params()) {
            w.int4(v);
        }
        w.long8(p.paramSubMask());
        w.bool(p.paramOverflow());
        w.bytes(p.osc());
        w.bool(p.oscTruncated());
        w.bytes(p.dcs());
        w.bool(p.dcsTruncated());
        for (int v : p.utf8()) {
            w.int4(v);
        }
    }

    private static Parser.Snapshot readParser(RecordReader r) throws RecordFormatException {
        Parser.State state = Parser.stateOf(r.varint("parser state", 0, Parser.State.values().length - 1));
        int prefix = r.varint("parser prefix", 0, 0x3F);
        int intermediates = r.varint("intermediates", 0, 0x2F2F);
        int intermediateCount = r.varint("intermediate count", 0, 2);
        boolean intermediateOverflow = r.bool();
        int finalByte = r.varint("final byte", 0, 0x7E);
        int[] params = new int[r.varint("parameter count", 0, Params.MAX)];
        for (int i = 0; i < params.length; i++) {
            params[i] = r.int4();
            if (params[i] < Params.DEFAULT || params[i] > 65_535) {
                throw new RecordFormatException("parameter " + params[i] + " out of range");
            }
        }
        long subMask = r.long8();
        boolean paramOverflow = r.bool();
        byte[] osc = r.bytes("OSC payload", Parser.OSC_LIMIT);
        boolean oscTruncated = r.bool();
        byte[] dcs = r.bytes("DCS payload", Parser.DCS_LIMIT);
        boolean dcsTruncated = r.bool();
        int[] utf8 = {r.int4(), r.int4(), r.int4(), r.int4()};
        return new Parser.Snapshot(state, prefix, intermediates, intermediateCount, intermediateOverflow, finalByte,
                params, subMask, paramOverflow, osc, oscTruncated, dcs, dcsTruncated, utf8);
    }

    private static void writeGrid(RecordWriter w, Grid g) {
        History h = g.history();
        w.varint(h.size());
        w.varint(h.scrolled());
        for (int i = 0; i < h.size(); i++) {
            w.bytes(h.encoded(i));
        }
        for (int y = 0; y < g.rows(); y++) {
            LineCodec.write(w, g.line(y));
        }
    }

    private static Grid readGrid(RecordReader r, int cols, int rows, int historyLimit) throws RecordFormatException {
        int historySize = r.varint("history size", 0, historyLimit);
        int scrolled = r.varint("scrolled history", 0, historySize);
        Grid g = new Grid(cols, rows, historyLimit);
        for (int i = 0; i < historySize; i++) {
            g.history().pushRecord(r.bytes("history line", 1 << 20), TerminalConfig.MAX_COLS);
        }
        g.history().setScrolled(scrolled);
        for (int y = 0; y < rows; y++) {
            Line line = LineCodec.read(r, cols);
            if (line.cols() != cols) {
                throw new RecordFormatException("screen line of " + line.cols() + " columns in a screen of " + cols);
            }
            g.setLine(y, line);
        }
        return g;
    }
}
