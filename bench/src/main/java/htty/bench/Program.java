package htty.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A program a benchmark runs on a terminal, on every path alike: its command line, and how to tell
 * from its process that it is ready for the next keystroke (a keystroke that came sooner could be
 * echoed by the terminal or read by the wrong command).
 *
 * @param argv the command line
 * @param readyState what the program does once ready, for messages: "runs cat"
 * @param ready whether the process with this pid (the program's first) is ready
 */
record Program(List<String> argv, String readyState, LongPredicate ready) {
    /** How long a program may take to become ready on a loaded machine. */
    private static final Duration READY_WAIT = Duration.ofSeconds(30);

    /** Waits until process {@code pid}, this program started in {@code where}, is ready. */
    void awaitReady(long pid, String where) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!ready.test(pid)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(argv + " in " + where + " (pid " + pid + ") did not reach the state"
                        + " where it " + readyState + " within " + READY_WAIT.toSeconds() + " s");
            }
            Thread.sleep(5);
        }
    }
}
