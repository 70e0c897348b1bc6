package htty.term.snapshot;

/** A snapshot record that cannot be decoded: truncated, of an unknown version, or inconsistent. */
public final class SnapshotFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(String message) {
        super(message);
    }

    public SnapshotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
