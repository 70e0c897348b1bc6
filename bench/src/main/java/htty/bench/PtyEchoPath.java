package htty.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import htty.process.PtyNative;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keystrokes straight into a PTY: pty4j, as the daemon uses it, runs the {@link EchoProgram} (or
 * another {@link Program}); a keystroke is written to the PTY's master and its echo, or whatever
 * the program prints, read back from it. No process or network between: the floor under the other
 * paths.
 */
final class PtyEchoPath implements EchoPath {
    static final String NAME = "bare PTY";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** A read takes what the PTY holds, up to this: one keystroke's echo, or a throughput run's stream. */
    private static final int READ_BYTES = 64 * 1024;

    private final Program program;
    private final PtyProcess process;
    private final Thread reader;

    private PtyEchoPath(Program program, PtyProcess process, Thread reader) {
        this.program = program;
        this.process = process;
        this.reader = reader;
    }

    /** Starts the {@link EchoProgram} on a PTY and waits until it runs {@code cat}; the echoes go to {@code echo}. */
    static PtyEchoPath start(Echo echo) throws IOException, InterruptedException {
        return start(EchoProgram.PROGRAM, echo);
    }

    /** Starts {@code program} on a PTY and waits until it is ready; its output goes to {@code arrivals}. */
    static PtyEchoPath start(Program program, Arrivals arrivals) throws IOException, InterruptedException {
        // The daemon's cached copy of pty4j's native library, not a new /tmp/pty4j-* folder left behind.
        PtyNative.ensureInstalled();
        PtyProcess process = new PtyProcessBuilder(program.argv().toArray(String[]::new))
                .setInitialColumns(LatencyBench.COLS).setInitialRows(LatencyBench.ROWS).start();
        try {
            program.awaitReady(process.pid(), "a bare PTY");
        } catch (InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
        InputStream output = process.getInputStream();
        Thread reader = Thread.ofPlatform().name("bare-pty-reader").daemon().start(() -> read(output, arrivals));
        return new PtyEchoPath(program, process, reader);
    }

    private static void read(InputStream output, Arrivals arrivals) {
        byte[] buffer = new byte[READ_BYTES];
        try {
            for (int n; (n = output.read(buffer)) != -1; ) {
                arrivals.received(buffer, n, System.nanoTime());
            }
        } catch (IOException e) {
            // EIO once the program is gone and the PTY hung up: the end of its output, as -1 is.
        }
        arrivals.fail("the program on the PTY ended");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pty4j, pid " + process.pid() + "; keys written to the PTY's master, echoes read from it";
    }

    @Override
    public void awaitReady() throws InterruptedException {
        program.awaitReady(process.pid(), "a bare PTY");
    }

    @Override
    public void type(byte keystroke) throws IOException {
        process.getOutputStream().write(keystroke);
        process.getOutputStream().flush();
    }

    /** Ends the program (SIGTERM, SIGKILL after a grace), waits for the reader, and releases the PTY. */
    @Override
    public void close() {
        try {
            stop(process);
            reader.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.getInputStream().close();
            process.getOutputStream().close();
        } catch (IOException e) {
            System.err.println("htty-bench: could not release the bare PTY: " + e);
        }
    }

    private static void stop(PtyProcess process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
