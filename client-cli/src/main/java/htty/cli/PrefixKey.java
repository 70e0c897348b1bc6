package htty.cli;

import java.io.ByteArrayOutputStream;

/**
 * The prefix key of an attached client, as in tmux: keystrokes go to the session, except the
 * prefix (C-b unless configured), which waits for the next key. Prefix then {@code d} detaches,
 * prefix twice sends one literal prefix, and prefix then any other key is ignored, as tmux ignores
 * an unbound key. The state carries over from one read of the keyboard to the next.
 */
final class PrefixKey {

    private static final byte DETACH = 'd';
    private static final byte ESC = 0x1b;

    private final byte prefix;
    private boolean pending;

    PrefixKey(byte prefix) {
        this.prefix = prefix;
    }

    /** Parses {@code --detach-key}: a key name ({@code C-a}) whose bytes are exactly one byte. */
    static PrefixKey named(String name) {
        byte[] bytes = KeyNames.key(name).orElseThrow(() -> new IllegalArgumentException("not a key name: " + name));
        if (bytes.length != 1) {
            throw new IllegalArgumentException("the prefix key must send one byte, like C-b or C-a; " + name + " sends " + bytes.length);
        }
        return new PrefixKey(bytes[0]);
    }

    /**
     * What one read from the keyboard means.
     *
     * @param forward the bytes to send to the session
     * @param detach whether the user asked to detach (what followed is dropped)
     */
    record Keystrokes(byte[] forward, boolean detach) {
    }

    Keystrokes read(byte[] buffer, int length) {
        ByteArrayOutputStream forward = new ByteArrayOutputStream(length);
        int i = 0;
        while (i < length) {
            byte key = buffer[i];
            if (!pending) {
                if (key == prefix) {
                    pending = true;
                } else {
                    forward.write(key);
                }
                i++;
                continue;
            }
            pending = false;
            if (key == DETACH) {
                return new Keystrokes(forward.toByteArray(), true);
            }
            if (key == prefix) {
                forward.write(key);
                i++;
            } else {
                i += keyLength(buffer, i, length);
            }
        }
        return new Keystrokes(forward.toByteArray(), false);
    }

    /**
     * How many bytes the key at {@code start} takes, so that an ignored key goes whole: an arrow
     * key after the prefix must not leave {@code [A} behind as typed text.
     */
    private static int keyLength(byte[] buffer, int start, int length) {
        int first = buffer[start] & 0xff;
        if (first == ESC && start + 1 < length) {
            int second = buffer[start + 1] & 0xff;
            if (second == '[') {
                int end = start + 2;
                while (end < length && ((buffer[end] & 0xff) < 0x40 || (buffer[end] & 0xff) > 0x7e)) {
                    end++;
                }
                return Math.min(end + 1, length) - start;
            }
            return second == 'O' ? Math.min(3, length - start) : 2;
        }
        int utf8Length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
        return Math.min(utf8Length, length - start);
    }
}
