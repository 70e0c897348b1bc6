package htty.bench;

/**
 * Where a path's reader hands the program's output: every chunk as it arrives, with the time it
 * came, and the reason if the path broke. An {@link Echo} takes them for the latency benchmark, a
 * {@link Delivery} for the throughput benchmark.
 */
interface Arrivals {

    /** Takes {@code length} bytes of {@code bytes} that the path's reader received at {@code now}. */
    void received(byte[] bytes, int length, long now);

    /** The path ended or broke: whatever waits for more output fails with {@code why}. */
    void fail(String why);
}
