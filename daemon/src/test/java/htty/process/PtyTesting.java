package htty.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that run real programs on real PTYs. Every wait has a deadline. */
final class PtyTesting {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private PtyTesting() {
    }

    static PtyProcess spawn(String... argv) throws IOException {
        return PtyProcess.spawn(List.of(argv), List.<Map.Entry<String, String>>of(), Path.of("/"), 80, 24);
    }

    /** Reads until the output so far contains {@code expected}; returns all of it. */
    static String readUntil(PtyProcess process, String expected) throws IOException, InterruptedException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!seen.toString(StandardCharsets.UTF_8).contains(expected)) {
            long left = deadline - System.nanoTime();
            int n = left > 0 ? process.read(buf, 0, buf.length, left, TimeUnit.NANOSECONDS) : 0;
            if (n < 0) {
                fail("output ended before \"" + expected + "\"; got \"" + seen + "\"");
            }
            if (n == 0) {
                fail("no \"" + expected + "\" within " + DEADLINE + "; got \"" + seen + "\"");
            }
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** Reads until the end of the output. */
    static byte[] readToEnd(PtyProcess process) throws IOException, InterruptedException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            int n = left > 0 ? process.read(buf, 0, buf.length, left, TimeUnit.NANOSECONDS) : 0;
            if (n < 0) {
                return seen.toByteArray();
            }
            if (n == 0) {
                fail("output did not end within " + DEADLINE + "; got " + seen.size() + " bytes");
            }
            seen.write(buf, 0, n);
        }
    }

    /** What {@code seq 1 last} prints on a PTY, which turns each newline into CR LF. */
    static byte[] seqOutput(int last) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= last; i++) {
            out.append(i).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether a process with this pid exists, zombies included. */
    static boolean exists(long pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }
}
