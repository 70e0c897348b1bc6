package htty.e2e;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waiting on a condition with a deadline: the only way these tests wait. */
final class Await {
    private Await() {
    }

    /** Polls {@code probe} until it returns non-null (exceptions count as "not yet"), or fails. */
    static <T> T until(Duration timeout, String what, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : " (last error: " + last + ")"));
    }
}
