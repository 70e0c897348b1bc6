package htty.cli;

import htty.client.AttachEnd;
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

    private InteractiveAttach() {
    }

    /**
     * Attaches and blocks until the attachment ends, then prints how it ended on {@code out}, as
     * tmux does, once the terminal is restored.
     */
    static void attach(HttyClient client, String session, PrefixKey prefix, PrintWriter out) {
        out.println(farewell(session, run(client, session, prefix)));
    }

    private static AttachEnd run(HttyClient client, String session, PrefixKey prefix) {
        if (!LocalTerminal.isInteractive()) {
            throw new HttyException(ExitCode.ERROR, "attaching needs a terminal (stdin and stdout are not both one)");
        }
        try (AttachedTerminal terminal = AttachedTerminal.open()) {
            ScreenSize size = terminal.size();
            AttachStart start = AttachStart.newBuilder().setName(session).setCols(size.cols()).setRows(size.rows()).build();
            try (Attachment attachment = client.attach(start, terminal::show)) {
                terminal.onResize(() -> {
                    ScreenSize now = terminal.size();
                    attachment.resize(now.cols(), now.rows());
                });
                Thread.ofPlatform().name("htty-keyboard").daemon()
                        .start(() -> forwardKeys(terminal, attachment, prefix));
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

    private static void forwardKeys(AttachedTerminal terminal, Attachment attachment, PrefixKey prefix) {
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
                    attachment.sendInput(keys.forward());
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
