package htty.bench;

import java.io.IOException;

/**
 * One way a keystroke travels to the {@link EchoProgram} and its echo back, measured side by side
 * with the others by the latency benchmark. A path is started by its class's {@code start} method,
 * which waits until the program runs {@code cat}, and hands every byte that comes back to the
 * {@link Echo} it was given.
 */
interface EchoPath extends AutoCloseable {

    /** What the report calls it. */
    String name();

    /** What it runs, in a line: versions, processes, how keys go in and the echo comes out. */
    String description();

    /** Waits until the program is ready for the next keystroke, wherever it runs (every replica of it). */
    void awaitReady() throws InterruptedException;

    /** Types {@code keystroke}, one byte; does not wait for its echo. */
    void type(byte keystroke) throws IOException;

    /** Stops every process the path started, by its pid, and removes its files. */
    @Override
    void close();
}
