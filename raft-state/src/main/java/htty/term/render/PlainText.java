package htty.term.render;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A stretch of a session's client stream as plain text, for programs that read output rather than
 * show it ({@code wait-for --output}, {@code run}): the characters and line feeds, no control
 * character and no escape sequence. Carriage returns and backspaces go; a cursor positioning
 * (which is how the client stream writes tabs) reads as a tab.
 *
 * <p>Each output entry's client stream holds whole sequences, so any stretch that starts at an
 * entry's boundary converts on its own.
 */
public final class PlainText {
    private static final int ESC = 0x1B;
    private static final int BEL = 0x07;

    private enum State { TEXT, ESCAPE, CSI, OSC, OSC_ESCAPE }

    private PlainText() {
    }

    public static String of(byte[] stream) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(stream.length);
        State state = State.TEXT;
        for (byte value : stream) {
            int b = value & 0xFF;
            state = switch (state) {
                case TEXT -> {
                    if (b == ESC) {
                        yield State.ESCAPE;
                    }
                    if (b == '\n' || b == '\t' || (b >= 0x20 && b != 0x7F)) {
                        text.write(b);
                    }
                    yield State.TEXT;
                }
                case ESCAPE -> b == '[' ? State.CSI : b == ']' ? State.OSC
                        : b >= 0x20 && b <= 0x2F ? State.ESCAPE // an intermediate: the final byte follows
                        : State.TEXT;
                case CSI -> {
                    if (b < 0x40 || b > 0x7E) {
                        yield State.CSI;
                    }
                    if (b == 'H' || b == 'f') {
                        text.write('\t');
                    }
                    yield State.TEXT;
                }
                case OSC -> b == ESC ? State.OSC_ESCAPE : b == BEL ? State.TEXT : State.OSC;
                case OSC_ESCAPE -> State.TEXT;
            };
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
