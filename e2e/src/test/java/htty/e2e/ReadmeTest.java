package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer does: clone the repository and run the README's commands with the real scripts
 * (which build the clone first): {@code mkdir .htty && scripts/htty up}, {@code new -d},
 * {@code send-keys}, {@code capture}, {@code down}.
 */
class ReadmeTest {
    private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theReadmeCommandsWorkInAFreshClone() throws Exception {
        Path work = Files.createTempDirectory("htty-readme-");
        Path clone = work.resolve("htty");
        try {
            run(work, Duration.ofMinutes(2), "git", "clone", "-q", REPOSITORY.toString(), clone.toString());
            // As the README says: the cluster's state in .htty/ of the clone (not the user's home).
            Files.createDirectory(clone.resolve(".htty"));
            String base = Integer.toString(freeBasePort());
            String htty = clone.resolve("scripts/htty").toString();
            run(clone, Duration.ofMinutes(10), htty, "up", "--base-port", base);
            try {
                run(clone, Duration.ofMinutes(1), htty, "new", "-d", "-s", "readme", "--", "/bin/sh");
                run(clone, Duration.ofMinutes(1), htty, "send-keys", "-t", "readme", "echo readme-$((3*3))", "Enter");
                String screen = Await.until(Duration.ofSeconds(30), "readme-9 in the capture", () -> {
                    String out = run(clone, Duration.ofMinutes(1), htty, "capture", "-t", "readme");
                    return out.contains("readme-9") ? out : null;
                });
                assertTrue(screen.contains("echo readme-$((3*3))"), screen);
                if (Runtime.version().feature() >= 25) {
                    assertStartedFromTheTrainedCache(clone);
                }
            } finally {
                run(clone, Duration.ofMinutes(1), htty, "down");
            }
            assertTrue(Files.notExists(clone.resolve(".htty/n1.pid")), "down removed the pid files");
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * With a JDK 25 the scripts train the daemon's ahead-of-time cache as they build, and the daemons
     * start from it: the JVM says nothing of it unless it refused it.
     */
    private static void assertStartedFromTheTrainedCache(Path clone) throws IOException {
        assertTrue(Files.isRegularFile(clone.resolve("target/htty-launcher/daemon.aot")), "the training made a cache");
        for (String node : List.of("n1", "n2", "n3")) {
            String log = Files.readString(clone.resolve(".htty/" + node + ".log"));
            assertFalse(log.contains("][aot]"), node + "'s JVM refused its AOT cache:\n" + log);
        }
    }

    /**
     * A base port P with P+1..P+3 (peers) and P+101..P+103 (APIs) free, all below Linux's ephemeral
     * range (from 32768): the build and the training run between this check and {@code htty up}, and
     * their connections take local ports from that range (a CI run lost the test to one so).
     */
    private static int freeBasePort() throws IOException {
        Random random = new Random();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + random.nextInt(12_000);
            if (free(base + 1, base + 2, base + 3, base + 101, base + 102, base + 103)) {
                return base;
            }
        }
        throw new IOException("no free port range found");
    }

    private static boolean free(int... ports) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port : ports) {
                held.add(new ServerSocket(port));
            }
            return true;
        } catch (IOException busy) {
            return false;
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private static String run(Path dir, Duration timeout, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }
}
