package htty.term.record;

/** Bytes that are not a well-formed record: truncated, out of bounds, or inconsistent. */
public final class RecordFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public RecordFormatException(String message) {
        super(message);
    }
}
