package htty.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While this daemon leads, notices a follower whose log ends before entries it acknowledged, and
 * moves the leadership so that the follower is brought up again.
 *
 * <p>A daemon whose data was wiped (a disk replaced, a directory removed) and that restarts under
 * its old id has lost entries it had acknowledged. Ratis's log appender never sends a follower
 * anything from before the index it acknowledged: told "inconsistent, send from 0", it keeps the
 * next index where it was, and the follower gets nothing until the leader's log is purged past that
 * index (then it is sent a snapshot) or the leadership moves; minutes of typing, with the daemon's
 * reads unanswered meanwhile (docs/bench.md). A new leader's appender knows nothing of any follower
 * and brings it up from where it really is, by log or by snapshot; so this hands the leadership to
 * the other follower that is furthest ahead: one drain's pause for the sessions.
 *
 * <p>What a follower holds is the furthest of its last entry, its last snapshot and its applied
 * index, which it answers for itself (a Ratis group-info request); it is compared with what the
 * leader recorded as acknowledged before asking, so a follower that is only behind never looks as
 * if it lost entries. It must be seen twice in a row, a check apart.
 */
final class LostLogWatch {
    private static final Logger LOG = LoggerFactory.getLogger(LostLogWatch.class);
    /** How often a leader compares what its followers acknowledged with what they hold. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** After a handover that did not happen, the next waits this long. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final Supplier<Optional<DivisionInfo>> info;
    private final Function<RaftPeerId, Optional<LogInfoProto>> logOf;
    private final Predicate<RaftPeerId> handOverTo;
    /** Only the checking thread touches these. Followers seen short once, with what they had acknowledged. */
    private final Map<RaftPeerId, Long> seenShort = new HashMap<>();
    private long nextHandOverNanos = System.nanoTime();

    /**
     * @param info this daemon's view of the group (empty: not running)
     * @param logOf asks a daemon for its log's state (empty: it did not answer)
     * @param handOverTo transfers the leadership to a daemon; whether it went
     */
    LostLogWatch(Supplier<Optional<DivisionInfo>> info, Function<RaftPeerId, Optional<LogInfoProto>> logOf,
                 Predicate<RaftPeerId> handOverTo) {
        this.info = info;
        this.logOf = logOf;
        this.handOverTo = handOverTo;
    }

    /** One check; runs every {@link #CHECK_EVERY}. */
    void check() {
        Optional<DivisionInfo> now = info.get();
        if (now.isEmpty() || !now.get().isLeader() || !now.get().isLeaderReady()) {
            seenShort.clear();
            return;
        }
        List<ServerRpcProto> followers = now.get().getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
        long[] acknowledged = now.get().getFollowerMatchIndices();
        if (followers.size() != acknowledged.length) {
            return; // the configuration changed between the two reads
        }
        for (int i = 0; i < followers.size(); i++) {
            RaftPeerId follower = RaftPeerId.valueOf(followers.get(i).getId().getId());
            long upTo = acknowledged[i];
            Optional<Long> holds = upTo < 0 ? Optional.empty() : logOf.apply(follower).map(LostLogWatch::furthest);
            if (holds.isEmpty() || holds.get() >= upTo) {
                seenShort.remove(follower);
            } else if (seenShort.put(follower, upTo) != null && System.nanoTime() >= nextHandOverNanos) {
                handOver(follower, holds.get(), upTo, followers, acknowledged);
            }
        }
    }

    private void handOver(RaftPeerId lost, long holds, long upTo, List<ServerRpcProto> followers, long[] acknowledged) {
        nextHandOverNanos = System.nanoTime() + RETRY_AFTER.toNanos();
        RaftPeerId target = null;
        long best = -1;
        for (int i = 0; i < followers.size(); i++) {
            RaftPeerId other = RaftPeerId.valueOf(followers.get(i).getId().getId());
            if (!other.equals(lost) && !seenShort.containsKey(other) && acknowledged[i] > best) {
                target = other;
                best = acknowledged[i];
            }
        }
        String lostIt = "daemon " + lost + " holds its log only up to index " + holds + ", but had acknowledged up to "
                + upTo + ": it lost its data (wiped, or its disk dropped writes), and this leader's appender would send "
                + "it nothing from before " + (upTo + 1);
        if (target == null) {
            LOG.warn("{}. No other follower can take the leadership over, which would bring it up again; trying "
                    + "again in {} s", lostIt, RETRY_AFTER.toSeconds());
            return;
        }
        LOG.warn("{}. The leadership goes to {}, whose appender brings {} up again by log or snapshot", lostIt, target,
                lost);
        if (handOverTo.test(target)) {
            seenShort.clear();
        } else {
            LOG.warn("the leadership did not go to {}; trying again in {} s", target, RETRY_AFTER.toSeconds());
        }
    }

    /** The furthest index a daemon's log answer shows it holds: in its log, its snapshot or its state. */
    static long furthest(LogInfoProto log) {
        long furthest = -1;
        if (log.hasLastEntry()) {
            furthest = Math.max(furthest, log.getLastEntry().getIndex());
        }
        if (log.hasLastSnapshot()) {
            furthest = Math.max(furthest, log.getLastSnapshot().getIndex());
        }
        if (log.hasApplied()) {
            furthest = Math.max(furthest, log.getApplied().getIndex());
        }
        return furthest;
    }
}
