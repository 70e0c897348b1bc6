package htty.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.proto.RaftProtos.LeaderInfoProto;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.proto.RaftProtos.TermIndexProto;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.junit.jupiter.api.Test;

/**
 * The leader's comparison of what followers acknowledged with what they hold, against a group
 * described by hand (the e2e {@code SnapshotTest} runs it with real daemons and a wiped one).
 */
class LostLogWatchTest {
    /** A leader's view: each follower and the index it acknowledged, in the leader's order. */
    private final Map<String, Long> acknowledged = new LinkedHashMap<>();
    /** What each follower answers it holds (absent: it does not answer). */
    private final Map<String, Long> holds = new HashMap<>();
    private final List<String> handedTo = new ArrayList<>();
    private boolean handOverGoes = true;

    private final LostLogWatch watch = newWatch();

    /** A leader's watch over the group above, handing over into {@link #handedTo}. */
    private LostLogWatch newWatch() {
        return new LostLogWatch(() -> Optional.of(leaderView()),
                peer -> Optional.ofNullable(holds.get(peer.toString())).map(LostLogWatchTest::logHolding),
                target -> {
                    handedTo.add(target.toString());
                    return handOverGoes;
                });
    }

    @Test
    void aFollowerHoldingLessThanItAcknowledgedMovesTheLeadershipToTheOtherOnTheSecondCheck() {
        follower("n2", 500, 0); // wiped: only the founding snapshot
        follower("n3", 500, 512);

        watch.check();
        assertEquals(List.of(), handedTo, "not on one sighting");
        watch.check();
        assertEquals(List.of("n3"), handedTo);
    }

    @Test
    void aFollowerThatIsOnlyBehindIsLeftAlone() {
        follower("n2", 500, 500);
        follower("n3", 500, 700);
        follower("n4", -1, -1); // never acknowledged anything: nothing to lose

        for (int i = 0; i < 3; i++) {
            watch.check();
        }
        assertEquals(List.of(), handedTo);
    }

    @Test
    void aCheckItDoesNotAnswerStartsTheCountAgain() {
        follower("n2", 500, 0);
        follower("n3", 500, 500);

        watch.check();
        holds.remove("n2"); // restarting again
        watch.check();
        holds.put("n2", 0L);
        watch.check();
        assertEquals(List.of(), handedTo);
        watch.check();
        assertEquals(List.of("n3"), handedTo);
    }

    @Test
    void withNoOtherFollowerToTakeItNothingIsHandedOverAndAFailedHandoverWaitsBeforeTheNext() {
        follower("n2", 500, 0);
        follower("n3", 500, 10); // lost its data too

        watch.check();
        watch.check();
        assertEquals(List.of(), handedTo, "neither can lead the other up");

        holds.put("n3", 500L);
        handOverGoes = false;
        LostLogWatch fresh = newWatch();
        fresh.check();
        fresh.check();
        fresh.check();
        assertEquals(List.of("n3"), handedTo, "tried once, then waits " + LostLogWatch.RETRY_AFTER);
    }

    /** A follower of the leader's, what it acknowledged and what it answers it holds. */
    private void follower(String id, long acknowledgedUpTo, long holdsUpTo) {
        acknowledged.put(id, acknowledgedUpTo);
        holds.put(id, holdsUpTo);
    }

    private static LogInfoProto logHolding(long index) {
        LogInfoProto.Builder log = LogInfoProto.newBuilder();
        if (index >= 0) {
            log.setLastSnapshot(TermIndexProto.newBuilder().setTerm(1).setIndex(index));
        }
        return log.build();
    }

    private DivisionInfo leaderView() {
        LeaderInfoProto.Builder leader = LeaderInfoProto.newBuilder().setTerm(3);
        for (String id : acknowledged.keySet()) {
            leader.addFollowerInfo(ServerRpcProto.newBuilder()
                    .setId(RaftPeerProto.newBuilder().setId(ByteString.copyFrom(id, StandardCharsets.UTF_8))));
        }
        RoleInfoProto role = RoleInfoProto.newBuilder().setRole(RaftPeerRole.LEADER).setLeaderInfo(leader).build();
        long[] matched = acknowledged.values().stream().mapToLong(Long::longValue).toArray();
        return new DivisionInfo() {
            @Override
            public RaftPeerRole getCurrentRole() {
                return RaftPeerRole.LEADER;
            }

            @Override
            public boolean isLeaderReady() {
                return true;
            }

            @Override
            public RaftPeerId getLeaderId() {
                return RaftPeerId.valueOf("n1");
            }

            @Override
            public LifeCycle.State getLifeCycleState() {
                return LifeCycle.State.RUNNING;
            }

            @Override
            public RoleInfoProto getRoleInfoProto() {
                return role;
            }

            @Override
            public long getCurrentTerm() {
                return 3;
            }

            @Override
            public long getLastAppliedIndex() {
                return 700;
            }

            @Override
            public long[] getFollowerNextIndices() {
                return matched;
            }

            @Override
            public long[] getFollowerMatchIndices() {
                return matched;
            }
        };
    }
}
