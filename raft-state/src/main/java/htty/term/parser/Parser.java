package htty.term.parser;

import java.util.Arrays;

/**
 * Paul Williams' state machine for DEC ANSI-compatible terminals (vt100.net/emu/dec_ansi_parser),
 * fed with bytes, 7-bit controls only, with UTF-8 text in the ground state and two extensions that
 * modern programs rely on: {@code :} sub-parameters in control sequences, and BEL as an OSC terminator.
 *
 * <p>All of its state, the partial UTF-8 character included, lives in this object, so input may be
 * split anywhere and the state can be saved and restored exactly. Every buffer is bounded: parameters
 * ({@link Params#MAX}), intermediates (two), OSC payloads ({@link #OSC_LIMIT}) and DCS payloads
 * ({@link #DCS_LIMIT}); what exceeds a bound is dropped and the dispatch says so.
 */
public final class Parser {
    /** Bound on an OSC payload in bytes. */
    public static final int OSC_LIMIT = 16 * 1024;
    /** Bound on a DCS payload in bytes. */
    public static final int DCS_LIMIT = 4 * 1024;

    /** The states of the machine, named as in Williams' diagram. */
    public enum State {
        GROUND, ESCAPE, ESCAPE_INTERMEDIATE,
        CSI_ENTRY, CSI_PARAM, CSI_INTERMEDIATE, CSI_IGNORE,
        DCS_ENTRY, DCS_PARAM, DCS_INTERMEDIATE, DCS_PASSTHROUGH, DCS_IGNORE,
        OSC_STRING, SOS_PM_APC_STRING
    }

    private static final int BEL = 0x07;
    private static final int CAN = 0x18;
    private static final int SUB = 0x1A;
    private static final int ESC = 0x1B;
    private static final int DEL = 0x7F;
    private static final State[] STATES = State.values();

    private final Performer performer;
    private final Utf8Decoder utf8 = new Utf8Decoder();
    private final Params params = new Params();
    private State state = State.GROUND;
    private int prefix;
    private int intermediates;
    private int intermediateCount;
    /** Set when a sequence had more intermediates than we keep: it is then not dispatched. */
    private boolean intermediateOverflow;
    private int finalByte;
    private final byte[] osc = new byte[OSC_LIMIT];
    private int oscLength;
    private boolean oscTruncated;
    private final byte[] dcs = new byte[DCS_LIMIT];
    private int dcsLength;
    private boolean dcsTruncated;

    public Parser(Performer performer) {
        this.performer = performer;
    }

    /** Feeds bytes; the performer is called for everything they complete. */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int b = bytes[i] & 0xFF;
            if (state == State.GROUND && b >= 0x20 && b < DEL && !utf8.inProgress()) {
                int runEnd = i + 1;
                while (runEnd < end) {
                    int c = bytes[runEnd];
                    if (c < 0x20 || c >= DEL) {
                        break;
                    }
                    runEnd++;
                }
                performer.printAscii(bytes, i, runEnd);
                i = runEnd;
                continue;
            }
            if (state == State.CSI_PARAM && (b >= '0' && b <= '9' || b == ';' || b == ':')) {
                // The bulk of SGR-heavy output: parameters, taken in a tight loop.
                int c = b;
                do {
                    if (c <= '9') {
                        params.digit(c - '0');
                    } else {
                        params.next(c == ':');
                    }
                    c = ++i < end ? bytes[i] & 0xFF : -1;
                } while (c >= '0' && c <= '9' || c == ';' || c == ':');
                continue;
            }
            advance(b);
            i++;
        }
    }

    /** Feeds a whole array. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    private void advance(int b) {
        if (state == State.GROUND) {
            ground(b);
            return;
        }
        if (b == CAN || b == SUB) {
            performer.execute(b);
            state = State.GROUND; // aborts whatever was in progress, strings included
            return;
        }
        if (b == ESC) {
            leaveString(false);
            enterEscape();
            return;
        }
        switch (state) {
            case ESCAPE -> escape(b);
            case ESCAPE_INTERMEDIATE -> escapeIntermediate(b);
            case CSI_ENTRY -> csiEntry(b);
            case CSI_PARAM -> csiParam(b);
            case CSI_INTERMEDIATE -> csiIntermediate(b);
            case CSI_IGNORE -> csiIgnore(b);
            case DCS_ENTRY, DCS_PARAM, DCS_INTERMEDIATE -> dcsHead(b);
            case DCS_PASSTHROUGH -> dcsPassthrough(b);
            case OSC_STRING -> oscString(b);
            case DCS_IGNORE, SOS_PM_APC_STRING -> { } // swallowed until ESC, CAN or SUB
            case GROUND -> throw new AssertionError();
        }
    }

    private void ground(int b) {
        if (utf8.inProgress() && b < 0x80) {
            utf8.reset();
            performer.print(Utf8Decoder.REPLACEMENT);
        }
        if (b >= 0x80) {
            int cp = utf8.accept(b);
            if (cp == Utf8Decoder.REPLACE_AND_RETRY) {
                performer.print(Utf8Decoder.REPLACEMENT);
                cp = utf8.accept(b);
            }
            if (cp >= 0) {
                performer.print(cp);
            }
        } else if (b == ESC) {
            enterEscape();
        } else if (b < 0x20) {
            performer.execute(b);
        } else if (b != DEL) {
            performer.print(b);
        }
    }

    /** C0 controls inside a sequence are executed on the spot, as on a real VT; DEL is ignored. */
    private static boolean isExecutable(int b) {
        return b < 0x20;
    }

    private void enterEscape() {
        state = State.ESCAPE;
        clearSequence();
    }

    private void clearSequence() {
        prefix = 0;
        intermediates = 0;
        intermediateCount = 0;
        intermediateOverflow = false;
        params.clear();
    }

    private void collect(int b) {
        if (intermediateCount == 2) {
            intermediateOverflow = true;
            return;
        }
        intermediates = (intermediates << 8) | b;
        intermediateCount++;
    }

    private void escape(int b) {
        if (isExecutable(b)) {
            performer.execute(b);
        } else if (b >= 0x20 && b <= 0x2F) {
            collect(b);
            state = State.ESCAPE_INTERMEDIATE;
        } else if (b == '[') {
            state = State.CSI_ENTRY;
        } else if (b == ']') {
            oscLength = 0;
            oscTruncated = false;
            state = State.OSC_STRING;
        } else if (b == 'P') {
            state = State.DCS_ENTRY;
        } else if (b == 'X' || b == '^' || b == '_') {
            state = State.SOS_PM_APC_STRING;
        } else if (b >= 0x30 && b <= 0x7E) {
            state = State.GROUND;
            performer.escDispatch(0, b);
        } // DEL and bytes >= 0x80 are ignored
    }

    private void escapeIntermediate(int b) {
        if (isExecutable(b)) {
            performer.execute(b);
        } else if (b >= 0x20 && b <= 0x2F) {
            collect(b);
        } else if (b >= 0x30 && b <= 0x7E) {
            state = State.GROUND;
            if (!intermediateOverflow) {
                performer.escDispatch(intermediates, b);
            }
        }
    }

    private void csiEntry(int b) {
        if (b >= 0x3C && b <= 0x3F) {
            prefix = b;
            state = State.CSI_PARAM;
        } else {
            csiParam(b);
        }
    }

    private void csiParam(int b) {
        if (isExecutable(b)) {
            performer.execute(b);
        } else if (b >= '0' && b <= '9') {
            params.digit(b - '0');
            state = State.CSI_PARAM;
        } else if (b == ';' || b == ':') {
            params.next(b == ':');
            state = State.CSI_PARAM;
        } else if (b >= 0x3C && b <= 0x3F) {
            state = State.CSI_IGNORE; // a private marker after parameters is malformed
        } else if (b >= 0x20 && b <= 0x2F) {
            collect(b);
            state = State.CSI_INTERMEDIATE;
        } else if (b >= 0x40 && b <= 0x7E) {
            csiDispatch(b);
        }
    }

    private void csiIntermediate(int b) {
        if (isExecutable(b)) {
            performer.execute(b);
        } else if (b >= 0x20 && b <= 0x2F) {
            collect(b);
        } else if (b >= 0x30 && b <= 0x3F) {
            state = State.CSI_IGNORE;
        } else if (b >= 0x40 && b <= 0x7E) {
            csiDispatch(b);
        }
    }

    private void csiIgnore(int b) {
        if (isExecutable(b)) {
            performer.execute(b);
        } else if (b >= 0x40 && b <= 0x7E) {
            state = State.GROUND;
        }
    }

    private void csiDispatch(int b) {
        state = State.GROUND;
        if (!intermediateOverflow) {
            performer.csiDispatch(prefix, params, intermediates, b);
        }
    }

    private void dcsHead(int b) {
        if (isExecutable(b) || b == DEL) {
            return; // C0 inside a DCS header is ignored
        }
        if (state == State.DCS_ENTRY && b >= 0x3C && b <= 0x3F) {
            prefix = b;
            state = State.DCS_PARAM;
        } else if (state != State.DCS_INTERMEDIATE && (b >= '0' && b <= '9' || b == ';' || b == ':')) {
            if (b == ';' || b == ':') {
                params.next(b == ':');
            } else {
                params.digit(b - '0');
            }
            state = State.DCS_PARAM;
        } else if (b >= 0x20 && b <= 0x2F) {
            collect(b);
            state = State.DCS_INTERMEDIATE;
        } else if (b >= 0x40 && b <= 0x7E) {
            finalByte = b;
            dcsLength = 0;
            dcsTruncated = false;
            state = intermediateOverflow ? State.DCS_IGNORE : State.DCS_PASSTHROUGH;
        } else {
            state = State.DCS_IGNORE;
        }
    }

    private void dcsPassthrough(int b) {
        if (b == DEL) {
            return;
        }
        if (dcsLength < DCS_LIMIT) {
            dcs[dcsLength++] = (byte) b;
        } else {
            dcsTruncated = true;
        }
    }

    private void oscString(int b) {
        if (b == BEL) {
            leaveString(true);
            state = State.GROUND;
        } else if (b >= 0x20 && b != DEL) {
            if (oscLength < OSC_LIMIT) {
                osc[oscLength++] = (byte) b;
            } else {
                oscTruncated = true;
            }
        } // other C0 controls inside an OSC are ignored
    }

    /** Dispatches the string being left, if any: the exit action of the string states. */
    private void leaveString(boolean bell) {
        if (state == State.OSC_STRING) {
            performer.oscDispatch(osc, oscLength, oscTruncated, bell);
        } else if (state == State.DCS_PASSTHROUGH) {
            performer.dcsDispatch(prefix, params, intermediates, finalByte, dcs, dcsLength, dcsTruncated);
        }
    }

    // For the snapshot codec: every field above, in a canonical form.

    /** A complete, immutable copy of the parser's state. */
    public record Snapshot(State state, int prefix, int intermediates, int intermediateCount,
            boolean intermediateOverflow, int finalByte, int[] params, long paramSubMask, boolean paramOverflow,
            byte[] osc, boolean oscTruncated, byte[] dcs, boolean dcsTruncated, int[] utf8) {
    }

    /**
     * Copies the state out. Buffers that the current state will never read again (the last sequence's
     * parameters once back in ground, say) are left out, so that equal behaviour means an equal copy.
     */
    public Snapshot snapshot() {
        boolean inSequence = switch (state) {
            case ESCAPE, ESCAPE_INTERMEDIATE, CSI_ENTRY, CSI_PARAM, CSI_INTERMEDIATE,
                    DCS_ENTRY, DCS_PARAM, DCS_INTERMEDIATE, DCS_PASSTHROUGH -> true;
            default -> false;
        };
        int[] values = new int[inSequence ? params.size() : 0];
        for (int i = 0; i < values.length; i++) {
            values[i] = params.get(i);
        }
        boolean inOsc = state == State.OSC_STRING;
        boolean inDcs = state == State.DCS_PASSTHROUGH;
        return new Snapshot(state, inSequence ? prefix : 0, inSequence ? intermediates : 0,
                inSequence ? intermediateCount : 0, inSequence && intermediateOverflow,
                inDcs ? finalByte : 0, values, inSequence ? params.subMask() : 0, inSequence && params.overflowed(),
                inOsc ? Arrays.copyOf(osc, oscLength) : new byte[0], inOsc && oscTruncated,
                inDcs ? Arrays.copyOf(dcs, dcsLength) : new byte[0], inDcs && dcsTruncated,
                utf8.state());
    }

    /** Restores a state copied by {@link #snapshot()}, rejecting values no parser could have had. */
    public void restore(Snapshot s) {
        if (s.osc().length > OSC_LIMIT || s.dcs().length > DCS_LIMIT || s.intermediateCount() < 0
                || s.intermediateCount() > 2 || (s.prefix() != 0 && (s.prefix() < 0x3C || s.prefix() > 0x3F))) {
            throw new IllegalArgumentException("invalid parser state");
        }
        state = s.state();
        prefix = s.prefix();
        intermediates = s.intermediates();
        intermediateCount = s.intermediateCount();
        intermediateOverflow = s.intermediateOverflow();
        finalByte = s.finalByte();
        params.restore(s.params(), s.paramSubMask(), s.paramOverflow());
        System.arraycopy(s.osc(), 0, osc, 0, s.osc().length);
        oscLength = s.osc().length;
        oscTruncated = s.oscTruncated();
        System.arraycopy(s.dcs(), 0, dcs, 0, s.dcs().length);
        dcsLength = s.dcs().length;
        dcsTruncated = s.dcsTruncated();
        utf8.restore(s.utf8());
    }

    /** The state with the given ordinal, for decoders. */
    public static State stateOf(int ordinal) {
        if (ordinal < 0 || ordinal >= STATES.length) {
            throw new IllegalArgumentException("invalid parser state " + ordinal);
        }
        return STATES[ordinal];
    }
}
