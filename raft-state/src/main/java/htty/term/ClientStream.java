package htty.term;

import htty.term.parser.Params;

/**
 * The bytes an attached client's terminal may receive: what the emulator accepted and applied,
 * written back in a canonical 7-bit form. Queries, replies, clipboard access (unless allowed),
 * character-set switching (line drawing arrives as Unicode), unknown sequences and truncated strings
 * never appear in it, so a hostile program can neither make a client's terminal answer nor put it
 * out of step with the session's screen.
 */
final class ClientStream {
    private final Bytes out = new Bytes();

    void ascii(byte[] bytes, int from, int to) {
        out.add(bytes, from, to);
    }

    void codePoint(int cp) {
        out.addUtf8(cp);
    }

    void control(int c) {
        out.add(c);
    }

    void esc(int intermediates, int finalByte) {
        out.add(0x1B);
        intermediates(intermediates);
        out.add(finalByte);
    }

    /** The sequence with its parameters written back in ECMA-48 form, omitted values left empty. */
    void csi(int prefix, Params params, int intermediates, int finalByte) {
        out.add(0x1B);
        out.add('[');
        if (prefix != 0) {
            out.add(prefix);
        }
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.add(params.isSub(i) ? ':' : ';');
            }
            if (params.get(i) != Params.DEFAULT) {
                out.addDecimal(params.get(i));
            }
        }
        intermediates(intermediates);
        out.add(finalByte);
    }

    /** CUP to a 1-based row and column. */
    void cursorPosition(int row, int col) {
        out.add(0x1B);
        out.add('[');
        out.addDecimal(row);
        out.add(';');
        out.addDecimal(col);
        out.add('H');
    }

    void csi(int prefix, CharSequence params, int intermediates, int finalByte) {
        out.add(0x1B);
        out.add('[');
        if (prefix != 0) {
            out.add(prefix);
        }
        out.addAscii(params);
        intermediates(intermediates);
        out.add(finalByte);
    }

    /** An OSC, terminated by ST. */
    void osc(byte[] payload, int length) {
        out.add(0x1B);
        out.add(']');
        out.add(payload, 0, length);
        out.add(0x1B);
        out.add('\\');
    }

    private void intermediates(int packed) {
        if (packed > 0xFF) {
            out.add(packed >>> 8);
        }
        if (packed != 0) {
            out.add(packed & 0xFF);
        }
    }

    byte[] take() {
        return out.take();
    }
}
