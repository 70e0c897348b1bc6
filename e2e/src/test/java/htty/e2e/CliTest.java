package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The htty command against real daemons: the documented output and exit codes. */
class CliTest extends ClusterTestBase {
    @Test
    void newSendKeysCaptureOnEveryNodeAndKill() throws Exception {
        Cli.Result created = htty.run("new", "-d", "-s", "work", "-x", "60", "-y", "10", "--", "/bin/sh");
        assertEquals(0, created.exit(), created.stderr());
        assertEquals(0, htty.run("send-keys", "-t", "work", "echo cli-$((40+2))", "Enter").exit());
        for (LocalCluster.Node n : cluster.nodes) {
            Await.until(Duration.ofSeconds(20), "cli-42 on " + n.id, () -> {
                Cli.Result c = htty.run("capture", "-t", "work", "-p", "--node", n.id);
                return c.exit() == 0 && c.stdout().contains("cli-42") ? true : null;
            });
        }
        Cli.Result ls = htty.run("ls");
        assertEquals(0, ls.exit());
        assertTrue(ls.stdout().contains("work"), ls.stdout());
        assertEquals(0, htty.run("kill", "-t", "work").exit());
        assertEquals(3, htty.run("capture", "-t", "work").exit(), "no such session after kill");
    }

    @Test
    void documentedExitCodes() throws Exception {
        Cli.Result missing = htty.run("send-keys", "-t", "absent", "x");
        assertEquals(3, missing.exit(), missing.stderr());
        assertTrue(!missing.stderr().isBlank(), "an error says why");
        assertEquals(2, htty.run("capture", "--no-such-option").exit());
        Cli.Result badName = htty.run("new", "-d", "-s", "bad name", "--", "/bin/sh");
        assertEquals(2, badName.exit(), badName.stderr()); // a bad argument is a usage error
        assertTrue(badName.stderr().contains("invalid session name"), badName.stderr());
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        java.nio.file.Path wrong = cluster.dir.resolve("wrong-token");
        java.nio.file.Files.writeString(wrong, "not-the-token");
        ProcessBuilder pb = new ProcessBuilder(Cli.command("ls"));
        pb.environment().put("HTTY_CLUSTER", cluster.endpoints());
        pb.environment().put("HTTY_TOKEN_FILE", wrong.toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(1, p.waitFor(), err);
        assertTrue(err.toLowerCase().contains("token"), err);
    }
}
