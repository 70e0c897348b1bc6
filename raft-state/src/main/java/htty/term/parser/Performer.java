package htty.term.parser;

/**
 * What the {@link Parser} recognises, delivered as calls. The terminal implements this; the parser
 * knows nothing of screens. Arrays passed in are the parser's own buffers: read them during the call.
 */
public interface Performer {
    /** One printable character (a Unicode scalar value, possibly U+FFFD for malformed UTF-8). */
    void print(int codePoint);

    /** A run of printable ASCII bytes (0x20–0x7E), the fast path for plain text. */
    void printAscii(byte[] bytes, int from, int to);

    /** A C0 control character (BS, HT, LF, CR, ...). */
    void execute(int control);

    /**
     * A complete control sequence {@code CSI prefix params intermediates final}.
     *
     * @param prefix the private marker ({@code ?}, {@code >}, {@code <}, {@code =}) or 0
     * @param intermediates up to two intermediate bytes packed as {@code first << 8 | second}, or 0
     */
    void csiDispatch(int prefix, Params params, int intermediates, int finalByte);

    /** A complete escape sequence {@code ESC intermediates final}. */
    void escDispatch(int intermediates, int finalByte);

    /**
     * A complete operating system command.
     *
     * @param truncated whether the payload exceeded the bound and lost its tail
     * @param bell whether it ended with BEL rather than ST (replies mirror the terminator)
     */
    void oscDispatch(byte[] payload, int length, boolean truncated, boolean bell);

    /** A complete device control string {@code DCS prefix params intermediates final payload ST}. */
    void dcsDispatch(int prefix, Params params, int intermediates, int finalByte, byte[] payload, int length,
            boolean truncated);
}
