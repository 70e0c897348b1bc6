package htty.bench;

import htty.client.Attachment;
import htty.proto.api.AttachStart;
import htty.proto.log.TakeoverMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keystrokes through htty: a cluster of three daemons of the benchmark's own ({@link BenchCluster}),
 * a session running the {@link EchoProgram} (or another {@link Program}), and a client attached
 * through the client library, as
 * {@code htty attach} is. A keystroke goes in with {@link Attachment#sendInput}, becomes an entry of
 * the replicated log, reaches the leader's {@code cat}; its echo becomes an entry too, and comes out
 * of the attachment's screen consumer once committed and applied by the daemon the client is
 * attached through.
 */
final class HttyEchoPath implements EchoPath {
    static final String NAME = "htty";
    static final int DAEMONS = 3;
    private static final String SESSION = "latency";
    /** How long the attachment may take to show the session's screen. */
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final TakeoverMode mode;
    private final BenchCluster cluster;
    private final Attachment attachment;

    private HttyEchoPath(String name, TakeoverMode mode, BenchCluster cluster, Attachment attachment) {
        this.name = name;
        this.mode = mode;
        this.cluster = cluster;
        this.attachment = attachment;
    }

    /**
     * Starts the daemons (their logs into {@code logs}), creates the session, waits until every
     * daemon runs its {@code cat}, and attaches; the echoes go to {@code echo}.
     */
    static HttyEchoPath start(Path logs, Echo echo, PrintStream out) throws IOException, InterruptedException {
        return start(NAME, logs, EchoProgram.PROGRAM, TakeoverMode.STANDBY, echo, out);
    }

    /**
     * Starts the daemons (their logs into {@code logs}), creates the session running {@code program}
     * in takeover mode {@code mode}, waits until it is ready wherever it runs, and attaches; what the
     * attachment shows after its first screen goes to {@code arrivals}.
     *
     * @param name what the report calls this path
     */
    static HttyEchoPath start(String name, Path logs, Program program, TakeoverMode mode, Arrivals arrivals,
            PrintStream out) throws IOException, InterruptedException {
        BenchCluster cluster = BenchCluster.start(DAEMONS, logs, List.of());
        try {
            out.println(name + ": started " + cluster.describe());
            cluster.awaitReady();
            cluster.createSession(SESSION, program, mode, LatencyBench.COLS, LatencyBench.ROWS);
            cluster.awaitReady(SESSION);
            // An attachment begins with a redraw of the screen, which no keystroke caused: the first
            // chunk (the consumer is called with one at a time) is not an echo.
            CountDownLatch shown = new CountDownLatch(1);
            Attachment attachment = cluster.client().attach(AttachStart.newBuilder().setName(SESSION)
                    .setCols(LatencyBench.COLS).setRows(LatencyBench.ROWS).build(), bytes -> {
                        long now = System.nanoTime();
                        if (shown.getCount() > 0) {
                            shown.countDown();
                        } else {
                            arrivals.received(bytes.toByteArray(), bytes.size(), now);
                        }
                    });
            if (!shown.await(ATTACH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                attachment.close();
                throw new IllegalStateException("the attachment showed no screen within " + ATTACH_WAIT.toSeconds()
                        + " s");
            }
            return new HttyEchoPath(name, mode, cluster, attachment);
        } catch (InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return DAEMONS + " daemons (Apache Ratis), " + mode.name().toLowerCase(Locale.ROOT)
                + " takeover, a client attached through htty.client.Attachment";
    }

    /** The daemons the session runs on. */
    BenchCluster cluster() {
        return cluster;
    }

    /** The session's name on {@link #cluster()}. */
    String session() {
        return SESSION;
    }

    @Override
    public void awaitReady() throws InterruptedException {
        cluster.awaitReady(SESSION);
    }

    @Override
    public void type(byte keystroke) {
        attachment.sendInput(new byte[] {keystroke});
    }

    @Override
    public void close() {
        attachment.close();
        cluster.close();
    }
}
