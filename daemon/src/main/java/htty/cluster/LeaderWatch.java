package htty.cluster;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StartLeaderElectionRequestProto;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices at once that the leader's daemon is gone, and has one of the others stand for election
 * without waiting for Ratis's election timeout.
 *
 * <p><b>Noticing.</b> It holds a connection open to each other daemon's Raft port (a gRPC channel
 * that carries no calls) and watches the leader's. When the leader's process dies, its kernel closes
 * the connection: this daemon hears of it 70-190 ms after a {@code kill -9} (the kernel frees the
 * dead JVM's memory before it closes its sockets), where Ratis's follower notices the silence only
 * one to two election timeouts after the leader's last word. A leader that is paused or cut off
 * keeps its connection and is left to Ratis's timeout, as it should be: it may come back.
 *
 * <p><b>Standing.</b> Every daemon left hears of it, so they agree on one to stand: the one whose
 * log is the longest (the first in the group's order among equals), which each finds out by asking
 * the others for their last entry. Two standing at once would split the vote, and the group would
 * wait for the timeout after all. Ratis has no call to start an election; its leadership transfer
 * has one, the request a leader sends the daemon it hands over to, which the daemon that stands
 * sends itself in the name of the leader it saw go. An election started early is safe (Raft's
 * votes decide), and the one started by mistake (the leader was alive) costs one election.
 */
final class LeaderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderWatch.class);
    /** gRPC closes a channel without calls after its idle timeout; this long turns that off. */
    private static final long NEVER_IDLE_DAYS = 30;

    private final RaftServer server;
    private final RaftGroup group;
    private final RaftPeerId self;
    private final Function<RaftPeerId, Optional<TermIndex>> lastEntryOf;
    private final Map<RaftPeerId, ManagedChannel> channels = new LinkedHashMap<>();
    /** Guarded by this: the leader, and the daemons whose channel is being watched (one watch each). */
    private RaftPeerId leader;
    private final Set<RaftPeerId> watched = new HashSet<>();
    private boolean closed;

    /**
     * @param lastEntryOf asks a daemon for the last entry of its log (empty: it did not answer)
     */
    LeaderWatch(RaftServer server, RaftGroup group, RaftPeerId self,
                Function<RaftPeerId, Optional<TermIndex>> lastEntryOf) {
        this.server = server;
        this.group = group;
        this.self = self;
        this.lastEntryOf = lastEntryOf;
        for (RaftPeer peer : group.getPeers()) {
            if (!peer.getId().equals(self)) {
                channels.put(peer.getId(), ManagedChannelBuilder.forTarget(peer.getAddress()).usePlaintext()
                        .idleTimeout(NEVER_IDLE_DAYS, TimeUnit.DAYS).build());
            }
        }
    }

    /** {@code id} leads now (this daemon, another, or none: null): its connection is the one watched. */
    void follow(RaftPeerId id) {
        ManagedChannel channel = id == null ? null : channels.get(id);
        boolean start;
        synchronized (this) {
            leader = id;
            start = channel != null && watched.add(id);
        }
        if (channel != null) {
            channel.resetConnectBackoff(); // it may have been down, and be back: connect now, not after a backoff
        }
        if (start) {
            watch(id, channel);
        }
    }

    /** Follows the channel's state for as long as {@code peer} leads: up, and then down. */
    private void watch(RaftPeerId peer, ManagedChannel channel) {
        ConnectivityState state = channel.getState(true);
        channel.notifyWhenStateChanged(state, () -> {
            synchronized (this) {
                if (closed || !peer.equals(leader)) {
                    watched.remove(peer);
                    return;
                }
            }
            if (state == ConnectivityState.READY) {
                Thread.ofVirtual().name("leader-gone").start(() -> gone(peer));
            }
            watch(peer, channel);
        });
    }

    /** The leader's connection closed: this daemon stands, unless another one's log is longer. */
    private void gone(RaftPeerId dead) {
        try {
            var division = server.getDivision(group.getGroupId());
            var info = division.getInfo();
            TermIndex mine = division.getRaftLog().getLastEntryTermIndex();
            if (!info.isFollower() || !dead.equals(info.getLeaderId()) || mine == null) {
                LOG.info("the leader {} is gone (its connection closed); an election is under way already", dead);
                return;
            }
            List<RaftPeerId> order = group.getPeers().stream().map(RaftPeer::getId).toList();
            for (RaftPeerId other : order) {
                if (other.equals(dead) || other.equals(self)) {
                    continue;
                }
                Optional<TermIndex> theirs = lastEntryOf.apply(other);
                if (theirs.isPresent() && (theirs.get().compareTo(mine) > 0
                        || theirs.get().compareTo(mine) == 0 && order.indexOf(other) < order.indexOf(self))) {
                    LOG.info("the leader {} is gone (its connection closed): {} stands for election", dead, other);
                    return;
                }
            }
            StartLeaderElectionRequestProto request = StartLeaderElectionRequestProto.newBuilder()
                    .setServerRequest(RaftRpcRequestProto.newBuilder()
                            .setRequestorId(dead.toByteString())
                            .setReplyId(self.toByteString())
                            .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(group.getGroupId().toByteString()))
                            .setCallId(CallId.getAndIncrement()))
                    .setLeaderLastEntry(mine.toProto())
                    .build();
            boolean standing = server.startLeaderElection(request).getServerReply().getSuccess();
            LOG.info("the leader {} is gone (its connection closed): {}", dead, standing
                    ? "this daemon stands for election now" : "this daemon may not stand; Ratis's timeout will elect");
        } catch (IOException | RuntimeException e) {
            LOG.warn("the leader {} is gone (its connection closed), but this daemon could not stand for election "
                    + "({}); Ratis's timeout will elect", dead, e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
