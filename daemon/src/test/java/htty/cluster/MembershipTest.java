package htty.cluster;

import static htty.cluster.Membership.Answer.EMPTY;
import static htty.cluster.Membership.Answer.HOLDS_LOG;
import static htty.cluster.Membership.Answer.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a daemon with empty storage does from the other daemons' answers, and when its storage counts
 * as empty. The e2e {@code SnapshotTest} runs the founding and the rejoin with real daemons.
 */
class MembershipTest {
    private static Map<RaftPeerId, Membership.Answer> answers(Membership.Answer... each) {
        Map<RaftPeerId, Membership.Answer> answers = new LinkedHashMap<>();
        for (int i = 0; i < each.length; i++) {
            answers.put(RaftPeerId.valueOf("n" + (i + 2)), each[i]);
        }
        return answers;
    }

    @Test
    void itFoundsTheGroupOnlyWhenEveryOtherDaemonAnswersThatItHasLoggedNothing() {
        assertEquals(Membership.Step.FOUND, Membership.decide(answers(EMPTY, EMPTY)));
        assertEquals(Membership.Step.FOUND, Membership.decide(answers(EMPTY, EMPTY, EMPTY, EMPTY)));
        // A majority of empty daemons is not enough: the silent one may hold the only log.
        assertEquals(Membership.Step.WAIT, Membership.decide(answers(EMPTY, UNREACHABLE)));
        assertEquals(Membership.Step.WAIT, Membership.decide(answers(UNREACHABLE, UNREACHABLE)));
    }

    @Test
    void oneDaemonHoldingALogMeansTheGroupRunsAndThisDaemonLostItsData() {
        assertEquals(Membership.Step.REJOIN, Membership.decide(answers(HOLDS_LOG, UNREACHABLE)));
        assertEquals(Membership.Step.REJOIN, Membership.decide(answers(EMPTY, HOLDS_LOG)));
        assertEquals(Membership.Step.REJOIN, Membership.decide(answers(EMPTY, EMPTY, UNREACHABLE, HOLDS_LOG)));
    }

    @Test
    void storageWithTheGroupIsKeptAndAHalfDoneRejoinIsClearedAndStartedOver(@TempDir Path data) throws Exception {
        Path groupDir = data.resolve("raft").resolve("group");
        assertTrue(Membership.mustJoin(data, groupDir), "no storage yet");

        Files.createDirectories(groupDir.resolve("current"));
        Files.writeString(groupDir.resolve("current").resolve("raft-meta"), "term 3");
        assertFalse(Membership.mustJoin(data, groupDir), "a member's storage");

        Files.writeString(data.resolve("rejoining"), "");
        assertTrue(Membership.mustJoin(data, groupDir), "stopped while rejoining");
        assertFalse(Files.exists(groupDir), "the half-joined member's storage is cleared");
    }
}
