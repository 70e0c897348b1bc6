package htty.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Assembles a program's output stream: text as UTF-8, control sequences in their 7-bit forms. */
final class StreamBuilder {
    private static final int ESC = 0x1B;

    private byte[] bytes;
    private int length;

    /** A builder sized for a stream of about {@code capacity} bytes, so that it rarely has to grow. */
    StreamBuilder(int capacity) {
        bytes = new byte[Math.max(capacity, 16)];
    }

    int length() {
        return length;
    }

    StreamBuilder text(CharSequence s) {
        byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            add(b);
        }
        return this;
    }

    /** A line end as a program's {@code \n} reaches the terminal: the PTY's ONLCR makes it CR LF. */
    StreamBuilder crlf() {
        add('\r');
        add('\n');
        return this;
    }

    StreamBuilder esc(char finalByte) {
        add(ESC);
        add(finalByte);
        return this;
    }

    /** A control sequence: {@code ESC [} then {@code body}, which holds the parameters and the final byte. */
    StreamBuilder csi(String body) {
        add(ESC);
        add('[');
        return text(body);
    }

    /** Select Graphic Rendition with the given parameters. */
    StreamBuilder sgr(String parameters) {
        return csi(parameters).text("m");
    }

    /** Cursor Position, 1-based as on the wire. */
    StreamBuilder cup(int row, int column) {
        return csi(row + ";" + column + "H");
    }

    StreamBuilder bytes(byte[] more) {
        ensure(more.length);
        System.arraycopy(more, 0, bytes, length, more.length);
        length += more.length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void add(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }
}
