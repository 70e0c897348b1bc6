package htty.term.snapshot;

import htty.term.Terminal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of a terminal's whole state, over its canonical snapshot encoding: equal states
 * give equal digests on every JDK. Replicas compare digests to prove they hold the same screen.
 */
public final class StateDigest {
    private StateDigest() {
    }

    public static byte[] of(Terminal terminal) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(TerminalCodec.encode(terminal));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** The digest as 64 lowercase hex digits. */
    public static String hex(Terminal terminal) {
        return HexFormat.of().formatHex(of(terminal));
    }
}
