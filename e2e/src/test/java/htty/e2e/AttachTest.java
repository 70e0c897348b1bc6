package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code htty attach} in a real PTY: typing shows, C-b d detaches, two clients see one screen. */
class AttachTest {
    private static LocalCluster cluster;
    private static Cli htty;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalCluster(3);
        cluster.awaitLeader(Duration.ofSeconds(30));
        htty = new Cli(cluster);
        Cli.Result created = htty.run("new", "-d", "-s", "shared", "-x", "80", "-y", "24", "--", "/bin/sh");
        assertEquals(0, created.exit(), created.stderr());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** An attached client in a PTY of its own, its output fed to an emulator to read its screen. */
    private static final class Client implements AutoCloseable {
        final PtyProcess process;
        final Terminal screen = new Terminal(TerminalConfig.of(80, 24));
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        final Thread reader;

        Client(String session) throws IOException {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.putAll(htty.env());
            env.put("TERM", "xterm-256color");
            process = new PtyProcessBuilder(Cli.command("attach", "-t", session).toArray(String[]::new))
                    .setEnvironment(env).setInitialColumns(80).setInitialRows(24).start();
            process.setWinSize(new WinSize(80, 24));
            reader = Thread.ofPlatform().daemon().start(() -> {
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

    @Test
    void typingShowsDetachingEndsTheClientAndASecondClientSeesTheSameScreen() throws Exception {
        try (Client first = new Client("shared"); Client second = new Client("shared")) {
            for (Client c : new Client[] {first, second}) {
                Await.until(Duration.ofSeconds(20), "the redraw on an attached client, which got: " + c.output(),
                        () -> c.text().contains("#") || c.text().contains("$") ? true : null);
            }
            first.type("echo typed-$((1+1))\r");
            for (Client c : new Client[] {first, second}) {
                Await.until(Duration.ofSeconds(20), "typed-2 on an attached client", () ->
                        c.text().contains("\ntyped-2\n") || c.text().startsWith("typed-2\n") ? true : null);
            }
            Await.until(Duration.ofSeconds(10), "both clients showing the same screen",
                    () -> first.text().equals(second.text()) ? true : null);
            first.type("\u0002d");
            assertTrue(first.process.waitFor(20, TimeUnit.SECONDS), "C-b d ends the client");
            assertEquals(0, first.process.exitValue());
            Await.until(Duration.ofSeconds(5), "the detach notice",
                    () -> first.output().contains("[detached from shared]") ? true : null);
            assertTrue(second.process.isAlive(), "the other client stays attached");
        }
    }
}
