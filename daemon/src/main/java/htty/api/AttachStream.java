package htty.api;

import com.google.protobuf.ByteString;
import htty.cluster.RaftNode;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.AttachStart;
import htty.proto.api.OutputChunk;
import htty.proto.api.Redraw;
import htty.proto.api.SessionEvent;
import htty.session.Effect;
import htty.session.Session;
import htty.term.render.CaptureRange;
import htty.term.render.PlainText;
import htty.term.render.TextCapture;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One attached client: a redraw at a known offset of the session's client stream, then every
 * committed byte from that offset on, in order, never twice; its keys and size go into the log,
 * and so does its coming and going, for the session's watchers. A watcher ({@code htty events})
 * gets the same stream with plain text beside the bytes and every event of the session besides:
 * sizes, clients coming and going, detach orders (which it outlives).
 * A client too slow to keep up is skipped ahead with a redraw: it never slows the session, and the
 * daemon holds at most {@link #PENDING_LIMIT} bytes for it. A stream that has had nothing to say
 * for {@link #HEARTBEAT_AFTER} gets a heartbeat, so that a client can tell a quiet session from a
 * daemon that stopped answering.
 */
final class AttachStream implements StreamObserver<AttachRequest> {
    static final int PENDING_LIMIT = 1 << 20;
    /**
     * A stream quiet for this long gets a heartbeat. Clients give up on a stream after 1.5 s of
     * silence (see the client's {@code Attachment}): this leaves room for several to go missing.
     */
    static final Duration HEARTBEAT_AFTER = Duration.ofMillis(250);
    /** How often a stream checks whether it is due a heartbeat: the gap between two is at most 350 ms. */
    private static final Duration HEARTBEAT_CHECK = Duration.ofMillis(100);
    /**
     * One thread serves the heartbeats of every stream: a check is a clock read under the stream's
     * lock, cheap enough for thousands of streams, and never on the thread that applies the log.
     */
    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("attach-heartbeats").daemon().factory());

    private final RaftNode node;
    private final AttachHub hub;
    private final Requests requests;
    private final ServerCallStreamObserver<AttachEvent> out;
    private long session = -1;
    private String name;
    private String clientId;
    private boolean readOnly;
    private boolean watching;
    /** The cluster was told this client attached: it is told when it leaves. */
    private boolean announced;
    private final InputRelay inputs;
    /** Offset in the client stream of the next byte this client should get. */
    private long next;
    private final ArrayDeque<AttachEvent> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean needsRedraw;
    private boolean closed;
    private boolean completed;
    /** When the last event went out to the client (System.nanoTime). */
    private long lastSent;
    private ScheduledFuture<?> heartbeats;

    AttachStream(RaftNode node, AttachHub hub, Requests requests, StreamObserver<AttachEvent> out) {
        this.node = node;
        this.hub = hub;
        this.requests = requests;
        this.inputs = new InputRelay(input -> requests.input(session, input),
                seq -> send(AttachEvent.newBuilder().setInputAck(seq).build()), this::fail);
        this.out = (ServerCallStreamObserver<AttachEvent>) out;
        this.out.setOnReadyHandler(this::flush);
        this.out.setOnCancelHandler(this::gone);
    }

    @Override
    public void onNext(AttachRequest request) {
        switch (request.getKindCase()) {
            case START -> start(request.getStart());
            case INPUT -> {
                if (session < 0 || readOnly) {
                    fail(Status.FAILED_PRECONDITION.withDescription(readOnly ? "attached read-only" : "attach first"));
                    return;
                }
                inputs.send(request.getInput());
            }
            case RESIZE -> {
                if (session >= 0 && !readOnly) {
                    requests.resize(name, request.getResize().getCols(), request.getResize().getRows())
                            .exceptionally(error -> {
                                fail(Requests.status(error));
                                return null;
                            });
                }
            }
            case DETACH -> end(SessionEvent.Kind.DETACHED, 0);
            case KIND_NOT_SET -> fail(Status.INVALID_ARGUMENT.withDescription("empty attach request"));
        }
    }

    /** A new leader takes input: the inputs on their way are proposed again, to it. */
    void newLeader() {
        inputs.newLeader();
    }

    private void start(AttachStart start) {
        if (session >= 0) {
            fail(Status.FAILED_PRECONDITION.withDescription("already attached"));
            return;
        }
        try {
            requests.awaitCaughtUp();
        } catch (Exception e) {
            fail(Requests.status(e));
            return;
        }
        watching = start.getWatch();
        readOnly = start.getReadOnly() || watching;
        Long id = node.stateMachine().read(table -> {
            Session s = table.byName(start.getName());
            return s == null ? null : s.id();
        });
        record Start(String name, AttachEvent first, long next, boolean exited, int status, int cols, int rows,
                     AttachEvent missedTakeover) {
        }
        Start found;
        synchronized (this) {
            if (closed) {
                return; // the client went away meanwhile
            }
            // Joined first, then the screen and the offset it stands for, read under the apply lock, all
            // under this stream's lock: effects applied before the read are skipped by their offsets, and
            // those applied after it wait for the lock and follow. A client resuming gets exact bytes.
            if (id != null) {
                session = id;
                hub.join(session, this);
            }
            found = id == null ? null : node.stateMachine().read(table -> {
                Session s = table.byId(id);
                if (s == null) {
                    return null;
                }
                byte[] missed = start.getResumeOffset() > 0 ? s.ring().readFrom(start.getResumeOffset()) : null;
                AttachEvent first = missed != null ? output(start.getResumeOffset(), missed) : redraw(s);
                // A watcher that reconnects after a takeover it did not hear of is told of it first.
                AttachEvent missedTakeover = watching && start.getEpoch() > 0 && start.getEpoch() != s.epoch()
                        ? event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.TAKEOVER).setNode(s.voice())
                                .setEpoch(s.epoch()))
                        : null;
                return new Start(s.name(), first, s.ring().end(), s.exited(), s.exitStatus(), s.terminal().cols(),
                        s.terminal().rows(), missedTakeover);
            });
            if (found == null) {
                fail(Status.NOT_FOUND.withDescription("no such session: " + start.getName()));
                return;
            }
            name = found.name();
            clientId = start.getClientId();
            next = found.next();
            if (found.missedTakeover() != null) {
                queue(found.missedTakeover());
            }
            queue(found.first());
            if (found.exited()) {
                queue(event(SessionEvent.Kind.EXITED, found.status()));
            }
            announced = !watching;
            heartbeats = HEARTBEATS.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_CHECK.toNanos(),
                    HEARTBEAT_CHECK.toNanos(), TimeUnit.NANOSECONDS);
        }
        flush();
        if (announced) {
            requests.attached(session, clientId, readOnly, start.getReconnect()).exceptionally(error -> null);
        }
        if (start.getDetachOthers()) {
            // Through the log, so that the clients attached through other daemons hear it too.
            requests.detach(session, clientId).exceptionally(error -> {
                fail(Requests.status(error));
                return null;
            });
        }
        // At the size the session has, a resize would only redraw every client: a client resuming
        // after a failover would get a redraw instead of the bytes it missed.
        boolean sameSize = start.getCols() == found.cols() && start.getRows() == found.rows();
        if (!readOnly && start.getCols() > 0 && start.getRows() > 0 && !sameSize) {
            requests.resize(name, start.getCols(), start.getRows()).exceptionally(error -> null);
        }
    }

    /** An effect of the attached session's entry {@code index}, on the applying thread. */
    synchronized void onEffect(long index, Effect effect) {
        if (closed) {
            return;
        }
        switch (effect) {
            case Effect.ClientOutput o -> {
                long end = o.offset() + o.data().length;
                if (end <= next) {
                    return; // already in the redraw
                }
                if (o.offset() > next) {
                    needsRedraw = true; // a gap: cannot happen, but a redraw repairs anything
                } else {
                    queue(output(next, Arrays.copyOfRange(o.data(), (int) (next - o.offset()), o.data().length)));
                    next = end;
                }
            }
            case Effect.Resized r -> {
                if (watching) {
                    // A watcher follows the output, which a redraw would skip: it is told the size instead.
                    queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.RESIZED).setIndex(index)
                            .setCols(r.cols()).setRows(r.rows())));
                } else {
                    needsRedraw = true;
                }
            }
            case Effect.Exited x -> queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.EXITED)
                    .setIndex(index).setExitStatus(x.status())));
            case Effect.DetachClients d -> {
                if (watching) {
                    queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.CLIENTS_DETACHED).setIndex(index)
                            .setClientId(d.exceptClientId())));
                } else if (d.exceptClientId().equals(clientId)) {
                    return;
                } else {
                    queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.DETACHED).setIndex(index)));
                    closed = true;
                }
            }
            case Effect.Removed x -> {
                queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.REMOVED).setIndex(index)));
                announced = false; // gone with the session: there is no one left to tell
                closed = true;
            }
            case Effect.TakenOver t -> {
                queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.TAKEOVER).setIndex(index)
                        .setNode(t.node()).setEpoch(t.epoch())));
                needsRedraw = true; // the takeover replaced the screen: output before it no longer adds up to it
            }
            case Effect.ClientAttached a -> {
                if (!watching) {
                    return;
                }
                queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.CLIENT_ATTACHED).setIndex(index)
                        .setClientId(a.clientId()).setReadOnly(a.readOnly()).setResumed(a.resumed())));
            }
            case Effect.ClientLeft l -> {
                if (!watching) {
                    return;
                }
                queue(event(SessionEvent.newBuilder().setKind(SessionEvent.Kind.CLIENT_LEFT).setIndex(index)
                        .setClientId(l.clientId())));
            }
            default -> {
                return;
            }
        }
        flush();
    }

    /** The session's screen as a redraw event (under the apply lock); a watcher's holds its text too. */
    private AttachEvent redraw(Session s) {
        byte[] screen = htty.term.render.Redraw.render(s.terminal());
        Redraw.Builder redraw = Redraw.newBuilder().setScreen(ByteString.copyFrom(screen)).setOffset(s.ring().end());
        if (watching) {
            redraw.setText(TextCapture.render(s.terminal(), CaptureRange.SCREEN, false, false))
                    .setCols(s.terminal().cols()).setRows(s.terminal().rows()).setEpoch(s.epoch());
        }
        return AttachEvent.newBuilder().setRedraw(redraw).build();
    }

    /**
     * Output from {@code offset} on; a watcher's holds its plain text too. The bytes start at an
     * entry's boundary (a watcher resumes where a chunk ended), so they convert on their own.
     */
    private AttachEvent output(long offset, byte[] data) {
        OutputChunk.Builder chunk = OutputChunk.newBuilder().setOffset(offset).setData(ByteString.copyFrom(data));
        if (watching) {
            chunk.setText(PlainText.of(data));
        }
        return AttachEvent.newBuilder().setOutput(chunk).build();
    }

    private void queue(AttachEvent event) {
        pending.add(event);
        pendingBytes += event.getSerializedSize();
        if (pendingBytes > PENDING_LIMIT && pending.size() > 1) {
            needsRedraw = true;
        }
    }

    /** Sends what the client can take now; a redraw replaces the output that piled up before it. */
    private synchronized void flush() {
        if (needsRedraw && session >= 0) {
            AttachEvent fresh = node.stateMachine().read(table -> {
                Session s = table.byId(session);
                return s == null ? null : redraw(s);
            });
            if (fresh != null) {
                List<AttachEvent> replaced = withRedraw(pending, fresh);
                pending.clear();
                pendingBytes = 0;
                replaced.forEach(this::queue);
                next = fresh.getRedraw().getOffset();
            }
            needsRedraw = false; // also when the redraw alone is over the limit: the client gets it all the same
        }
        while (!pending.isEmpty() && out.isReady()) {
            AttachEvent e = pending.poll();
            pendingBytes -= e.getSerializedSize();
            try {
                out.onNext(e);
            } catch (RuntimeException gone) {
                leave();
                return;
            }
            lastSent = System.nanoTime();
        }
        if (closed && pending.isEmpty() && !completed) {
            completed = true;
            leave();
            out.onCompleted();
        }
    }

    /**
     * What to send instead of {@code pending} once {@code redraw} is made: the redraw stands for the
     * output and the heartbeats; the events stay, takeovers ahead of the redraw (it shows the screen
     * they announce), the rest after it (an exit or detach ends the stream: the final screen comes first).
     */
    static List<AttachEvent> withRedraw(Iterable<AttachEvent> pending, AttachEvent redraw) {
        List<AttachEvent> before = new ArrayList<>();
        List<AttachEvent> after = new ArrayList<>();
        for (AttachEvent e : pending) {
            if (e.hasEvent() && e.getEvent().getKind() == SessionEvent.Kind.TAKEOVER) {
                before.add(e);
            } else if (e.hasEvent() || e.hasInputAck()) {
                after.add(e);
            }
        }
        before.add(redraw);
        before.addAll(after);
        return before;
    }

    /** Tells a client that has heard nothing for a while that this daemon is alive, and how far it has applied. */
    private synchronized void heartbeat() {
        if (closed || !pending.isEmpty() || System.nanoTime() - lastSent < HEARTBEAT_AFTER.toNanos()) {
            return;
        }
        queue(AttachEvent.newBuilder().setHeartbeat(node.stateMachine().appliedIndex()).build());
        flush();
    }

    private synchronized void send(AttachEvent event) {
        if (!closed) {
            queue(event);
            flush();
        }
    }

    private synchronized void end(SessionEvent.Kind kind, int status) {
        if (!closed) {
            queue(event(kind, status));
            closed = true;
            flush();
        }
    }

    private static AttachEvent event(SessionEvent.Kind kind, int status) {
        return event(SessionEvent.newBuilder().setKind(kind).setExitStatus(status));
    }

    private static AttachEvent event(SessionEvent.Builder event) {
        return AttachEvent.newBuilder().setEvent(event).build();
    }

    private synchronized void fail(Status status) {
        if (!completed) {
            closed = true;
            completed = true;
            leave();
            out.onError(status.asRuntimeException());
        }
    }

    /** The client cancelled the call or its side failed: nothing more can reach it. */
    private synchronized void gone() {
        closed = true;
        completed = true;
        leave();
    }

    /** No more effects and no more heartbeats for this stream; the session's watchers hear the client left. */
    private synchronized void leave() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        if (session >= 0) {
            hub.leave(session, this);
        }
        if (announced) {
            announced = false;
            requests.left(session, clientId).exceptionally(error -> null);
        }
    }

    @Override
    public void onError(Throwable t) {
        gone();
    }

    @Override
    public void onCompleted() {
        end(SessionEvent.Kind.DETACHED, 0);
    }
}
