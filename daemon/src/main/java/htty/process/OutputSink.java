package htty.process;

import java.util.concurrent.CompletableFuture;

/** Where an {@link OutputPump} delivers batches of output: the daemon proposes each as an {@code Output} entry. */
@FunctionalInterface
public interface OutputSink {
    /**
     * Takes one batch. Must not block: the pump calls it on the thread that reads the program's output.
     *
     * @param batch the bytes, in order after the previous batch's; the sink may keep the array
     * @return completes when the batch is committed, exceptionally if it never will be
     */
    CompletableFuture<?> propose(byte[] batch);
}
