package htty.client;

/**
 * A request that did not succeed, with a message meant for the user and the exit code the
 * {@code htty} command ends with.
 */
public final class HttyException extends RuntimeException {

    private final ExitCode exitCode;

    public HttyException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public HttyException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
