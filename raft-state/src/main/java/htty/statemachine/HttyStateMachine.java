package htty.statemachine;

import com.google.protobuf.InvalidProtocolBufferException;
import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.session.Effect;
import htty.session.SessionTable;
import htty.session.TableCodec;
import htty.term.snapshot.SnapshotFormatException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.segmented.LogSegmentPath;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The Ratis state machine: decodes each committed entry as a {@link Command}, applies it to the
 * {@link SessionTable} under one lock, and hands the resulting {@link Effect}s to the daemon's
 * {@link EffectListener}. The reply to the proposer is an {@link Applied}. A malformed entry is a
 * no-op with an error reply: nothing in the log can stop a replica.
 *
 * <p>Snapshots: {@link #takeSnapshot()} writes the whole table ({@link TableCodec}) to one file of
 * Ratis's {@link SimpleStateMachineStorage}, named by the term and index it stands for, with an MD5
 * file beside it. The latest one is loaded at start ({@link #initialize}) and again when a follower
 * has installed one sent by the leader ({@link #reinitialize()}). When to take one is the daemon's
 * choice: it watches {@link #logBytesSinceSnapshot()}.
 *
 * <p>A replica that starts with no log and no snapshot first writes the {@linkplain #FOUNDING founding
 * snapshot}: the empty table at index 0, the same on every replica, so that the log's first entry is
 * index 1 (docs/failover.md, "A follower that refuses every append for good", says why).
 */
public final class HttyStateMachine extends BaseStateMachine {
    /** Hears what applying the log does (on the applying thread) and who leads: it must not block. */
    public interface EffectListener {
        void onApplied(long index, List<Effect> effects);

        /** This daemon became the leader and has applied every entry of earlier terms. Must not block. */
        default void onLeaderReady() {
        }

        /** The group's leader is now {@code leader} (this daemon or another; empty: none known). Must not block. */
        default void onLeaderChanged(String leader) {
        }

        /**
         * This replica applied the first entry of {@code term}: that term's leader has committed its
         * first entry, so it takes proposals now. Called on the applying thread; must not block.
         */
        default void onTermApplied(long term) {
        }

        /**
         * The table was replaced by a snapshot's, which stands for the log up to and including
         * {@code appliedIndex}: the entries it covers never reach {@link #onApplied} here, and
         * sessions may have appeared, changed or gone without any effect saying so. Called after the
         * swap (reads already see the new table), outside the apply lock, before the entry after
         * {@code appliedIndex} is applied: at start, on a Ratis thread while {@code RaftServer.start()}
         * waits for it; after a snapshot was installed from the leader, on the applying thread.
         */
        default void onRestored(long appliedIndex) {
        }
    }

    /**
     * The founding snapshot's place: index 0, in term 0, before any election. Every replica of a new
     * group holds it, so no two replicas can disagree about index 0, as they could when a leader of
     * the group's first second wrote its first entry there and was deposed before anyone had it.
     * Every append from index 1 names this snapshot as its previous entry, which every replica holds;
     * and a Ratis heartbeat that names no previous entry, on which a follower commits index 0
     * unchecked, commits this.
     */
    public static final TermIndex FOUNDING = TermIndex.valueOf(0, 0);

    private final Object lock = new Object();
    /** Replaced, never changed in place, when a snapshot is loaded. Guarded by {@link #lock}. */
    private SessionTable table = new SessionTable();
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private volatile EffectListener listener = (index, effects) -> { };
    /** Bytes of log entries applied since this replica started. Written under {@link #lock}. */
    private volatile long appliedBytes;
    /** {@link #appliedBytes} when the latest snapshot was taken or loaded. Written under {@link #lock}. */
    private volatile long appliedBytesAtSnapshot;

    public void setListener(EffectListener listener) {
        this.listener = listener;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            if (storage.getLatestSnapshot() == null && LogSegmentPath.getLogSegmentPaths(raftStorage).isEmpty()) {
                write(FOUNDING, TableCodec.encode(new SessionTable()));
            }
            load(storage.getLatestSnapshot());
        });
    }

    /** Ratis pauses the state machine before it moves an installed snapshot into place. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** A follower installed a snapshot from the leader: it replaces the table. */
    @Override
    public void reinitialize() throws IOException {
        // Read the directory again: the cached latest snapshot is this replica's own, older one.
        load(storage.loadLatestSnapshot());
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        SessionTable restored;
        try {
            // No MD5 check: the snapshot carries a checksum of its own, which decoding verifies.
            restored = TableCodec.decode(Files.readAllBytes(file.toPath()));
        } catch (SnapshotFormatException e) {
            throw new IOException("snapshot " + file + " cannot be loaded: " + e.getMessage(), e);
        }
        synchronized (lock) {
            table = restored;
            setLastAppliedTermIndex(snapshot.getTermIndex());
            appliedBytesAtSnapshot = appliedBytes;
            lock.notifyAll();
        }
        listener.onRestored(snapshot.getIndex());
    }

    /**
     * Writes the table as of the last applied entry. Ratis calls this on the applying thread, so no
     * entry is applied meanwhile; the lock keeps readers out only while the table is encoded.
     */
    @Override
    public long takeSnapshot() throws IOException {
        TermIndex last;
        byte[] encoded;
        long bytesCovered;
        synchronized (lock) {
            last = getLastAppliedTermIndex();
            if (last == null || last.getIndex() < 0) {
                return RaftLog.INVALID_LOG_INDEX;
            }
            encoded = TableCodec.encode(table);
            bytesCovered = appliedBytes;
        }
        write(last, encoded);
        synchronized (lock) {
            appliedBytesAtSnapshot = bytesCovered;
        }
        return last.getIndex();
    }

    /** Writes {@code encoded} as the snapshot standing for the log up to {@code last}, and makes it the latest. */
    private void write(TermIndex last, byte[] encoded) throws IOException {
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        AtomicFileOutputStream out = new AtomicFileOutputStream(file);
        try {
            out.write(encoded);
            out.close(); // flushes, syncs, and only then renames the file into place
        } catch (IOException e) {
            out.abort();
            throw e;
        }
        MD5Hash md5 = MD5Hash.newInstance(MD5FileUtil.newMD5().digest(encoded));
        MD5FileUtil.saveMD5File(file, md5);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    }

    /** Bytes of log entries applied since the latest snapshot was taken or loaded (or since start). */
    public long logBytesSinceSnapshot() {
        return appliedBytes - appliedBytesAtSnapshot;
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
        ByteString data = entry.getStateMachineLogEntry().getLogData();
        long termBefore;
        synchronized (lock) {
            result = applyEntry(index, data.toByteArray());
            termBefore = appliedTerm();
            updateLastAppliedTermIndex(entry.getTerm(), index);
            appliedBytes += data.size();
            lock.notifyAll();
        }
        listener.onApplied(index, result.effects());
        tellIfNewTerm(termBefore, entry.getTerm());
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
        long termBefore;
        synchronized (lock) {
            termBefore = appliedTerm();
            super.notifyTermIndexUpdated(term, index);
            lock.notifyAll();
        }
        tellIfNewTerm(termBefore, term);
    }

    private void tellIfNewTerm(long termBefore, long term) {
        if (term > termBefore) {
            listener.onTermApplied(term);
        }
    }

    /** The term of the last entry this replica applied. */
    public long appliedTerm() {
        return getLastAppliedTermIndex().getTerm();
    }

    @Override
    public void notifyLeaderReady() {
        listener.onLeaderReady();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeader) {
        listener.onLeaderChanged(newLeader == null ? "" : newLeader.toString());
    }

    /**
     * Answers a read-only request with this replica's applied index: asked of the leader, it is an
     * index at least as new as any write a client has seen acknowledged, so a replica that waits for
     * it serves reads that see those writes.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(appliedIndex())));
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
