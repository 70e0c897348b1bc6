package htty.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Output to be pumped: in practice the reading side of a {@link PtyProcess}. Reads wait with a
 * timeout so that a reader can batch by time, and end early when the reading thread is interrupted,
 * so that a reader can be stopped without closing the source.
 */
@FunctionalInterface
public interface OutputSource {
    /**
     * Reads up to {@code len} bytes into {@code buf} from {@code off}, waiting at most the timeout for
     * the first of them.
     *
     * @return the number of bytes read; 0 if none arrived in time; -1 once the output has ended
     * @throws InterruptedException if the thread was interrupted while waiting; no bytes were consumed,
     *     so a later read carries on exactly where this one would have
     */
    int read(byte[] buf, int off, int len, long timeout, TimeUnit unit) throws IOException, InterruptedException;
}
