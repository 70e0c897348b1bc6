package htty.e2e;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import htty.process.PtyNative;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The htty command in an 80x24 PTY of its own, its output fed to an emulator to read its screen. */
final class PtyClient implements AutoCloseable {
    final PtyProcess process;
    private final Terminal screen = new Terminal(TerminalConfig.of(80, 24));
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    PtyClient(Cli htty, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(htty.env());
        env.put("TERM", "xterm-256color");
        PtyNative.ensureInstalled(); // else pty4j unpacks its library into a new /tmp folder, left behind
        process = new PtyProcessBuilder(Cli.command(args).toArray(String[]::new))
                .setEnvironment(env).setInitialColumns(80).setInitialRows(24).start();
        process.setWinSize(new WinSize(80, 24));
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        raw.write(buf, 0, n);
                        screen.feed(buf, 0, n);
                    }
                }
            } catch (IOException ended) {
                // the client exited
            }
        });
    }

    synchronized String text() {
        return TextCapture.render(screen, CaptureRange.SCREEN, false, false);
    }

    synchronized String output() {
        return raw.toString(StandardCharsets.UTF_8);
    }

    void type(String keys) throws IOException {
        process.getOutputStream().write(keys.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
