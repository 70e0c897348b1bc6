package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.bench.History.Ack;
import htty.bench.History.Digest;
import htty.bench.History.Event;
import htty.bench.History.Fail;
import htty.bench.History.FaultEnd;
import htty.bench.History.FaultStart;
import htty.bench.History.Final;
import htty.bench.History.Received;
import htty.bench.History.Send;
import htty.bench.History.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chaos checker on small histories written by hand: a clean one passes, and each broken promise
 * is reported with an excerpt that names the input concerned.
 */
class CheckerTest {
    private static final String STANDBY = "standby";
    private static final String RESPAWN = "respawn";
    private static final String NOTICE = Checker.RESTART_NOTICE + " on n2 after a failover; its memory is lost]";

    /** A history being written: times count up by a millisecond an event. */
    private static final class Builder {
        private final List<Event> events = new ArrayList<>();
        private long t;

        private long tick() {
            return t += 1_000_000;
        }

        Builder session(String name, String mode) {
            events.add(new Session(tick(), name, mode));
            return this;
        }

        /** Client {@code client} sends its input {@code number} and sees it acknowledged at {@code index}. */
        Builder acked(String client, String session, int number, long index) {
            String token = Checker.token(client, number);
            events.add(new Send(tick(), client, session, token, Send.ANY));
            events.add(new Ack(tick(), client, token, index));
            return this;
        }

        Builder failed(String client, String session, int number) {
            String token = Checker.token(client, number);
            events.add(new Send(tick(), client, session, token, Send.ANY));
            events.add(new Fail(tick(), client, token, "the cluster is unavailable"));
            return this;
        }

        Builder add(Event event) {
            events.add(event);
            return this;
        }

        Builder received(String client, String session, boolean redraw, String text) {
            return add(new Received(tick(), client, session, redraw, text));
        }

        /** The session's final text, and the same digest from every replica at index 100. */
        Builder end(String session, String text) {
            events.add(new Final(tick(), session, "n1", 100, text));
            for (String node : List.of("n1", "n2", "n3")) {
                events.add(new Digest(tick(), node, session, 100, "d-" + session));
            }
            return this;
        }

        List<Violation> check() {
            return Checker.check(events);
        }
    }

    /** c0 types three inputs into the standby session, all acknowledged. */
    private static Builder threeInputs() {
        return new Builder().session(STANDBY, STANDBY).acked("c0", STANDBY, 0, 10).acked("c0", STANDBY, 1, 11)
                .acked("c0", STANDBY, 2, 12);
    }

    private static void assertOnly(String kind, String token, List<Violation> found) {
        assertEquals(List.of(kind), found.stream().map(Violation::kind).toList(), found::toString);
        Violation v = found.getFirst();
        assertTrue(v.what().contains(token), v::text);
        assertTrue(v.excerpt().stream().anyMatch(line -> line.contains(token)), v::text);
    }

    @Test
    void aCleanHistoryHasNoViolation() {
        List<Violation> found = threeInputs()
                .received("c0", STANDBY, true, Keystrokes.CLEAR_SCREEN + "\033[H")
                .received("c0", STANDBY, false, "c0.00000 c0.0")
                .received("c0", STANDBY, false, "0001 ")
                .received("c0", STANDBY, true, Keystrokes.CLEAR_SCREEN + "\033[Hc0.00000 c0.00001 ")
                .received("c0", STANDBY, false, "c0.00002 ")
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 ").check();

        assertEquals(List.of(), found);
    }

    @Test
    void aLostAcknowledgedInputIsReported() {
        assertOnly(Checker.LOST, "c0.00001", threeInputs().end(STANDBY, "c0.00000 c0.00002 ").check());
    }

    @Test
    void aDoubledInputIsReported() {
        assertOnly(Checker.DUPLICATED, "c0.00001",
                threeInputs().end(STANDBY, "c0.00000 c0.00001 c0.00001 c0.00002 ").check());
    }

    @Test
    void aFailedInputAppliedTwiceIsReported() {
        assertOnly(Checker.DUPLICATED, "c0.00003", threeInputs().failed("c0", STANDBY, 3)
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 c0.00003 c0.00003 ").check());
    }

    @Test
    void aFailedInputMayBeAppliedOrNot() {
        assertEquals(List.of(), threeInputs().failed("c0", STANDBY, 3).acked("c0", STANDBY, 4, 14)
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 c0.00004 ").check());
        assertEquals(List.of(), threeInputs().failed("c0", STANDBY, 3).acked("c0", STANDBY, 4, 14)
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 c0.00004 c0.00003 ").check());
    }

    @Test
    void aReorderedInputIsReported() {
        assertOnly(Checker.REORDERED, "c0.00001", threeInputs().end(STANDBY, "c0.00000 c0.00002 c0.00001 ").check());
    }

    @Test
    void anInputNoClientSentIsReported() {
        assertOnly(Checker.PHANTOM, "c7.00000", threeInputs().end(STANDBY, "c0.00000 c0.00001 c7.00000 c0.00002 ")
                .check());
    }

    @Test
    void aDivergedDigestIsReported() {
        List<Violation> found = threeInputs().end(STANDBY, "c0.00000 c0.00001 c0.00002 ")
                .add(new Digest(0, "n3", STANDBY, 100, "something else")).check();

        assertEquals(List.of(Checker.DIVERGED), found.stream().map(Violation::kind).toList(), found::toString);
        assertTrue(found.getFirst().excerpt().stream().anyMatch(l -> l.contains("something else")), found::toString);
    }

    @Test
    void aReplicaBehindAfterHealingIsReported() {
        List<Violation> found = threeInputs().end(STANDBY, "c0.00000 c0.00001 c0.00002 ")
                .add(new Digest(0, "n3", STANDBY, 99, "d-" + STANDBY)).check();

        assertEquals(List.of(Checker.NOT_CONVERGED), found.stream().map(Violation::kind).toList(), found::toString);
        assertTrue(found.getFirst().what().contains("[n3]"), found::toString);
    }

    @Test
    void outputReceivedTwiceWithoutARedrawIsReported() {
        assertOnly(Checker.OUTPUT_REPEATED, "c0.00001", threeInputs()
                .received("c0", STANDBY, false, "c0.00000 c0.00001 ")
                .received("c0", STANDBY, false, "c0.00001 c0.00002 ")
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 ").check());
    }

    @Test
    void outputReceivedOutOfOrderIsReported() {
        assertOnly(Checker.OUTPUT_REORDERED, "c0.00001", threeInputs()
                .received("c0", STANDBY, false, "c0.00000 c0.00002 c0.00001 ")
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 ").check());
    }

    @Test
    void outputTheFinalTextLostIsReported() {
        assertOnly(Checker.OUTPUT_VANISHED, "c0.00003", threeInputs().failed("c0", STANDBY, 3)
                .received("c0", STANDBY, false, "c0.00000 c0.00001 c0.00002 c0.00003 ")
                .end(STANDBY, "c0.00000 c0.00001 c0.00002 ").check());
    }

    @Test
    void aRespawnSessionMayLoseWhatItsOldProgramHadNotPrinted() {
        Builder respawn = new Builder().session(RESPAWN, RESPAWN).acked("c1", RESPAWN, 0, 10)
                .acked("c1", RESPAWN, 1, 11).acked("c1", RESPAWN, 2, 12);

        assertEquals(List.of(), respawn.end(RESPAWN, "c1.00000 " + NOTICE + "c1.00002 ").check());
    }

    @Test
    void aRespawnSessionLosingInputWithoutARestartIsReported() {
        Builder respawn = new Builder().session(RESPAWN, RESPAWN).acked("c1", RESPAWN, 0, 10)
                .acked("c1", RESPAWN, 1, 11).acked("c1", RESPAWN, 2, 12);

        assertOnly(Checker.LOST, "c1.00001", respawn.end(RESPAWN, NOTICE + "c1.00000 c1.00002 ").check());
    }

    @Test
    void progressOnTheMinoritySideIsReported() {
        Builder cut = threeInputs().add(new FaultStart(3_500_000, Nemesis.PARTITION, "n3", "follower cut off"));
        cut.add(new Send(20_000_000, "m1", STANDBY, "m1.00000", "n3"))
                .add(new Ack(21_000_000, "m1", "m1.00000", 13))
                .add(new Send(22_000_000, "m1", STANDBY, "m1.00001", "n3"))
                .add(new Fail(24_000_000, "m1", "m1.00001", "timed out"))
                .add(new FaultEnd(30_000_000, Nemesis.PARTITION, "n3"))
                .add(new Send(31_000_000, "m1", STANDBY, "m1.00002", "n3"))
                .add(new Ack(32_000_000, "m1", "m1.00002", 14));

        assertOnly(Checker.MINORITY_PROGRESS, "m1.00000",
                cut.end(STANDBY, "c0.00000 c0.00001 c0.00002 m1.00000 m1.00002 ").check());
    }
}
