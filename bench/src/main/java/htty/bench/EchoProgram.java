package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The program the keystroke benchmarks type into: {@code cat} on a raw terminal without echo, so
 * that what comes back is exactly what was typed, once, as soon as {@code cat} has read it.
 */
final class EchoProgram {
    static final List<String> ARGV = List.of("sh", "-c", "stty raw -echo; exec cat");
    /** How long a freshly started program may take to become {@code cat} on a loaded machine. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);

    private EchoProgram() {
    }

    /**
     * Whether process {@code pid}, the program's {@code sh}, has exec'ed {@code cat}: it has set the
     * terminal raw by then. A keystroke that reached {@code sh} before its {@code stty} would be
     * echoed by the terminal too.
     */
    static boolean running(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("cat");
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until process {@code pid}, the program started in {@code where}, runs {@code cat}. */
    static void awaitRunning(long pid, String where) throws InterruptedException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!running(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(ARGV + " in " + where + " (pid " + pid + ") did not exec cat within "
                        + START_WAIT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }
}
