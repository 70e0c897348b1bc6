package htty.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingInputStream;
import org.jline.utils.ShutdownHooks;

/**
 * This process's terminal while a session is shown on it: raw (every key reaches the session,
 * C-c and C-z included, and output bytes reach the screen untranslated), in the alternate screen
 * so that the shell's screen comes back on detach, as with tmux. It is restored exactly once,
 * whichever way the attachment ends, also when the JVM is asked to exit by a signal.
 */
final class AttachedTerminal implements AutoCloseable {

    private static final byte[] ENTER_SCREEN = bytes("\033[?1049h\033[H\033[2J");
    /**
     * Undoes what the session's program may have switched on (colours, hidden cursor, scroll
     * region, application keys, mouse and focus reports, bracketed paste), then leaves the
     * alternate screen.
     */
    private static final byte[] LEAVE_SCREEN = bytes("\033[0m\033[r\033(B\033[?25h\033[?7h\033[?1l\033>"
            + "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1004l\033[?2004l\033[?1049l");

    private final Terminal terminal;
    private final Attributes saved;
    private final Attributes raw;
    private final Thread restoreAtExit = new Thread(this::restore, "htty-restore-terminal");
    private boolean restored;

    private AttachedTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.getAttributes();
        this.raw = rawFrom(saved);
    }

    /** Takes over the terminal: raw mode, alternate screen. */
    static AttachedTerminal open() throws IOException {
        // JLine's own exit hook would close the terminal under ours, which must still write to it.
        System.setProperty(ShutdownHooks.PROP_DISABLE_SHUTDOWN_HOOK, "true");
        AttachedTerminal attached = new AttachedTerminal(LocalTerminal.open());
        try {
            attached.takeOver();
        } catch (RuntimeException e) {
            attached.close();
            throw e;
        }
        return attached;
    }

    private void takeOver() {
        Runtime.getRuntime().addShutdownHook(restoreAtExit);
        terminal.setAttributes(raw);
        // A shell that resumes us after a stop has put its own modes back.
        terminal.handle(Terminal.Signal.CONT, signal -> terminal.setAttributes(raw));
        write(ENTER_SCREEN);
    }

    /** The raw mode tmux's client uses, from the attributes the terminal had. */
    private static Attributes rawFrom(Attributes saved) {
        Attributes raw = new Attributes(saved);
        raw.setInputFlags(EnumSet.of(InputFlag.IXON, InputFlag.IXOFF, InputFlag.ICRNL, InputFlag.INLCR,
                InputFlag.IGNCR, InputFlag.IMAXBEL, InputFlag.ISTRIP), false);
        raw.setInputFlag(InputFlag.IGNBRK, true);
        raw.setOutputFlags(EnumSet.of(OutputFlag.OPOST, OutputFlag.ONLCR, OutputFlag.OCRNL, OutputFlag.ONLRET), false);
        raw.setLocalFlags(EnumSet.of(LocalFlag.IEXTEN, LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE,
                LocalFlag.ECHONL, LocalFlag.ECHOCTL, LocalFlag.ECHOPRT, LocalFlag.ECHOKE, LocalFlag.ISIG), false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }

    ScreenSize size() {
        return ScreenSize.of(terminal.getSize());
    }

    /** Runs {@code action} whenever the terminal changes size (SIGWINCH). */
    void onResize(Runnable action) {
        terminal.handle(Terminal.Signal.WINCH, signal -> action.run());
    }

    /**
     * Reads keystrokes, waiting at most {@code timeoutMillis}.
     *
     * @return the number of bytes read, {@link NonBlockingInputStream#READ_EXPIRED} if none came,
     *     or {@link NonBlockingInputStream#EOF}
     */
    int readKeys(byte[] buffer, long timeoutMillis) throws IOException {
        return ((NonBlockingInputStream) terminal.input()).readBuffered(buffer, 0, buffer.length, timeoutMillis);
    }

    /** Shows the session's bytes as they are; nothing more is shown once the terminal is restored. */
    synchronized void show(ByteString bytes) {
        if (!restored) {
            try {
                bytes.writeTo(terminal.output());
                terminal.output().flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Writes a one-line message of htty's own over the screen's last line, in reverse video, and
     * puts the cursor back. The session's screen under it is lost: only a redraw brings it back.
     */
    void notice(String message) {
        show(ByteString.copyFrom(noticeBytes(message, size()), StandardCharsets.UTF_8));
    }

    /**
     * The bytes of {@link #notice}: save the cursor (with its pen, charset and origin mode), go to the
     * last line whatever the scroll region, write the message cut to the width so that nothing
     * wraps or scrolls, and restore the cursor.
     */
    static String noticeBytes(String message, ScreenSize size) {
        String shown = message.length() < size.cols() ? message : message.substring(0, Math.max(0, size.cols() - 1));
        return "\0337\033[?6l\033[" + size.rows() + ";1H\033(B\033[0m\033[2K\033[7m" + shown + "\033[0m\0338";
    }

    /** Rings the terminal's bell: a key that went nowhere. */
    void bell() {
        show(ByteString.copyFrom(new byte[] {0x07}));
    }

    /** Gives the terminal back as it was. Safe to call more than once, and from a shutdown hook. */
    synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        terminal.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL);
        terminal.handle(Terminal.Signal.CONT, Terminal.SignalHandler.SIG_DFL);
        try {
            write(LEAVE_SCREEN);
        } finally {
            terminal.setAttributes(saved);
        }
    }

    @Override
    public void close() throws IOException {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restoreAtExit);
        } catch (IllegalStateException e) {
            // The JVM is exiting and runs the hook itself.
        }
        terminal.close();
    }

    private void write(byte[] bytes) {
        try {
            terminal.output().write(bytes);
            terminal.output().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
