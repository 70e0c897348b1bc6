package htty.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.junit.jupiter.api.Test;

class RaftNodeTest {
    private static final RaftGroupMemberId MEMBER = RaftGroupMemberId.valueOf(RaftPeerId.valueOf("n1"),
            RaftGroupId.randomId());

    private static Throwable refused(Throwable why) {
        return new CompletionException(Status.UNAVAILABLE.withDescription("not committed").withCause(why)
                .asRuntimeException());
    }

    @Test
    void aProposalRefusedForWantOfLeadershipIsTheEndOfALeadership() {
        assertTrue(RaftNode.leadershipLost(refused(new NotLeaderException(MEMBER, null, List.of()))));
        assertTrue(RaftNode.leadershipLost(refused(new LeaderSteppingDownException(MEMBER + " is stepping down"))));
        assertTrue(RaftNode.leadershipLost(refused(new LeaderNotReadyException(MEMBER))));
        assertTrue(RaftNode.leadershipLost(new CompletionException(refused(new NotLeaderException(MEMBER, null,
                List.of())))), "however deeply the futures wrapped it");
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(RaftNode.leadershipLost(refused(new StateMachineException("the state machine failed"))));
        assertFalse(RaftNode.leadershipLost(new CompletionException(Status.UNAVAILABLE
                .withDescription("no leader").asRuntimeException())));
        assertFalse(RaftNode.leadershipLost(new IllegalStateException("something else")));
    }
}
