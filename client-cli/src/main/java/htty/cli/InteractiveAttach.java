package htty.cli;

import htty.client.AttachEnd;
import htty.client.AttachNotice;
import htty.client.Attachment;
import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.proto.api.AttachStart;
import java.io.IOException;
import java.io.PrintWriter;
import org.jline.utils.NonBlockingInputStream;

/**
 * Attaches this process's terminal to a session: the session's screen on the terminal, the
 * keyboard to the session, the terminal's size to the session, until the user detaches with the
 * prefix key or the session ends.
 */
final class InteractiveAttach {

    /** How often the keyboard thread looks up from waiting to see whether the attachment ended. */
    private static final long KEYBOARD_POLL_MILLIS = 100;
    /** Shown over the screen while the attachment looks for another daemon; the redraw on resuming paints over it. */
    static final String RECONNECTING = "[htty: reconnecting to another daemon...]";

    private InteractiveAttach() {
    }

    /**
     * Attaches as {@code request} says (the session, read-only or not, whether to detach the
     * others) and blocks until the attachment ends, then prints how it ended on {@code out}, as
     * tmux does, once the terminal is restored.
     */
    static void attach(HttyClient client, AttachStart request, PrefixKey prefix, PrintWriter out) {
        out.println(farewell(request.getName(), run(client, request, prefix)));
    }

    private static AttachEnd run(HttyClient client, AttachStart request, PrefixKey prefix) {
        if (!LocalTerminal.isInteractive()) {
            throw new HttyException(ExitCode.ERROR, "attaching needs a terminal (stdin and stdout are not both one)");
        }
        try (AttachedTerminal terminal = AttachedTerminal.open()) {
            ScreenSize size = terminal.size();
            AttachStart start = request.toBuilder().setCols(size.cols()).setRows(size.rows()).build();
            try (Attachment attachment = client.attach(start, terminal::show, notice -> {
                // A takeover needs nothing here: the redraw of the screen it brought follows.
                if (notice instanceof AttachNotice.Reconnecting) {
                    terminal.notice(RECONNECTING);
                }
            })) {
                terminal.onResize(() -> {
                    ScreenSize now = terminal.size();
                    attachment.resize(now.cols(), now.rows());
                });
                Thread.ofPlatform().name("htty-keyboard").daemon()
                        .start(() -> forwardKeys(terminal, attachment, prefix, start.getReadOnly()));
                return attachment.awaitEnd();
            }
        } catch (IOException e) {
            throw new HttyException(ExitCode.ERROR, "cannot use the terminal: " + e.getMessage(), e);
        }
    }

    private static String farewell(String session, AttachEnd end) {
        return switch (end.reason()) {
            case DETACHED -> "[detached from " + session + "]";
            case EXITED -> "[" + session + " exited: status " + end.exitStatus() + "]";
            case REMOVED -> "[" + session + " removed]";
        };
    }

    /** Sends what is typed to the session; read-only, only the detach key counts, and other keys ring the bell. */
    private static void forwardKeys(AttachedTerminal terminal, Attachment attachment, PrefixKey prefix,
            boolean readOnly) {
        byte[] buffer = new byte[4096];
        try {
            while (attachment.isOpen()) {
                int read = terminal.readKeys(buffer, KEYBOARD_POLL_MILLIS);
                if (read == NonBlockingInputStream.EOF) {
                    attachment.detach();
                    return;
                }
                if (read > 0) {
                    PrefixKey.Keystrokes keys = prefix.read(buffer, read);
                    if (!readOnly) {
                        attachment.sendInput(keys.forward());
                    } else if (keys.forward().length > 0) {
                        terminal.bell();
                    }
                    if (keys.detach()) {
                        attachment.detach();
                        return;
                    }
                }
            }
        } catch (IOException e) {
            // The terminal is gone (hung up, or closed as the attachment ended): nothing left to type with.
            attachment.detach();
        }
    }
}
