package htty.statemachine;

import com.google.protobuf.InvalidProtocolBufferException;
import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.session.Effect;
import htty.session.SessionTable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The Ratis state machine: decodes each committed entry as a {@link Command}, applies it to the
 * {@link SessionTable} under one lock, and hands the resulting {@link Effect}s to the daemon's
 * {@link EffectListener}. The reply to the proposer is an {@link Applied}. A malformed entry is a
 * no-op with an error reply: nothing in the log can stop a replica.
 */
public final class HttyStateMachine extends BaseStateMachine {
    /** Receives the effects of each applied entry, on the applying thread: it must not block. */
    public interface EffectListener {
        void onApplied(long index, List<Effect> effects);

        /** This daemon became the leader and has applied every entry of earlier terms. Must not block. */
        default void onLeaderReady() {
        }

        /** The group's leader is now {@code leader} (this daemon or another; empty: none known). Must not block. */
        default void onLeaderChanged(String leader) {
        }
    }

    private final SessionTable table = new SessionTable();
    private final Object lock = new Object();
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private volatile EffectListener listener = (index, effects) -> { };

    public void setListener(EffectListener listener) {
        this.listener = listener;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        long index = entry.getIndex();
        SessionTable.Result result;
        synchronized (lock) {
            result = applyEntry(index, entry.getStateMachineLogEntry().getLogData().toByteArray());
            updateLastAppliedTermIndex(entry.getTerm(), index);
            lock.notifyAll();
        }
        listener.onApplied(index, result.effects());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(result.applied().toByteArray())));
    }

    private SessionTable.Result applyEntry(long index, byte[] data) {
        try {
            return table.apply(index, Command.parseFrom(data));
        } catch (InvalidProtocolBufferException e) {
            return new SessionTable.Result(Applied.newBuilder().setIndex(index)
                    .setError("malformed log entry: " + e.getMessage()).build(), List.of());
        }
    }

    /**
     * Ratis "applies" its own entries (configuration, metadata) by moving the applied index without a
     * transaction: wake whoever waits for that index too.
     */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        synchronized (lock) {
            super.notifyTermIndexUpdated(term, index);
            lock.notifyAll();
        }
    }

    @Override
    public void notifyLeaderReady() {
        listener.onLeaderReady();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        listener.onLeaderChanged(newLeader == null ? "" : newLeader.toString());
    }

    /** Reads the table under the apply lock (captures, redraws, listings). */
    public <T> T read(Function<SessionTable, T> reader) {
        synchronized (lock) {
            return reader.apply(table);
        }
    }

    public long appliedIndex() {
        return getLastAppliedTermIndex().getIndex();
    }

    /** Waits until this replica has applied {@code index}, or the timeout passes. */
    public void awaitApplied(long index, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (appliedIndex() < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("index " + index + " not applied here within " + timeout
                            + " (applied: " + appliedIndex() + ")");
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
