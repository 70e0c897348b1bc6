package htty.api;

import htty.cluster.RaftNode;
import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateReply;
import htty.proto.api.CreateRequest;
import htty.proto.api.DetachReply;
import htty.proto.api.DetachRequest;
import htty.proto.api.DrainReply;
import htty.proto.api.DrainRequest;
import htty.proto.api.HttyGrpc;
import htty.proto.api.KillReply;
import htty.proto.api.KillRequest;
import htty.proto.api.ListReply;
import htty.proto.api.ListRequest;
import htty.proto.api.LocalProcess;
import htty.proto.api.PeerInfo;
import htty.proto.api.RehearseReply;
import htty.proto.api.RehearseRequest;
import htty.proto.api.ResizeReply;
import htty.proto.api.ResizeRequest;
import htty.proto.api.SendInputReply;
import htty.proto.api.SendInputRequest;
import htty.proto.api.SessionDigest;
import htty.proto.api.SessionInfo;
import htty.proto.api.StatusReply;
import htty.proto.api.StatusRequest;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Kill;
import htty.proto.log.TakeoverMode;
import htty.session.Session;
import htty.term.render.CaptureRange;
import htty.term.render.JsonCells;
import htty.term.render.TextCapture;
import htty.term.snapshot.StateDigest;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The client API of one daemon (htty.proto's {@code Htty} service). */
public final class HttyService extends HttyGrpc.HttyImplBase {
    private static final Duration CAPTURE_WAIT = Duration.ofSeconds(10);

    private final RaftNode node;
    private final AttachHub hub;
    private final Waits waits;
    private final Requests requests;
    private final Supplier<List<LocalProcess>> localProcesses;

    public HttyService(RaftNode node, AttachHub hub, Waits waits, Supplier<List<LocalProcess>> localProcesses) {
        this.node = node;
        this.localProcesses = localProcesses;
        this.hub = hub;
        this.waits = waits;
        this.requests = new Requests(node);
    }

    @Override
    public void create(CreateRequest r, StreamObserver<CreateReply> out) {
        CreateSession c = CreateSession.newBuilder().setName(r.getName()).addAllArgv(r.getArgvList())
                .addAllEnv(r.getEnvList()).setCwd(r.getCwd()).setCols(r.getCols()).setRows(r.getRows())
                .setTakeoverMode(r.getTakeoverMode() == TakeoverMode.RESPAWN ? TakeoverMode.RESPAWN : TakeoverMode.STANDBY)
                .setRequestId(r.getRequestId()).build();
        reply(requests.create(c), a -> CreateReply.newBuilder().setSession(a.getSession()).setIndex(a.getIndex())
                .build(), out);
    }

    @Override
    public void list(ListRequest r, StreamObserver<ListReply> out) {
        try {
            requests.awaitCaughtUp();
        } catch (Exception e) {
            out.onError(Requests.status(e).asRuntimeException());
            return;
        }
        out.onNext(node.stateMachine().read(table -> {
            ListReply.Builder b = ListReply.newBuilder().setAppliedIndex(node.stateMachine().appliedIndex());
            for (Session s : table.all()) {
                b.addSessions(SessionInfo.newBuilder().setId(s.id()).setName(s.name())
                        .setCols(s.terminal().cols()).setRows(s.terminal().rows()).setExited(s.exited())
                        .setExitStatus(s.exitStatus()).addAllArgv(s.spec().getArgvList()).setCreatedIndex(s.id())
                        .setTakeoverMode(s.spec().getTakeoverMode().name().toLowerCase()).setEpoch(s.epoch()));
            }
            return b.build();
        }));
        out.onCompleted();
    }

    @Override
    public void kill(KillRequest r, StreamObserver<KillReply> out) {
        CompletableFuture<Long> done = r.getSignal() == 0
                ? requests.remove(r.getName(), r.getRequestId()) // like tmux kill-session: the session goes
                : requests.session(r.getName()).thenCompose(id -> requests.propose(Command.newBuilder()
                        .setKill(Kill.newBuilder().setSession(id).setSignal(r.getSignal())).build())
                        .thenApply(a -> a.getIndex()));
        reply(done, index -> KillReply.newBuilder().setIndex(index).build(), out);
    }

    @Override
    public void resize(ResizeRequest r, StreamObserver<ResizeReply> out) {
        reply(requests.resize(r.getName(), r.getCols(), r.getRows()),
                index -> ResizeReply.newBuilder().setIndex(index).build(), out);
    }

    @Override
    public void sendInput(SendInputRequest r, StreamObserver<SendInputReply> out) {
        reply(requests.sendInput(r), index -> SendInputReply.newBuilder().setIndex(index).build(), out);
    }

    @Override
    public void capture(CaptureRequest r, StreamObserver<CaptureReply> out) {
        try {
            if (r.getMinIndex() > 0) {
                node.stateMachine().awaitApplied(r.getMinIndex(), CAPTURE_WAIT);
            } else {
                requests.awaitCaughtUp();
            }
        } catch (TimeoutException e) {
            out.onError(Status.DEADLINE_EXCEEDED.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (Exception e) {
            out.onError(Requests.status(e).asRuntimeException());
            return;
        }
        CaptureRange range = new CaptureRange(
                r.getStartOfHistory() ? CaptureRange.HISTORY_START : r.getHasStart() ? r.getStart() : 0,
                r.getHasEnd() ? r.getEnd() : CaptureRange.SCREEN_END);
        CaptureReply reply = node.stateMachine().read(table -> {
            Session s = table.byName(r.getName());
            if (s == null) {
                return null;
            }
            String text = switch (r.getFormat()) {
                case JSON -> JsonCells.render(s.terminal());
                case ESCAPES -> TextCapture.render(s.terminal(), range, r.getJoin(), true);
                default -> TextCapture.render(s.terminal(), range, r.getJoin(), false);
            };
            return CaptureReply.newBuilder().setText(text).setAppliedIndex(node.stateMachine().appliedIndex())
                    .setDigest(StateDigest.hex(s.terminal())).setNode(node.id())
                    .setAlternateScreen(s.terminal().alternateOn()).build();
        });
        if (reply == null) {
            out.onError(Status.NOT_FOUND.withDescription("no such session: " + r.getName()).asRuntimeException());
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }

    @Override
    public StreamObserver<AttachRequest> attach(StreamObserver<AttachEvent> out) {
        return new AttachStream(node, hub, requests, out);
    }

    @Override
    public void detach(DetachRequest r, StreamObserver<DetachReply> out) {
        reply(requests.detach(r.getName(), ""), index -> DetachReply.newBuilder().setIndex(index).build(), out);
    }

    @Override
    public void waitFor(WaitForRequest r, StreamObserver<WaitForReply> out) {
        waits.start(r, out);
    }

    @Override
    public void status(StatusRequest r, StreamObserver<StatusReply> out) {
        try {
            RaftNode.RaftStatus raft = node.status();
            StatusReply.Builder b = StatusReply.newBuilder().setId(raft.id()).setRole(raft.role())
                    .setTerm(raft.term()).setLeader(raft.leader()).setCommitIndex(raft.commitIndex())
                    .setPid(ProcessHandle.current().pid());
            for (String peer : raft.peers()) {
                String[] idAddress = peer.split("=", 2);
                b.addPeers(PeerInfo.newBuilder().setId(idAddress[0]).setAddress(idAddress[1]));
            }
            node.stateMachine().read(table -> {
                b.setAppliedIndex(node.stateMachine().appliedIndex()); // the index the digests stand for
                for (Session s : table.all()) {
                    b.addSessions(SessionDigest.newBuilder().setName(s.name()).setDigest(StateDigest.hex(s.terminal())));
                }
                return null;
            });
            b.addAllProcesses(localProcesses.get());
            out.onNext(b.build());
            out.onCompleted();
        } catch (Exception e) {
            out.onError(Requests.status(e).asRuntimeException());
        }
    }

    @Override
    public void drain(DrainRequest r, StreamObserver<DrainReply> out) {
        try {
            String leader = node.status().leader();
            if (!leader.equals(r.getNode())) {
                out.onNext(DrainReply.newBuilder().setNewLeader(leader).build()); // nothing to move
                out.onCompleted();
                return;
            }
            if (r.getTo().isEmpty() || r.getTo().equals(r.getNode())) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("drain needs another daemon to hand the "
                        + "leadership to").asRuntimeException());
                return;
            }
            var reply = node.transferLeadership(r.getTo());
            String now = node.status().leader();
            if (reply.isSuccess() || !now.isEmpty() && !now.equals(r.getNode())) {
                // A transfer whose target lost its election still drained the node if another won.
                out.onNext(DrainReply.newBuilder().setNewLeader(reply.isSuccess() ? r.getTo() : now).build());
                out.onCompleted();
                return;
            }
            out.onError(Status.UNAVAILABLE.withDescription("leadership transfer to " + r.getTo() + " failed: "
                    + reply.getException()).asRuntimeException());
        } catch (Exception e) {
            out.onError(Requests.status(e).asRuntimeException());
        }
    }

    @Override
    public void rehearse(RehearseRequest r, StreamObserver<RehearseReply> out) {
        try {
            if (!r.getNode().equals(node.status().id())) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("a daemon rehearses only its own leadership: "
                        + "ask " + r.getNode() + " itself").asRuntimeException());
                return;
            }
            out.onNext(RehearseReply.newBuilder().setRehearsed(node.rehearseLeadership()).build());
            out.onCompleted();
        } catch (Exception e) {
            out.onError(Requests.status(e).asRuntimeException());
        }
    }

    private static <T, R> void reply(CompletableFuture<T> result, Function<T, R> toReply, StreamObserver<R> out) {
        result.whenComplete((value, error) -> {
            if (error != null) {
                out.onError(Requests.status(error).asRuntimeException());
            } else {
                out.onNext(toReply.apply(value));
                out.onCompleted();
            }
        });
    }
}
