package htty.client;

/** The exit codes of the {@code htty} command, one per way a request can end. */
public enum ExitCode {
    OK(0),
    ERROR(1),
    USAGE(2),
    NO_SUCH_SESSION(3),
    CLUSTER_UNAVAILABLE(4),
    /** What a script waited for ({@code wait-for}, {@code run}) did not happen in time. */
    TIMEOUT(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }
}
