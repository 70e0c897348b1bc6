package htty.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link EchoPath} under measurement: keystrokes typed through it one at a time, and the
 * latencies of those that count, as they were measured.
 */
final class Probe implements AutoCloseable {
    /** How long an echo may take before the path counts as broken. */
    private static final Duration ECHO_WAIT = Duration.ofSeconds(30);

    /** Starts a path whose echoes go to the {@link Echo} it is given. */
    @FunctionalInterface
    interface Starter {
        EchoPath start(Echo echo) throws IOException, InterruptedException;
    }

    private final EchoPath path;
    private final Echo echo;
    private long[] latencies = new long[1024];
    private int count;

    private Probe(EchoPath path, Echo echo) {
        this.path = path;
        this.echo = echo;
    }

    /** Starts path {@code name} with {@code starter}. */
    static Probe start(String name, Starter starter) throws IOException, InterruptedException {
        Echo echo = new Echo(name);
        return new Probe(starter.start(echo), echo);
    }

    EchoPath path() {
        return path;
    }

    /** Types {@code keystroke} and waits for its echo; returns the time between, in nanoseconds. */
    long roundTrip(byte keystroke) throws IOException, InterruptedException {
        CompletableFuture<Long> arrival = echo.expect(keystroke);
        long typed = System.nanoTime();
        path.type(keystroke);
        return echo.await(arrival, ECHO_WAIT) - typed;
    }

    /** Counts a latency {@link #roundTrip} measured. */
    void record(long nanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
    }

    /** What was measured: percentiles from the histogram, and every latency counted, in nanoseconds. */
    LatencyReport.PathLatency result() {
        long[] measured = Arrays.copyOf(latencies, count);
        return new LatencyReport.PathLatency(path.name(), path.description(), Percentiles.ofNanos(measured), measured);
    }

    @Override
    public void close() {
        path.close();
    }
}
