package htty.cli;

import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Questions about the terminal this process runs in, answered through JLine's native access. */
final class LocalTerminal {

    /** JLine's providers in order of preference: native calls, else running {@code stty}/{@code tty}. */
    private static final String[] PROVIDERS = {"ffm", "exec"};

    private LocalTerminal() {
    }

    /** The first provider that runs here, loaded once: loading the native one takes a few hundred ms. */
    private static final class Provider {
        static final TerminalProvider INSTANCE = load();

        private static TerminalProvider load() {
            for (String name : PROVIDERS) {
                try {
                    return TerminalProvider.load(name);
                } catch (IOException | RuntimeException | LinkageError e) {
                    // This provider cannot run here (no native access, no stty): try the next.
                }
            }
            return null;
        }
    }

    /** Whether both stdin and stdout are a terminal, as an attached client needs. */
    static boolean isInteractive() {
        return isTerminal(SystemStream.Input) && isTerminal(SystemStream.Output);
    }

    static boolean isTerminal(SystemStream stream) {
        return Provider.INSTANCE != null && Provider.INSTANCE.isSystemStream(stream);
    }

    /** The size of the terminal on stdout, or the default size when stdout is not a terminal. */
    static ScreenSize size() {
        if (!isTerminal(SystemStream.Output)) {
            return ScreenSize.DEFAULT;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build()) {
            return ScreenSize.of(terminal.getSize());
        } catch (IOException | IllegalStateException e) {
            return ScreenSize.DEFAULT;
        }
    }

    /** Opens the system terminal; fails unless stdin and stdout are a terminal. */
    static Terminal open() throws IOException {
        return TerminalBuilder.builder().system(true).dumb(false).nativeSignals(true).build();
    }
}
