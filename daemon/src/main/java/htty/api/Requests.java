package htty.api;

import htty.cluster.RaftNode;
import htty.proto.api.SendInputRequest;
import htty.proto.log.Applied;
import htty.proto.log.ClientAttached;
import htty.proto.log.ClientLeft;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Detach;
import htty.proto.log.Input;
import htty.proto.log.Remove;
import htty.proto.log.Resize;
import htty.session.Limits;
import htty.session.Session;
import htty.session.SessionTable;
import htty.term.TerminalConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client API's writes: checked here (so that a bad request is refused with a clear error and
 * never enters the log), proposed through Raft, and answered once applied. Also the one place that
 * turns failures into gRPC statuses.
 */
final class Requests {
    static final Duration CATCH_UP = Duration.ofSeconds(5);
    /** How long a read waits for the leader's applied index before it gives up. */
    static final Duration LEADER_ASK = Duration.ofSeconds(1);

    private final RaftNode node;

    Requests(RaftNode node) {
        this.node = node;
    }

    CompletableFuture<Applied> create(CreateSession c) {
        String problem = SessionTable.checkCreate(c);
        if (problem != null) {
            return CompletableFuture.failedFuture(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
        }
        return propose(Command.newBuilder().setCreate(c).build());
    }

    CompletableFuture<Long> sendInput(SendInputRequest r) {
        String problem = checkInput(r);
        return problem != null ? invalid(problem) : session(r.getName()).thenCompose(id -> input(id, r));
    }

    /** Input for a session whose id the caller holds (an attached client): no lookup by name. */
    CompletableFuture<Long> input(long session, SendInputRequest r) {
        String problem = checkInput(r);
        if (problem != null) {
            return invalid(problem);
        }
        return propose(Command.newBuilder().setInput(Input.newBuilder().setSession(session)
                .setClientId(r.getClientId()).setSeq(r.getSeq()).setAcknowledgedThrough(r.getAcknowledgedThrough())
                .setData(r.getData())).build())
                .thenApply(Applied::getIndex);
    }

    private static String checkInput(SendInputRequest r) {
        if (r.getData().size() > Limits.MAX_INPUT) {
            return "input chunk of " + r.getData().size() + " bytes is over the limit of " + Limits.MAX_INPUT;
        }
        if (r.getClientId().isEmpty() || r.getSeq() == 0) {
            return "input needs a client id and a sequence number from 1";
        }
        return null;
    }

    CompletableFuture<Long> resize(String name, int cols, int rows) {
        if (cols < 1 || cols > TerminalConfig.MAX_COLS || rows < 1 || rows > TerminalConfig.MAX_ROWS) {
            return invalid("size must be 1.." + TerminalConfig.MAX_COLS + " columns x 1.." + TerminalConfig.MAX_ROWS
                    + " rows, not " + cols + "x" + rows);
        }
        return session(name).thenCompose(id -> propose(Command.newBuilder()
                .setResize(Resize.newBuilder().setSession(id).setCols(cols).setRows(rows)).build()))
                .thenApply(Applied::getIndex);
    }

    CompletableFuture<Long> remove(String name, String requestId) {
        Applied earlier = node.stateMachine().read(table -> table.answered(requestId));
        if (earlier != null) {
            return CompletableFuture.completedFuture(earlier.getIndex()); // a retry of a removal that took effect
        }
        return session(name).thenCompose(id -> propose(Command.newBuilder()
                .setRemove(Remove.newBuilder().setSession(id).setRequestId(requestId)).build()))
                .thenApply(Applied::getIndex);
    }

    /** Ends the attachments of the session called {@code name}, all but {@code exceptClientId}'s. */
    CompletableFuture<Long> detach(String name, String exceptClientId) {
        return session(name).thenCompose(id -> detach(id, exceptClientId));
    }

    CompletableFuture<Long> detach(long session, String exceptClientId) {
        return propose(Command.newBuilder().setDetach(Detach.newBuilder().setSession(session)
                .setExceptClientId(exceptClientId)).build()).thenApply(Applied::getIndex);
    }

    /** Tells the session's watchers, through the log, that a client attached or resumed its attachment. */
    CompletableFuture<Long> attached(long session, String clientId, boolean readOnly, boolean resumed) {
        return propose(Command.newBuilder().setAttached(ClientAttached.newBuilder().setSession(session)
                .setClientId(clientId).setReadOnly(readOnly).setResumed(resumed)).build()).thenApply(Applied::getIndex);
    }

    /** Tells the session's watchers, through the log, that a client left. */
    CompletableFuture<Long> left(long session, String clientId) {
        return propose(Command.newBuilder().setLeft(ClientLeft.newBuilder().setSession(session).setClientId(clientId))
                .build()).thenApply(Applied::getIndex);
    }

    /** The id of the session called {@code name}, once this replica has caught up with the log. */
    CompletableFuture<Long> session(String name) {
        String problem = Limits.checkName(name);
        if (problem != null) {
            return invalid(problem);
        }
        try {
            awaitCaughtUp();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        Long id = node.stateMachine().read(table -> {
            Session s = table.byName(name);
            return s == null ? null : s.id();
        });
        return id == null
                ? CompletableFuture.failedFuture(Status.NOT_FOUND.withDescription("no such session: " + name)
                        .asRuntimeException())
                : CompletableFuture.completedFuture(id);
    }

    /**
     * Waits until this replica has applied every write a client may have seen acknowledged, through
     * any daemon (reads see earlier writes): the leader's applied index. Without a leader to ask (an
     * election, or a leader this daemon cannot reach) the read is refused as UNAVAILABLE and the
     * client asks again, elsewhere or later: this daemon's own commit index could be far behind (it
     * has just restarted, or was cut off), and a screen from then would be shown as the present.
     */
    void awaitCaughtUp() throws Exception {
        long target;
        try {
            target = node.leaderAppliedIndex().get(LEADER_ASK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw Status.UNAVAILABLE.withDescription("no leader answered: cannot tell whether this daemon is up to date")
                    .asRuntimeException();
        }
        try {
            node.stateMachine().awaitApplied(target, CATCH_UP);
        } catch (TimeoutException e) {
            throw Status.UNAVAILABLE.withDescription("this daemon is behind the log: " + e.getMessage())
                    .asRuntimeException();
        }
    }

    CompletableFuture<Applied> propose(Command command) {
        return node.propose(command).thenApply(Requests::succeeded);
    }

    /** The answer of a command that took effect; a refused one becomes the client's error. */
    private static Applied succeeded(Applied applied) {
        if (!applied.getError().isEmpty()) {
            // An input ahead of an earlier one lost a race the client wins by resending in order.
            Status status = applied.getOutOfOrder() ? Status.ABORTED
                    : applied.getError().startsWith("no such session") ? Status.NOT_FOUND
                    : applied.getError().startsWith("duplicate session") ? Status.ALREADY_EXISTS
                    : Status.INVALID_ARGUMENT;
            throw status.withDescription(applied.getError()).asRuntimeException();
        }
        return applied;
    }

    private static <T> CompletableFuture<T> invalid(String message) {
        return CompletableFuture.failedFuture(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }

    /** The gRPC status a failure should reach the client as. */
    static Status status(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        return Status.UNAVAILABLE.withDescription("the cluster could not serve the request: " + error);
    }
}
