package htty.daemon;

import com.google.protobuf.ByteString;
import htty.api.AttachHub;
import htty.api.Waits;
import htty.cluster.RaftNode;
import htty.process.OutputPump;
import htty.process.PtyProcess;
import htty.proto.log.Command;
import htty.proto.log.Input;
import htty.proto.log.Output;
import htty.proto.log.ProcessExited;
import htty.session.Effect;
import htty.statemachine.HttyStateMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the effects of applied entries. Client-facing ones go to the {@link AttachHub} and the
 * {@link Waits} at once; process-facing ones run in order on the session's own lane (a virtual
 * thread), and only on the leader, which runs the sessions' programs: it spawns them, writes committed input to them, and
 * pumps their output back into the log.
 */
public final class SessionSupervisor implements HttyStateMachine.EffectListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionSupervisor.class);
    /** Replies to a program's queries enter the log as input from this client, numbered by the query's index. */
    static final String REPLIES_CLIENT = "htty-replies";
    private static final int MAX_BATCH = htty.session.Limits.MAX_OUTPUT;
    private static final Duration IDLE_GAP = Duration.ofMillis(2);
    private static final int MAX_IN_FLIGHT = 16;

    private final RaftNode node;
    private final AttachHub hub;
    private final Waits waits;
    private final Map<Long, ExecutorService> lanes = new ConcurrentHashMap<>();
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /**
     * Entries below this index were in the log before this daemon started: replaying them rebuilds
     * the screens but must not start programs or feed them old input again.
     */
    private volatile long liveFrom = Long.MAX_VALUE;

    /** A session's program running here, with the pump that feeds its output into the log. */
    private record Running(PtyProcess process, OutputPump pump) {
    }

    public SessionSupervisor(RaftNode node, AttachHub hub, Waits waits) {
        this.node = node;
        this.hub = hub;
        this.waits = waits;
    }

    /** Called once the log is loaded: entries after {@code lastIndexAtStart} are live. */
    public void goLive(long lastIndexAtStart) {
        liveFrom = lastIndexAtStart + 1;
        if (lastIndexAtStart > 0) {
            LOG.info("replaying log entries up to {} without running their programs again", lastIndexAtStart);
        }
    }

    @Override
    public void onApplied(long index, List<Effect> effects) {
        boolean replay = index < liveFrom;
        for (Effect effect : effects) {
            switch (effect) {
                case Effect.ClientOutput e -> tellClients(index, e);
                case Effect.Resized e -> tellClients(index, e);
                case Effect.Exited e -> tellClients(index, e);
                case Effect.DetachClients e -> tellClients(index, e);
                case Effect.Removed e -> {
                    tellClients(index, e);
                    // Not on the lane: a write blocked on a program that reads no input would hold it up.
                    Thread.ofVirtual().name("remove-" + e.session()).start(() -> stop(e.session()));
                }
                default -> {
                    if (!replay) {
                        lane(effect.session()).execute(() -> execute(effect));
                    }
                }
            }
        }
    }

    /** Attached clients and waiting scripts hear of what changed at once, on this thread. */
    private void tellClients(long index, Effect effect) {
        hub.dispatch(effect);
        waits.dispatch(index, effect);
    }

    private ExecutorService lane(long session) {
        return lanes.computeIfAbsent(session, s -> Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("session-" + s).factory()));
    }

    private void execute(Effect effect) {
        try {
            switch (effect) {
                case Effect.Spawn s -> {
                    if (node.isLeader()) {
                        spawn(s);
                    }
                }
                case Effect.WritePty w -> withProcess(w.session(), p -> p.write(w.data()));
                case Effect.ResizePty r -> withProcess(r.session(), p -> p.resize(r.cols(), r.rows()));
                case Effect.Signal s -> withProcess(s.session(), p -> p.signal(s.signal()));
                case Effect.Reply r -> {
                    if (node.isLeader()) {
                        propose(Command.newBuilder().setInput(Input.newBuilder().setSession(r.session())
                                .setClientId(REPLIES_CLIENT).setSeq(r.queryIndex())
                                .setData(ByteString.copyFrom(r.data()))).build(), r.session());
                    }
                }
                default -> throw new IllegalStateException("not a process effect: " + effect);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: {} failed: {}", effect.session(), effect.getClass().getSimpleName(), e.toString());
        }
    }

    private interface ProcessAction {
        void run(PtyProcess process) throws IOException;
    }

    private void withProcess(long session, ProcessAction action) throws IOException {
        Running r = running.get(session);
        if (r != null) {
            action.run(r.process());
        }
    }

    private void spawn(Effect.Spawn s) throws IOException {
        long session = s.session();
        long epoch = 1;
        PtyProcess process = PtyProcess.spawn(s.argv(), s.env(), Path.of(s.cwd().isEmpty() ? "/" : s.cwd()),
                s.cols(), s.rows());
        OutputPump pump = new OutputPump(process, batch -> propose(Command.newBuilder().setOutput(Output.newBuilder()
                .setSession(session).setEpoch(epoch).setData(ByteString.copyFrom(batch))).build(), session),
                MAX_BATCH, IDLE_GAP, MAX_IN_FLIGHT);
        running.put(session, new Running(process, pump));
        LOG.info("session {}: started {} as pid {}", session, s.argv(), process.pid());
        pump.start();
        // The exit enters the log after the last of the output, so that clients see all of it.
        process.exit().thenCombine(pump.done().exceptionally(e -> null), (status, drained) -> status)
                .thenAccept(status -> {
                    LOG.info("session {}: pid {} exited with status {}", session, process.pid(), status);
                    propose(Command.newBuilder().setExited(ProcessExited.newBuilder().setSession(session)
                            .setEpoch(epoch).setStatus(status)).build(), session);
                });
    }

    private java.util.concurrent.CompletableFuture<?> propose(Command command, long session) {
        return node.propose(command.toByteArray()).whenComplete((reply, error) -> {
            if (error != null || !reply.isSuccess()) {
                LOG.warn("session {}: could not commit {}: {}", session, command.getKindCase(),
                        error != null ? error.toString() : reply.getException());
            }
        });
    }

    private void stop(long session) {
        Running r = running.remove(session);
        if (r != null) {
            r.pump().stop();
            r.process().close();
            LOG.info("session {}: removed, pid {} closed", session, r.process().pid());
        }
        ExecutorService lane = lanes.remove(session);
        if (lane != null) {
            lane.shutdown();
        }
    }

    @Override
    public void close() {
        for (Long session : List.copyOf(running.keySet())) {
            stop(session);
        }
    }
}
