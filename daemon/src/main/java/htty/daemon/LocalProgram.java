package htty.daemon;

import com.google.protobuf.ByteString;
import htty.cluster.RaftNode;
import htty.process.OutputPump;
import htty.process.PtyProcess;
import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.proto.log.Output;
import htty.proto.log.ProcessExited;
import htty.proto.log.Takeover;
import htty.proto.log.TakeoverMode;
import htty.session.Effect;
import htty.term.Terminal;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import htty.term.snapshot.SnapshotFormatException;
import htty.term.snapshot.TerminalCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's program as it runs on this daemon. On the leader, once its takeover is committed, it
 * is the session's <em>voice</em>: its output is proposed to the log under the session's epoch.
 * Otherwise it is a <em>standby</em>: it receives the same committed input in log order, and its
 * output feeds a local shadow screen, never the log, so that this daemon can take the session over
 * with the program still running.
 *
 * <p>Every method runs on the session's lane, one at a time and in log order. The output pumps'
 * threads touch only the shadow screen (under its lock) and the batch accounting.
 */
final class LocalProgram implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProgram.class);

    /** What the program is to the session. */
    enum Role { STANDBY, VOICE }

    /** Proposes commands; each completes with its {@link Applied} answer once committed. */
    interface Proposer {
        CompletableFuture<Applied> propose(Command command);

        /**
         * Proposes to this daemon's own server, which must be a ready leader: when this returns, the
         * entry is in the log ahead of every later proposal, or the future has failed already and
         * nothing was appended.
         */
        CompletableFuture<Applied> proposeHere(Command command);
    }

    /** What {@link #becomeVoice} came to. */
    enum Outcome {
        /** The takeover committed: the program is the session's voice. */
        VOICE,
        /** The takeover did not commit and the program printed nothing meanwhile: it is a standby as before. */
        STANDBY,
        /**
         * The takeover did not commit, and what the program printed meanwhile went into batches that
         * will not count: its shadow misses it. Replace the program.
         */
        DIVERGED
    }

    private static final int MAX_BATCH = htty.session.Limits.MAX_OUTPUT;
    private static final Duration IDLE_GAP = Duration.ofMillis(2);
    private static final int MAX_IN_FLIGHT = 16;
    /** A standby's shadow needs no backpressure: it is fed synchronously. */
    private static final int SHADOW_BATCH = 64 * 1024;
    /**
     * A replayed standby counts as warm once its output has been quiet this long after the replay:
     * the program has caught up with the input it was given.
     */
    private static final Duration WARM_QUIET = Duration.ofMillis(300);
    /** ... or, if the session keeps printing (and so the standby too), this long after the replay. */
    private static final Duration WARM_AT_THE_LATEST = Duration.ofSeconds(2);
    /**
     * A program started afresh gets its first input (a standby its replay, any other the first
     * committed input) once it has printed nothing for this long: input that comes before the
     * program has set its terminal up (a shell its prompt and raw mode, {@code stty raw -echo} its
     * modes) is echoed and edited by the PTY's line discipline, and then read by the program as
     * well. A respawned program, to which clients type on as it starts, showed keys twice so (found
     * by the chaos bench); a standby would differ from the session.
     */
    private static final Duration SETTLE_QUIET = Duration.ofMillis(300);
    /** ... but the replay waits no longer than this for a program that keeps printing. */
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(2);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(10);

    private final long session;
    private final String node;
    private final TakeoverMode mode;
    private final PtyProcess process;
    private final Proposer proposer;
    private final Consumer<LocalProgram> onStandbyEnded;

    /** The standby's view of its own output; also what a takeover carries. Guarded by itself. */
    private Terminal shadow;
    private volatile OutputPump pump;
    private volatile Role role = Role.STANDBY;
    private volatile long epoch;
    /** Input of entries up to this index is already in the program. */
    private long fedThrough;
    /** Whether it has had time to set its terminal up (see {@link #SETTLE_QUIET}). */
    private volatile boolean settled;
    private volatile boolean warm;
    private final long started = System.nanoTime();
    /** When it last printed (read by the shadow's pump or the voice's). */
    private volatile long lastOutput = started;
    /** When its replayed input was written (its start, if none was). */
    private volatile long replayed = started;
    private volatile Integer exitStatus;
    private int divergedChecks;

    // The voice's batches: how many await their answer, and whether one did not make it into the log
    // (refused as fenced off, or failed): then its output is not all in the replicated screen.
    private final AtomicInteger pending = new AtomicInteger();
    /** The batches the current voice pump has proposed. */
    private final AtomicInteger batches = new AtomicInteger();
    private volatile boolean fenced;
    private volatile long lastAccepted;

    private LocalProgram(long session, String node, TakeoverMode mode, PtyProcess process, Terminal shadow,
                         long fedThrough, Proposer proposer, Consumer<LocalProgram> onStandbyEnded) {
        this.session = session;
        this.node = node;
        this.mode = mode;
        this.process = process;
        this.shadow = shadow;
        this.fedThrough = fedThrough;
        this.proposer = proposer;
        this.onStandbyEnded = onStandbyEnded;
    }

    /**
     * Starts the program as a standby that has received the input of every entry up to {@code fedThrough}:
     * {@code replay} is that input (empty for a program started with its session), written once the
     * program has settled (see {@link #SETTLE_QUIET}); the caller's lane waits meanwhile, so later
     * input follows it.
     *
     * @param readShadow whether to read its output into the shadow now; a respawned program's output
     *     waits in its PTY until it becomes the voice
     */
    static LocalProgram start(Effect.Spawn spawn, String node, long fedThrough, byte[] replay, boolean readShadow,
                              Proposer proposer, Consumer<LocalProgram> onStandbyEnded) throws IOException {
        List<Map.Entry<String, String>> env = new ArrayList<>(spawn.env());
        env.add(Map.entry("HTTY_NODE", node)); // lets a program (or a test) tell the replicas apart
        PtyProcess process = PtyProcess.spawn(spawn.argv(), env,
                Path.of(spawn.cwd().isEmpty() ? "/" : spawn.cwd()), spawn.cols(), spawn.rows());
        LocalProgram p = new LocalProgram(spawn.session(), node, spawn.mode(), process, new Terminal(spawn.screen()),
                fedThrough, proposer, onStandbyEnded);
        if (readShadow) {
            p.startShadowPump();
        }
        if (replay.length > 0) {
            p.settle();
            process.write(replay);
            p.replayed = System.nanoTime();
        } else {
            p.warm = true;
        }
        LOG.info("session {}: started {} as pid {} ({} bytes of input replayed)", spawn.session(), spawn.argv(),
                process.pid(), replay.length);
        return p;
    }

    long session() {
        return session;
    }

    TakeoverMode mode() {
        return mode;
    }

    Role role() {
        return role;
    }

    long epoch() {
        return epoch;
    }

    long pid() {
        return process.pid();
    }

    boolean exited() {
        return exitStatus != null;
    }

    /** How {@code htty node list} shows it. */
    String describe() {
        if (role == Role.VOICE) {
            return "voice";
        }
        return exited() ? "exited" : isWarm() ? "standby" : "warming";
    }

    /** Waits until the fresh program has set its terminal up: it has printed nothing for {@link #SETTLE_QUIET}. */
    private void settle() {
        settled = true;
        long deadline = started + SETTLE_AT_MOST.toNanos();
        while (System.nanoTime() - lastOutput < SETTLE_QUIET.toNanos() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether it has caught up with the session's input, so that it may take the session over. */
    boolean isWarm() {
        long now = System.nanoTime();
        if (!warm && (now - Math.max(lastOutput, replayed) > WARM_QUIET.toNanos()
                || now - replayed > WARM_AT_THE_LATEST.toNanos())) {
            warm = true;
        }
        return warm;
    }

    /** Waits (on the lane) until it is warm or {@code limit} passes; a cold standby still beats none. */
    void awaitWarm(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!isWarm() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * The shadow screen as text, if the program's output has been quiet for {@code quiet} (else null):
     * what is compared with the replicated screen to find a standby that went its own way.
     */
    String quietShadowText(Duration quiet) {
        if (role != Role.STANDBY || exited() || System.nanoTime() - lastOutput < quiet.toNanos()) {
            return null;
        }
        synchronized (this) {
            return TextCapture.render(shadow, CaptureRange.SCREEN, false, false);
        }
    }

    /** Counts consecutive checks that found the shadow different from the replicated screen. */
    int divergedChecks(boolean differs) {
        divergedChecks = differs ? divergedChecks + 1 : 0;
        return divergedChecks;
    }

    /** Committed input of the entry at {@code index}, unless the program already has it. */
    void write(long index, byte[] data) throws IOException {
        if (index <= fedThrough || exited()) {
            return;
        }
        fedThrough = index;
        if (!settled) {
            settle(); // on the lane: later input waits behind this
        }
        process.write(data);
    }

    void resize(int cols, int rows) {
        process.resize(cols, rows);
        synchronized (this) {
            shadow.resize(cols, rows);
        }
    }

    void signal(int signal) {
        process.signal(signal);
    }

    /**
     * Makes this program the session's voice at {@code newEpoch}: proposes the takeover (with the
     * shadow screen, or for a respawn with none) to this daemon's own server and, as soon as it is
     * in the log, proposes the program's output from then on: the output follows the takeover in
     * the log and commits with it, so the first echo after a failover does not wait for the
     * takeover's own commit. Output read before the takeover is in the shadow; output after it
     * waits in the PTY until the voice's pump reads it, so every byte goes to exactly one of them.
     */
    Outcome becomeVoice(long newEpoch, TakeoverMode how) throws InterruptedException {
        long began = System.nanoTime();
        byte[] screen = new byte[0];
        OutputPump shadowPump = pump;
        pump = null;
        if (shadowPump != null) {
            feedShadow(await(shadowPump.stop()));
        }
        if (how != TakeoverMode.RESPAWN) {
            synchronized (this) {
                screen = TerminalCodec.encode(shadow);
            }
        }
        long proposed = System.nanoTime();
        CompletableFuture<Applied> takeover = proposer.proposeHere(Command.newBuilder().setTakeover(
                Takeover.newBuilder().setSession(session).setNewEpoch(newEpoch).setNode(node)
                        .setScreen(ByteString.copyFrom(screen)).setHow(how)).build());
        if (takeover.isCompletedExceptionally()) {
            LOG.warn("session {}: takeover at epoch {} not proposed ({}); staying a standby", session, newEpoch,
                    takeover.exceptionNow());
            startShadowPump();
            return Outcome.STANDBY;
        }
        long previousEpoch = epoch;
        epoch = newEpoch;
        role = Role.VOICE;
        fenced = false;
        batches.set(0);
        startVoicePump();
        Applied applied;
        try {
            applied = await(takeover);
        } catch (RuntimeException e) {
            applied = Applied.newBuilder().setError(e.toString()).build();
        }
        if (applied.getError().isEmpty()) {
            LOG.info("session {}: this daemon's pid {} is the session's voice from epoch {} (log index {}; "
                    + "{} ms to stop the shadow and encode its {} bytes, {} ms to commit them)", session,
                    process.pid(), newEpoch, applied.getIndex(), (proposed - began) / 1_000_000, screen.length,
                    (System.nanoTime() - proposed) / 1_000_000);
            return Outcome.VOICE;
        }
        OutputPump voicePump = pump;
        pump = null;
        byte[] rest = await(voicePump.stop());
        role = Role.STANDBY;
        epoch = previousEpoch;
        if (batches.get() > 0) {
            LOG.warn("session {}: takeover at epoch {} not committed ({}), and pid {} printed meanwhile: it may "
                    + "have diverged", session, newEpoch, applied.getError(), process.pid());
            return Outcome.DIVERGED;
        }
        LOG.warn("session {}: takeover at epoch {} not committed ({}); staying a standby", session, newEpoch,
                applied.getError());
        feedShadow(rest);
        startShadowPump();
        return Outcome.STANDBY;
    }

    /**
     * Turns the voice back into a standby after this daemon lost the leadership. Its shadow becomes
     * the replicated screen as of its last accepted batch, plus what it read but never proposed. If
     * a batch was refused or its fate is unknown, the shadow cannot be known to match the program:
     * it may have diverged.
     *
     * @param replicatedScreen the session's replicated screen as a record, read once this daemon has
     *     applied the given index
     * @return whether it is a standby now; false: it may have diverged, replace it
     */
    boolean demote(LongFunction<byte[]> replicatedScreen) throws InterruptedException {
        OutputPump voicePump = pump;
        pump = null;
        role = Role.STANDBY;
        byte[] rest = voicePump == null ? new byte[0] : await(voicePump.stop());
        long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (fenced || pending.get() > 0) {
            LOG.info("session {}: pid {} is no longer the voice and some of its output was not committed: "
                    + "replacing it with a fresh standby", session, process.pid());
            return false;
        }
        byte[] record = replicatedScreen.apply(lastAccepted);
        try {
            Terminal restored = TerminalCodec.decode(record);
            synchronized (this) {
                shadow = restored;
            }
        } catch (SnapshotFormatException e) {
            throw new IllegalStateException("the replicated screen did not decode", e);
        }
        feedShadow(rest);
        startShadowPump();
        LOG.info("session {}: pid {} is no longer the voice (epoch {}); it stays on as a standby", session,
                process.pid(), epoch);
        return true;
    }

    private void startShadowPump() {
        OutputPump p = new OutputPump(process, batch -> {
            feedShadow(batch);
            lastOutput = System.nanoTime();
            return CompletableFuture.completedFuture(null);
        }, SHADOW_BATCH, IDLE_GAP, 1);
        watchEnd(p);
        pump = p;
        p.start();
    }

    private void startVoicePump() {
        long e = epoch;
        OutputPump p = new OutputPump(process, batch -> {
            lastOutput = System.nanoTime();
            pending.incrementAndGet();
            batches.incrementAndGet();
            // Only to this daemon's own server, which appends in the order proposed, and only while it is
            // the ready leader: a batch forwarded elsewhere, or held back while a new election settled,
            // could be appended after a later one (the chaos bench saw two echoes swapped so).
            return proposer.proposeHere(Command.newBuilder().setOutput(Output.newBuilder().setSession(session)
                    .setEpoch(e).setData(ByteString.copyFrom(batch))).build())
                    .whenComplete((a, error) -> {
                        if (error != null) {
                            // Not committed, or its fate unknown: the shadow cannot be rebuilt from the log.
                            fenced = true;
                        }
                        pending.decrementAndGet();
                    })
                    .thenApply(a -> {
                        if (!a.getError().isEmpty()) {
                            fenced = true; // a newer epoch took over: stop reading, the program is a standby now
                            throw new CompletionException(new FencedOff(a.getError()));
                        }
                        lastAccepted = Math.max(lastAccepted, a.getIndex());
                        return a;
                    });
        }, MAX_BATCH, IDLE_GAP, MAX_IN_FLIGHT);
        watchEnd(p);
        p.done().exceptionally(error -> {
            voiceStopped(error);
            return null;
        });
        pump = p;
        p.start();
    }

    /** The log refused a voice's output: another daemon's voice took the session over, or it ended. */
    private static final class FencedOff extends IllegalStateException {
        FencedOff(String why) {
            super(why);
        }
    }

    /**
     * The voice's pump stopped on a batch that did not commit. If this daemon lost its leadership, or
     * the log fenced the voice off, that is the normal end of a voice (the supervisor demotes it
     * next, and says so). Otherwise it is news: the program's output is no longer read.
     */
    private void voiceStopped(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof FencedOff || RaftNode.leadershipLost(cause)) {
            return;
        }
        LOG.warn("session {}: pid {}'s output is no longer read, as a batch of it did not commit ({}): the program "
                + "blocks once its PTY buffer is full, until this daemon stops leading", session, process.pid(),
                cause.toString());
    }

    /**
     * The program's end, once its pump has read the last of its output: the voice reports it to the
     * log after that output, so that clients see all of it; a standby tells the supervisor.
     */
    private void watchEnd(OutputPump p) {
        process.exit().thenCombine(p.done().exceptionally(error -> null), (status, drained) -> status)
                .thenAccept(status -> {
                    if (pump != p) {
                        return; // that pump was stopped for a change of role: its successor reports
                    }
                    exitStatus = status;
                    if (role == Role.VOICE) {
                        LOG.info("session {}: pid {} exited with status {}", session, process.pid(), status);
                        proposer.propose(Command.newBuilder().setExited(ProcessExited.newBuilder()
                                .setSession(session).setEpoch(epoch).setStatus(status)).build());
                    } else {
                        LOG.info("session {}: standby pid {} exited with status {}", session, process.pid(), status);
                        onStandbyEnded.accept(this);
                    }
                });
    }

    private void feedShadow(byte[] bytes) {
        if (bytes.length > 0) {
            synchronized (this) {
                shadow.feed(bytes); // its replies are dropped: only the replicated screen answers queries
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public void close() {
        OutputPump p = pump;
        pump = null;
        if (p != null) {
            p.stop();
        }
        process.close();
    }
}
