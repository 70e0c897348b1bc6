package htty.client;

/** What an {@link Attachment} tells its user besides the session's screen. */
public sealed interface AttachNotice {

    /**
     * The stream broke and no daemon has taken it up again for a noticeable moment. The attachment
     * keeps trying until the deadline; when it resumes, it starts with a redraw, so that whatever
     * was shown meanwhile (a notice over the screen, say) is painted over.
     *
     * @param lost the daemon the broken stream came from
     * @param reason why the stream counts as broken
     */
    record Reconnecting(Endpoint lost, String reason) implements AttachNotice {
    }

    /**
     * Another daemon took the session over: its process is the session's voice from {@code epoch} on.
     * The screen it brought comes right after, as a redraw.
     */
    record TakenOver(String node, long epoch) implements AttachNotice {
    }
}
