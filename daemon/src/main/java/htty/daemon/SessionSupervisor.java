package htty.daemon;

import com.google.protobuf.ByteString;
import htty.api.AttachHub;
import htty.api.Waits;
import htty.cluster.RaftNode;
import htty.proto.api.LocalProcess;
import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.proto.log.Input;
import htty.proto.log.TakeoverMode;
import htty.session.Effect;
import htty.session.Session;
import htty.statemachine.HttyStateMachine;
import htty.term.render.CaptureRange;
import htty.term.render.TextCapture;
import htty.term.snapshot.TerminalCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the effects of applied entries, and the takeover protocol.
 *
 * <p>Client-facing effects go to the {@link AttachHub} and the {@link Waits} at once. Process-facing
 * ones run in log order on the session's own lane (a virtual thread), against the session's
 * {@link LocalProgram} on this daemon: in {@code standby} mode every daemon runs the program and
 * feeds it the committed input; in {@code respawn} mode only the leader does.
 *
 * <p><b>Takeover.</b> When this daemon becomes the leader ({@link #onLeaderReady()}), it takes every
 * running session over at an epoch equal to its Raft term: a standby proposes its shadow screen and
 * becomes the voice; a respawn session's program is started afresh. A new session's program becomes
 * the voice the same way, at once. When another daemon becomes the leader, this daemon's voices turn
 * back into standbys (or are replaced by fresh ones, if their last output's fate is unknown).
 *
 * <p><b>Restarts.</b> Entries that were in the log before this daemon started rebuild the screens
 * but run nothing. Once they are applied, every running standby session gets a fresh program fed
 * with the session's retained input history.
 */
public final class SessionSupervisor implements HttyStateMachine.EffectListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);
    /**
     * Replies to a program's queries enter the log as input from this client, numbered by the
     * query's index: each follows whatever came before it (the numbers have holes).
     */
    static final String REPLIES_CLIENT = "htty-replies";
    /** How long a new leader waits for a standby still replaying its input before it takes over anyway. */
    private static final Duration WARM_WAIT = Duration.ofSeconds(3);
    /**
     * A standby whose program exited while the session runs on is replaced after this grace: the
     * voice's program usually exits too (same input), and its exit enters the log within it.
     */
    private static final Duration STANDBY_EXIT_GRACE = Duration.ofSeconds(3);
    private static final Duration STARTUP_REPLAY_WAIT = Duration.ofMinutes(5);
    /** A takeover that did not commit is tried again after 200 ms, 400 ms, ... at most every 2 s. */
    private static final Duration TAKEOVER_RETRY = Duration.ofMillis(200);
    private static final Duration TAKEOVER_RETRY_MAX = Duration.ofSeconds(2);
    /**
     * Standbys are compared with the replicated screen this often, when both have been quiet this
     * long; one that differs on two checks in a row has diverged and is replaced, at most once per
     * session per {@link #REPLACE_AT_MOST_EVERY} (a program that prints the time differs for good).
     */
    private static final Duration DIVERGENCE_CHECK = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration REPLACE_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final RaftNode node;
    private final HttyStateMachine stateMachine;
    /** How this daemon's programs propose: failures are logged. */
    private final LocalProgram.Proposer programsProposer = new LocalProgram.Proposer() {
        @Override
        public CompletableFuture<Applied> propose(Command command) {
            return SessionSupervisor.this.propose(command);
        }

        @Override
        public CompletableFuture<Applied> proposeHere(Command command) {
            return logged(command, node.proposeHere(command));
        }
    };

    private final AttachHub hub;
    private final Waits waits;
    private final Map<Long, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final Map<Long, LocalProgram> programs = new ConcurrentHashMap<>();
    /**
     * Entries below this index were in the log before this daemon started: replaying them rebuilds
     * the screens but must not start programs or feed them old input again.
     */
    private volatile long liveFrom = Long.MAX_VALUE;
    /** When each session's replicated screen last received output (System.nanoTime). */
    private final Map<Long, Long> lastOutput = new ConcurrentHashMap<>();
    /** When each session's standby was last replaced for diverging. */
    private final Map<Long, Long> lastReplaced = new ConcurrentHashMap<>();
    private final ExecutorService leaderChanges =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("leader-changes").factory());
    private final ScheduledExecutorService checker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("divergence-check").factory());

    public SessionSupervisor(RaftNode node, AttachHub hub, Waits waits) {
        this.node = node;
        this.stateMachine = node.stateMachine();
        this.hub = hub;
        this.waits = waits;
        checker.scheduleWithFixedDelay(this::checkStandbys, DIVERGENCE_CHECK.toMillis(), DIVERGENCE_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Compares every quiet standby's shadow with its session's quiet replicated screen. */
    private void checkStandbys() {
        long now = System.nanoTime();
        for (LocalProgram p : programs.values()) {
            long session = p.session();
            Long output = lastOutput.get(session);
            if ((output != null && now - output < QUIET.toNanos()) || !p.isWarm()) {
                continue;
            }
            lane(session).execute(() -> guarded(session, "check its standby", () -> {
                String shadow = p.quietShadowText(QUIET);
                if (shadow == null || programs.get(session) != p || node.isLeader()) {
                    return;
                }
                String replicated = stateMachine.read(t -> t.byId(session) == null ? null
                        : TextCapture.render(t.byId(session).terminal(), CaptureRange.SCREEN, false, false));
                if (replicated == null || p.divergedChecks(!shadow.equals(replicated)) < 2) {
                    return;
                }
                long last = lastReplaced.getOrDefault(session, now - REPLACE_AT_MOST_EVERY.toNanos());
                if (System.nanoTime() - last >= REPLACE_AT_MOST_EVERY.toNanos()) {
                    LOG.warn("session {}: standby pid {} shows another screen than the session's: it diverged; "
                            + "replacing it with a fresh one fed the input history", session, p.pid());
                    lastReplaced.put(session, System.nanoTime());
                    closeProgram(session);
                    startReplayed(session);
                }
            }));
        }
    }

    /** Called once the log is loaded: entries after {@code lastIndexAtStart} are live. */
    public void goLive(long lastIndexAtStart) {
        liveFrom = lastIndexAtStart + 1;
        if (lastIndexAtStart == 0) {
            return;
        }
        LOG.info("replaying log entries up to {} without running their programs again", lastIndexAtStart);
        Thread.ofVirtual().name("standbys-after-restart").start(() -> {
            try {
                stateMachine.awaitApplied(lastIndexAtStart, STARTUP_REPLAY_WAIT);
                startMissingStandbys();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException e) {
                LOG.error("the log was not replayed within {}: no standbys started for running sessions ({})",
                        STARTUP_REPLAY_WAIT, e.getMessage());
            }
        });
    }

    /** Gives every running standby session without a program here a fresh one, fed its input history. */
    private void startMissingStandbys() {
        List<Long> running = stateMachine.read(table -> table.all().stream()
                .filter(s -> !s.exited() && s.takeoverMode() == TakeoverMode.STANDBY).map(Session::id).toList());
        for (long session : running) {
            lane(session).execute(() -> {
                if (!programs.containsKey(session)) {
                    guarded(session, "start a standby", () -> startReplayed(session));
                }
            });
        }
    }

    @Override
    public void onApplied(long index, List<Effect> effects) {
        boolean replay = index < liveFrom;
        for (Effect effect : effects) {
            switch (effect) {
                case Effect.ClientOutput e -> {
                    lastOutput.put(e.session(), System.nanoTime());
                    tellClients(index, e);
                }
                case Effect.Resized e -> tellClients(index, e);
                case Effect.DetachClients e -> tellClients(index, e);
                case Effect.ClientAttached e -> tellClients(index, e);
                case Effect.ClientLeft e -> tellClients(index, e);
                case Effect.Exited e -> {
                    tellClients(index, e);
                    onLane(replay, e.session(), "end its programs", () -> closeProgram(e.session()));
                }
                case Effect.TakenOver e -> {
                    tellClients(index, e);
                    if (!e.node().equals(node.id())) {
                        onLane(replay, e.session(), "step down", () -> stepDown(e.session()));
                    }
                }
                case Effect.Removed e -> {
                    tellClients(index, e);
                    lastOutput.remove(e.session());
                    lastReplaced.remove(e.session());
                    // Not on the lane: a write blocked on a program that reads no input would hold it up.
                    Thread.ofVirtual().name("remove-" + e.session()).start(() -> stop(e.session()));
                }
                case Effect.Spawn s -> onLane(replay, s.session(), "start its program", () -> spawn(index, s));
                case Effect.WritePty w -> onLane(replay, w.session(), "write input", () -> {
                    LocalProgram p = programs.get(w.session());
                    if (p != null) {
                        p.write(index, w.data());
                    }
                });
                case Effect.ResizePty r -> onLane(replay, r.session(), "resize", () -> {
                    LocalProgram p = programs.get(r.session());
                    if (p != null) {
                        p.resize(r.cols(), r.rows());
                    }
                });
                case Effect.Signal s -> onLane(replay, s.session(), "signal", () -> {
                    LocalProgram p = programs.get(s.session());
                    if (p != null) {
                        p.signal(s.signal());
                    }
                });
                case Effect.Reply r -> onLane(replay, r.session(), "reply", () -> {
                    if (node.isLeader()) {
                        propose(Command.newBuilder().setInput(Input.newBuilder().setSession(r.session())
                                .setClientId(REPLIES_CLIENT).setSeq(r.queryIndex())
                                .setAcknowledgedThrough(r.queryIndex() - 1)
                                .setData(ByteString.copyFrom(r.data()))).build());
                    }
                });
            }
        }
    }

    /**
     * The table was replaced by a snapshot. At start, before {@link #goLive}, that is the replay's
     * starting point and needs nothing. Later it means this daemon installed a snapshot from the
     * leader (it lagged too far, or was wiped): the entries it skipped never reached its programs, so
     * each is replaced by a fresh standby fed the input history, and programs of sessions that are
     * gone are ended.
     */
    @Override
    public void onRestored(long appliedIndex) {
        if (appliedIndex < liveFrom) {
            return;
        }
        LOG.info("installed a snapshot at index {}: starting fresh standbys for the running sessions", appliedIndex);
        for (long session : List.copyOf(programs.keySet())) {
            lane(session).execute(() -> closeProgram(session));
        }
        startMissingStandbys();
    }

    @Override
    public void onLeaderReady() {
        node.leadershipSettled();
        hub.newLeader();
        long term = node.term();
        LOG.info("this daemon leads the group in term {}: taking the running sessions over", term);
        Thread.ofVirtual().name("takeover-" + term).start(() -> {
            List<Long> running = stateMachine.read(table -> table.all().stream()
                    .filter(s -> !s.exited()).map(Session::id).toList());
            for (long session : running) {
                lane(session).execute(() -> guarded(session, "take over", () -> takeOver(session, term)));
            }
        });
    }

    @Override
    public void onTermApplied(long term) {
        node.leadershipSettled();
    }

    /**
     * Ratis tells of a new leader while it holds its server's lock, on the way to answering the new
     * leader (or to leading): the work is done on another thread, in order, so that the election's
     * first commit does not wait for a Ratis client to be built.
     */
    @Override
    public void onLeaderChanged(String leader) {
        if (leader.isEmpty()) {
            return; // an election is under way
        }
        leaderChanges.execute(() -> {
            node.followLeader(leader);
            if (leader.equals(node.id())) {
                return;
            }
            node.leadershipSettled();
            hub.newLeader();
            for (LocalProgram p : programs.values()) {
                if (p.role() == LocalProgram.Role.VOICE) {
                    lane(p.session()).execute(() -> guarded(p.session(), "step down", () -> stepDown(p.session())));
                }
            }
        });
    }

    /** The session's local programs, for {@code htty node list}. */
    public List<LocalProcess> localProcesses() {
        List<LocalProcess> out = new ArrayList<>();
        stateMachine.read(table -> {
            for (Session s : table.all()) {
                LocalProgram p = programs.get(s.id());
                if (p != null) {
                    out.add(LocalProcess.newBuilder().setName(s.name()).setRole(p.describe()).setPid(p.pid())
                            .setEpoch(p.epoch()).build());
                }
            }
            return null;
        });
        return out;
    }

    /** Attached clients and waiting scripts hear of what changed at once, on this thread. */
    private void tellClients(long index, Effect effect) {
        hub.dispatch(index, effect);
        waits.dispatch(index, effect);
    }

    private interface LaneTask {
        void run() throws IOException, InterruptedException;
    }

    private void onLane(boolean replay, long session, String what, LaneTask task) {
        if (!replay) {
            lane(session).execute(() -> guarded(session, what, task));
        }
    }

    private void guarded(long session, String what, LaneTask task) {
        try {
            task.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: could not {}: {}", session, what, e.toString());
        }
    }

    private ExecutorService lane(long session) {
        return lanes.computeIfAbsent(session, s -> Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("session-" + s).factory()));
    }

    /** A new session: every replica starts a standby (respawn: only the leader), and the leader's becomes the voice. */
    private void spawn(long index, Effect.Spawn s) throws IOException, InterruptedException {
        if (programs.containsKey(s.session())) {
            return; // started already, after a restart
        }
        boolean leader = node.isLeader();
        if (s.mode() == TakeoverMode.RESPAWN && !leader) {
            return;
        }
        LocalProgram p = LocalProgram.start(s, node.id(), index, new byte[0], s.mode() == TakeoverMode.STANDBY,
                programsProposer, this::standbyEnded);
        programs.put(s.session(), p);
        if (leader) {
            voice(s.session(), p, node.term(), TakeoverMode.STANDBY); // the screen so far: it carries its first output
        }
    }

    /** On the leader: makes this daemon's program the session's voice at {@code term}. */
    private void takeOver(long session, long term) throws IOException, InterruptedException {
        if (!node.isLeader() || node.term() != term) {
            return; // the leadership has moved on since
        }
        if (!awaitsTakeover(session, term)) {
            return;
        }
        LocalProgram p = programs.get(session);
        if (p != null && p.mode() == TakeoverMode.RESPAWN) {
            closeProgram(session);
            p = null;
        }
        if (p != null && p.role() == LocalProgram.Role.VOICE && !p.demote(i -> replicatedScreen(session, i))) {
            closeProgram(session);
            p = null;
        }
        TakeoverMode how = TakeoverMode.STANDBY;
        if (p == null) {
            p = startReplayed(session);
            if (p == null) {
                return;
            }
            how = p.mode();
        }
        p.awaitWarm(WARM_WAIT);
        voice(session, p, term, how);
    }

    /**
     * Makes {@code p} the session's voice at {@code term}. A takeover that did not commit (a
     * proposal lost in the election's turbulence, or refused under load) is tried again for as long
     * as this daemon leads in this term: a session without a voice prints nothing, and no other
     * daemon will take it over while this one leads. A program whose output went into batches that
     * did not count is replaced first.
     */
    private void voice(long session, LocalProgram p, long term, TakeoverMode how)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            LocalProgram.Outcome outcome = p.becomeVoice(term, how);
            if (outcome == LocalProgram.Outcome.VOICE) {
                return;
            }
            if (outcome == LocalProgram.Outcome.DIVERGED) {
                closeProgram(session);
                p = startReplayed(session);
                if (p == null) {
                    return;
                }
                how = p.mode();
                p.awaitWarm(WARM_WAIT);
            }
            if (!node.isLeader() || node.term() != term) {
                LOG.warn("session {}: not taken over in term {}: this daemon no longer leads; its next leader will",
                        session, term);
                return;
            }
            if (!awaitsTakeover(session, term)) {
                return; // it exited, was removed, or an earlier attempt committed after all
            }
            if (attempt % 10 == 0) {
                LOG.error("session {}: {} takeovers in term {} did not commit; it prints nothing until one does. "
                        + "Trying on", session, attempt, term);
            }
            Thread.sleep(Math.min(TAKEOVER_RETRY_MAX.toMillis(), TAKEOVER_RETRY.toMillis() * attempt));
        }
    }

    /** Whether the session still runs with an epoch older than {@code term}: it needs this leader's takeover. */
    private boolean awaitsTakeover(long session, long term) {
        return stateMachine.read(table -> {
            Session s = table.byId(session);
            return s != null && !s.exited() && s.epoch() < term;
        });
    }

    /** This daemon's voice lost the session to another daemon: it becomes a standby, or goes. */
    private void stepDown(long session) throws InterruptedException, IOException {
        LocalProgram p = programs.get(session);
        if (p == null || p.role() != LocalProgram.Role.VOICE || node.isLeader()) {
            return;
        }
        if (p.mode() == TakeoverMode.RESPAWN) {
            LOG.info("session {}: another daemon runs it now; ending pid {} here", session, p.pid());
            closeProgram(session);
        } else if (!p.demote(i -> replicatedScreen(session, i))) {
            closeProgram(session);
            startReplayed(session);
        }
    }

    /**
     * Starts a fresh program for the session: a standby fed with the input history up to the applied
     * index (both read at one moment, under the apply lock; later input arrives through its effects),
     * or for a respawn session a program started afresh with no input. Returns null if the session is
     * gone or has exited.
     */
    private LocalProgram startReplayed(long session) throws IOException {
        record Plan(Effect.Spawn spawn, long through, byte[] history, boolean complete) {
        }
        Plan plan = stateMachine.read(table -> {
            Session s = table.byId(session);
            if (s == null || s.exited()) {
                return null;
            }
            long through = stateMachine.appliedIndex();
            byte[] history = s.takeoverMode() == TakeoverMode.STANDBY ? s.history().through(through) : new byte[0];
            return new Plan(s.spawn(), through, history, s.history().complete());
        });
        if (plan == null) {
            return null;
        }
        if (!plan.complete()) {
            LOG.warn("session {}: its input history has lost its beginning; the new standby may differ from "
                    + "the session's program", session);
        }
        boolean standby = plan.spawn().mode() == TakeoverMode.STANDBY;
        LocalProgram p = LocalProgram.start(plan.spawn(), node.id(), plan.through(), plan.history(), standby,
                programsProposer, this::standbyEnded);
        programs.put(session, p);
        return p;
    }

    /** The session's replicated screen as a record, once this daemon has applied {@code index}. */
    private byte[] replicatedScreen(long session, long index) {
        try {
            stateMachine.awaitApplied(index, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        byte[] record = stateMachine.read(table -> {
            Session s = table.byId(session);
            return s == null ? null : TerminalCodec.encode(s.terminal());
        });
        if (record == null) {
            throw new IllegalStateException("the session is gone");
        }
        return record;
    }

    /** A standby's program exited: unless the session ends too, or this daemon leads, start a fresh one. */
    private void standbyEnded(LocalProgram ended) {
        long session = ended.session();
        CompletableFuture.delayedExecutor(STANDBY_EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                lane(session).execute(() -> guarded(session, "replace an exited standby", () -> {
                    if (programs.get(session) != ended || node.isLeader()) {
                        return;
                    }
                    boolean running = stateMachine.read(t -> t.byId(session) != null && !t.byId(session).exited());
                    if (running) {
                        LOG.info("session {}: standby pid {} exited but the session runs on: starting a fresh one",
                                session, ended.pid());
                        closeProgram(session);
                        startReplayed(session);
                    }
                })));
    }

    private CompletableFuture<Applied> propose(Command command) {
        return logged(command, node.propose(command));
    }

    private static CompletableFuture<Applied> logged(Command command, CompletableFuture<Applied> applied) {
        return applied.whenComplete((a, error) -> {
            if (error != null && RaftNode.leadershipLost(error)) {
                LOG.info("could not commit {}: this daemon no longer leads ({})", command.getKindCase(),
                        error.getMessage());
            } else if (error != null) {
                LOG.warn("could not commit {}: {}", command.getKindCase(), error.toString());
            }
        });
    }

    private void closeProgram(long session) {
        LocalProgram p = programs.remove(session);
        if (p != null) {
            p.close();
        }
    }

    private void stop(long session) {
        LocalProgram p = programs.remove(session);
        if (p != null) {
            p.close();
            LOG.info("session {}: removed, pid {} closed", session, p.pid());
        }
        ExecutorService lane = lanes.remove(session);
        if (lane != null) {
            lane.shutdown();
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
        leaderChanges.shutdownNow();
        for (Long session : List.copyOf(programs.keySet())) {
            stop(session);
        }
    }
}
