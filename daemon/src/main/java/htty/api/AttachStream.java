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
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One attached client: a redraw at a known offset of the session's client stream, then every
 * committed byte from that offset on, in order, never twice; its keys and size go into the log.
 * A client too slow to keep up is skipped ahead with a redraw: it never slows the session, and the
 * daemon holds at most {@link #PENDING_LIMIT} bytes for it.
 */
final class AttachStream implements StreamObserver<AttachRequest> {
    static final int PENDING_LIMIT = 1 << 20;

    private final RaftNode node;
    private final AttachHub hub;
    private final Requests requests;
    private final ServerCallStreamObserver<AttachEvent> out;
    private long session = -1;
    private String name;
    private String clientId;
    private boolean readOnly;
    /** Offset in the client stream of the next byte this client should get. */
    private long next;
    private final ArrayDeque<AttachEvent> pending = new ArrayDeque<>();
    private int pendingBytes;
    private boolean needsRedraw;
    private boolean closed;
    private boolean completed;

    AttachStream(RaftNode node, AttachHub hub, Requests requests, StreamObserver<AttachEvent> out) {
        this.node = node;
        this.hub = hub;
        this.requests = requests;
        this.out = (ServerCallStreamObserver<AttachEvent>) out;
        this.out.setOnReadyHandler(this::flush);
        this.out.setOnCancelHandler(this::leave);
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
                long seq = request.getInput().getSeq();
                requests.input(session, request.getInput())
                        .whenComplete((index, error) -> {
                            if (error != null) {
                                fail(Requests.status(error));
                            } else {
                                send(AttachEvent.newBuilder().setInputAck(seq).build());
                            }
                        });
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
        readOnly = start.getReadOnly();
        // Under the apply lock: the screen and the offset it stands for. Joining after releasing it
        // may miss effects applied in between: the first later one then shows a gap, and a redraw mends it.
        record Start(long id, String name, AttachEvent first, long next, boolean exited, int status) {
        }
        Start found = node.stateMachine().read(table -> {
            Session s = table.byName(start.getName());
            if (s == null) {
                return null;
            }
            byte[] missed = start.getResumeOffset() > 0 ? s.ring().readFrom(start.getResumeOffset()) : null;
            AttachEvent first = missed != null
                    ? AttachEvent.newBuilder().setOutput(OutputChunk.newBuilder()
                            .setOffset(start.getResumeOffset()).setData(ByteString.copyFrom(missed))).build()
                    : redraw(s);
            return new Start(s.id(), s.name(), first, s.ring().end(), s.exited(), s.exitStatus());
        });
        if (found == null) {
            fail(Status.NOT_FOUND.withDescription("no such session: " + start.getName()));
            return;
        }
        synchronized (this) {
            session = found.id();
            name = found.name();
            clientId = start.getClientId();
            next = found.next();
            queue(found.first());
            if (found.exited()) {
                queue(event(SessionEvent.Kind.EXITED, found.status()));
            }
            hub.join(session, this);
        }
        flush();
        if (start.getDetachOthers()) {
            // Through the log, so that the clients attached through other daemons hear it too.
            requests.detach(session, clientId).exceptionally(error -> {
                fail(Requests.status(error));
                return null;
            });
        }
        if (!readOnly && start.getCols() > 0 && start.getRows() > 0) {
            requests.resize(name, start.getCols(), start.getRows()).exceptionally(error -> null);
        }
    }

    /** An effect of the attached session, on the applying thread. */
    synchronized void onEffect(Effect effect) {
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
                    byte[] fresh = Arrays.copyOfRange(o.data(), (int) (next - o.offset()), o.data().length);
                    queue(AttachEvent.newBuilder().setOutput(OutputChunk.newBuilder().setOffset(next)
                            .setData(ByteString.copyFrom(fresh))).build());
                    next = end;
                }
            }
            case Effect.Resized r -> needsRedraw = true;
            case Effect.TakenOver t -> needsRedraw = true; // another program's screen from here
            case Effect.Exited x -> queue(event(SessionEvent.Kind.EXITED, x.status()));
            case Effect.DetachClients d -> {
                if (d.exceptClientId().equals(clientId)) {
                    return;
                }
                queue(event(SessionEvent.Kind.DETACHED, 0));
                closed = true;
            }
            case Effect.Removed x -> {
                queue(event(SessionEvent.Kind.REMOVED, 0));
                closed = true;
            }
            default -> {
                return;
            }
        }
        flush();
    }

    /** The session's screen as a redraw event (under the apply lock). */
    private static AttachEvent redraw(Session s) {
        byte[] screen = htty.term.render.Redraw.render(s.terminal());
        return AttachEvent.newBuilder().setRedraw(Redraw.newBuilder().setScreen(ByteString.copyFrom(screen))
                .setOffset(s.ring().end())).build();
    }

    private void queue(AttachEvent event) {
        pending.add(event);
        pendingBytes += event.getSerializedSize();
        if (pendingBytes > PENDING_LIMIT && pending.size() > 1) {
            needsRedraw = true;
        }
    }

    /** Sends what the client can take now; a redraw replaces what piled up for a slow client. */
    private synchronized void flush() {
        if (needsRedraw && session >= 0) {
            needsRedraw = false;
            AttachEvent fresh = node.stateMachine().read(table -> {
                Session s = table.byId(session);
                return s == null ? null : redraw(s);
            });
            if (fresh != null) {
                pending.clear();
                pendingBytes = 0;
                next = fresh.getRedraw().getOffset();
                queue(fresh);
            }
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
        }
        if (closed && pending.isEmpty() && !completed) {
            completed = true;
            leave();
            out.onCompleted();
        }
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
        return AttachEvent.newBuilder().setEvent(SessionEvent.newBuilder().setKind(kind).setExitStatus(status)).build();
    }

    private synchronized void fail(Status status) {
        if (!completed) {
            closed = true;
            completed = true;
            leave();
            out.onError(status.asRuntimeException());
        }
    }

    private void leave() {
        if (session >= 0) {
            hub.leave(session, this);
        }
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            closed = true;
        }
        leave();
    }

    @Override
    public void onCompleted() {
        end(SessionEvent.Kind.DETACHED, 0);
    }
}
