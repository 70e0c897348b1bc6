package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code htty attach} in a real PTY: typing shows, C-b d detaches, two clients see one screen. */
class AttachTest extends ClusterTestBase {
    @BeforeAll
    static void createSharedSession() throws Exception {
        Cli.Result created = htty.run("new", "-d", "-s", "shared", "-x", "80", "-y", "24", "--", "/bin/sh");
        assertEquals(0, created.exit(), created.stderr());
    }

    @Test
    void typingShowsDetachingEndsTheClientAndASecondClientSeesTheSameScreen() throws Exception {
        try (PtyClient first = new PtyClient(htty, "attach", "-t", "shared");
                PtyClient second = new PtyClient(htty, "attach", "-t", "shared")) {
            for (PtyClient c : new PtyClient[] {first, second}) {
                Await.until(Duration.ofSeconds(20), "the redraw on an attached client, which got: " + c.output(),
                        () -> c.text().contains("#") || c.text().contains("$") ? true : null);
            }
            first.type("echo typed-$((1+1))\r");
            for (PtyClient c : new PtyClient[] {first, second}) {
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
