package htty.client;

/**
 * How an attachment ended.
 *
 * @param reason what ended it
 * @param exitStatus the session's exit status, when {@code reason} is {@link Reason#EXITED}
 */
public record AttachEnd(Reason reason, int exitStatus) {

    /** Why an attachment is over. */
    public enum Reason {
        /** This client detached, or a daemon detached it. */
        DETACHED,
        /** The session's process exited. */
        EXITED,
        /** The session was removed (killed). */
        REMOVED
    }

    static AttachEnd detached() {
        return new AttachEnd(Reason.DETACHED, 0);
    }

    static AttachEnd removed() {
        return new AttachEnd(Reason.REMOVED, 0);
    }

    static AttachEnd exited(int status) {
        return new AttachEnd(Reason.EXITED, status);
    }
}
