package htty.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Input;
import htty.proto.log.Kill;
import htty.proto.log.Output;
import htty.proto.log.ProcessExited;
import htty.proto.log.Remove;
import htty.proto.log.Resize;
import htty.proto.log.Takeover;
import htty.proto.log.TakeoverMode;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.CaptureRange;
import htty.term.snapshot.TerminalCodec;
import htty.term.render.TextCapture;
import htty.term.snapshot.StateDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session table: each command of the log, its effects, and what it refuses. */
class SessionTableTest {
    private final SessionTable table = new SessionTable();
    private long index;

    private SessionTable.Result apply(Command c) {
        return table.apply(++index, c);
    }

    private static Command create(String name) {
        return Command.newBuilder().setCreate(CreateSession.newBuilder().setName(name).addArgv("/bin/sh")
                .setCwd("/").setCols(20).setRows(5)).build();
    }

    /** Creates a session and makes a daemon its voice at epoch 1, as the leader does at once. */
    private void createWithVoice(String name) {
        long id = apply(create(name)).applied().getSession();
        assertEquals("", apply(takeover(id, 1, new Terminal(TerminalConfig.of(20, 5)))).applied().getError());
    }

    private static Command takeover(long session, long epoch, Terminal screen) {
        return Command.newBuilder().setTakeover(Takeover.newBuilder().setSession(session).setNewEpoch(epoch)
                .setNode("n1").setHow(TakeoverMode.STANDBY)
                .setScreen(ByteString.copyFrom(TerminalCodec.encode(screen)))).build();
    }

    private static Command respawn(long session, long epoch) {
        return Command.newBuilder().setTakeover(Takeover.newBuilder().setSession(session).setNewEpoch(epoch)
                .setNode("n2").setHow(TakeoverMode.RESPAWN)).build();
    }

    private static Command input(long session, String client, long seq, String text) {
        return input(session, client, seq, text, 0);
    }

    private static Command input(long session, String client, long seq, String text, long acknowledgedThrough) {
        return Command.newBuilder().setInput(Input.newBuilder().setSession(session).setClientId(client).setSeq(seq)
                .setAcknowledgedThrough(acknowledgedThrough).setData(ByteString.copyFromUtf8(text))).build();
    }

    private static Command output(long session, long epoch, String text) {
        return Command.newBuilder().setOutput(Output.newBuilder().setSession(session).setEpoch(epoch)
                .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))).build();
    }

    @Test
    void createSpawnsAndTheIdIsTheIndex() {
        SessionTable.Result r = apply(create("demo"));
        assertEquals("", r.applied().getError());
        assertEquals(1, r.applied().getSession());
        Effect.Spawn spawn = assertInstanceOf(Effect.Spawn.class, r.effects().get(0));
        assertEquals(List.of("/bin/sh"), spawn.argv());
        assertEquals(20, spawn.cols());
        assertEquals("demo", table.byId(1).name());
    }

    @Test
    void badOrDuplicateCreatesChangeNothing() {
        createWithVoice("demo");
        assertTrue(apply(create("demo")).applied().getError().startsWith("duplicate session"));
        assertTrue(apply(create("bad name!")).applied().getError().startsWith("invalid session name"));
        Command tooBig = Command.newBuilder().setCreate(create("big").getCreate().toBuilder().setCols(1001)).build();
        assertTrue(apply(tooBig).applied().getError().startsWith("size must be"));
        assertEquals(1, table.all().size());
    }

    @Test
    void inputIsWrittenOnceByClientAndSequence() {
        createWithVoice("demo");
        SessionTable.Result first = apply(input(1, "c1", 1, "ls\r"));
        assertArrayEquals("ls\r".getBytes(), assertInstanceOf(Effect.WritePty.class, first.effects().get(0)).data());
        SessionTable.Result again = apply(input(1, "c1", 1, "ls\r"));
        assertTrue(again.applied().getDuplicate());
        assertTrue(again.effects().isEmpty(), "a duplicate reaches no process");
        assertFalse(apply(input(1, "c2", 1, "x")).applied().getDuplicate(), "another client's seq 1 is new");
        assertTrue(apply(input(1, "c1", 2, "y")).effects().size() == 1);
    }

    @Test
    void aClientsInputIsAppliedInOrderWithoutHoles() {
        createWithVoice("demo");
        apply(input(1, "c", 1, "a"));
        SessionTable.Result early = apply(input(1, "c", 3, "c"));
        assertTrue(early.applied().getOutOfOrder(), "seq 3 before seq 2 is refused");
        assertTrue(early.effects().isEmpty());
        assertFalse(apply(input(1, "c", 2, "b")).applied().getOutOfOrder(), "seq 2 is next");
        SessionTable.Result resent = apply(input(1, "c", 3, "c"));
        assertEquals("", resent.applied().getError(), "seq 3, resent after seq 2, is new");
        assertEquals(1, resent.effects().size());
        assertEquals("abc", new String(table.byId(1).history().through(Long.MAX_VALUE), StandardCharsets.UTF_8));
        assertTrue(apply(input(1, "new-client", 2, "x")).applied().getOutOfOrder(), "a new client starts at 1");
    }

    @Test
    void aClientsWordOfWhatWasAcknowledgedLetsItSkipAhead() {
        createWithVoice("demo");
        // A client this table forgot (or the daemon's replies, numbered by query index) goes on from its word.
        SessionTable.Result forgotten = apply(input(1, "c", 41, "x", 40));
        assertEquals("", forgotten.applied().getError());
        assertTrue(apply(input(1, "c", 41, "x", 40)).applied().getDuplicate());
        assertTrue(apply(input(1, "c", 7, "y", 0)).applied().getDuplicate(), "below the applied seq");
        assertTrue(apply(input(1, "other", 3, "z", 5)).applied().getDuplicate(), "at or below its word");
        assertTrue(apply(input(1, "c", 43, "z", 41)).applied().getOutOfOrder(), "42 is neither applied nor vouched for");
    }

    @Test
    void oversizeInputAndUnknownSessionsAreRefused() {
        createWithVoice("demo");
        String big = "x".repeat(Limits.MAX_INPUT + 1);
        assertTrue(apply(input(1, "c", 1, big)).applied().getError().contains("over"));
        assertEquals("no such session", apply(input(99, "c", 1, "x")).applied().getError());
    }

    @Test
    void outputFeedsTheScreenTheRingAndAnswersQueries() {
        createWithVoice("demo");
        SessionTable.Result r = apply(output(1, 1, "hi\033[6n"));
        Effect.ClientOutput out = assertInstanceOf(Effect.ClientOutput.class, r.effects().get(0));
        assertEquals(0, out.offset());
        assertArrayEquals("hi".getBytes(), out.data());
        Effect.Reply reply = assertInstanceOf(Effect.Reply.class, r.effects().get(1));
        assertEquals(index, reply.queryIndex());
        assertArrayEquals("\033[1;3R".getBytes(), reply.data());
        assertEquals("hi\n", TextCapture.render(table.byId(1).terminal(), new CaptureRange(0, 0), false, false));
        assertEquals(2, table.byId(1).ring().end());
    }

    @Test
    void outputOfAnotherEpochIsFencedOff() {
        createWithVoice("demo");
        assertFalse(apply(output(1, 7, "late")).applied().getError().isEmpty());
        assertEquals(0, table.byId(1).ring().end());
    }

    @Test
    void resizeExitKillAndRemove() {
        createWithVoice("demo");
        SessionTable.Result resized = apply(Command.newBuilder().setResize(Resize.newBuilder().setSession(1)
                .setCols(30).setRows(6)).build());
        assertInstanceOf(Effect.ResizePty.class, resized.effects().get(0));
        assertEquals(30, table.byId(1).terminal().cols());
        Effect.Signal signal = assertInstanceOf(Effect.Signal.class, apply(Command.newBuilder()
                .setKill(Kill.newBuilder().setSession(1).setSignal(15)).build()).effects().get(0));
        assertEquals(15, signal.signal());
        apply(Command.newBuilder().setExited(ProcessExited.newBuilder().setSession(1).setEpoch(1).setStatus(143)).build());
        assertTrue(table.byId(1).exited());
        assertEquals(143, table.byId(1).exitStatus());
        assertInstanceOf(Effect.Removed.class, apply(Command.newBuilder()
                .setRemove(Remove.newBuilder().setSession(1)).build()).effects().get(0));
        assertNull(table.byName("demo"));
    }

    @Test
    void replicasApplyingTheSameLogAgree() {
        long seed = 4242;
        Random random = new Random(seed);
        List<Command> log = new ArrayList<>();
        log.add(create("a"));
        log.add(create("b"));
        for (int i = 0; i < 500; i++) {
            long session = 1 + random.nextInt(2);
            log.add(random.nextBoolean() ? output(session, 1, "line " + i + " \033[3" + (i % 8) + "m\u4e2d\r\n")
                    : input(session, "c" + random.nextInt(3), random.nextInt(200), "k"));
        }
        SessionTable one = new SessionTable();
        SessionTable two = new SessionTable();
        for (int i = 0; i < log.size(); i++) {
            one.apply(i + 1, log.get(i));
            two.apply(i + 1, log.get(i));
        }
        for (long id : new long[] {1, 2}) {
            assertEquals(StateDigest.hex(one.byId(id).terminal()), StateDigest.hex(two.byId(id).terminal()),
                    "seed " + seed);
        }
    }

    @Test
    void detachTellsTheClientsAllButOne() {
        createWithVoice("demo");
        SessionTable.Result r = apply(Command.newBuilder().setDetach(htty.proto.log.Detach.newBuilder().setSession(1)
                .setExceptClientId("me")).build());
        assertEquals("", r.applied().getError());
        assertEquals(List.of(new Effect.DetachClients(1, "me")), r.effects());
        assertEquals("no such session", apply(Command.newBuilder().setDetach(htty.proto.log.Detach.newBuilder()
                .setSession(99)).build()).applied().getError());
    }

    @Test
    void clientsComingAndGoingAreAnnouncedAndChangeNothing() {
        createWithVoice("demo");
        String before = StateDigest.hex(table.byId(1).terminal());
        SessionTable.Result attached = apply(Command.newBuilder().setAttached(htty.proto.log.ClientAttached.newBuilder()
                .setSession(1).setClientId("c1").setReadOnly(true).setResumed(true)).build());
        assertEquals(List.of(new Effect.ClientAttached(1, "c1", true, true)), attached.effects());
        SessionTable.Result left = apply(Command.newBuilder().setLeft(htty.proto.log.ClientLeft.newBuilder()
                .setSession(1).setClientId("c1")).build());
        assertEquals(List.of(new Effect.ClientLeft(1, "c1")), left.effects());
        assertEquals(before, StateDigest.hex(table.byId(1).terminal()));
        assertEquals("no such session", apply(Command.newBuilder().setLeft(htty.proto.log.ClientLeft.newBuilder()
                .setSession(99).setClientId("c1")).build()).applied().getError());
    }

    @Test
    void outputMarksSayWhereTheClientStreamStoodAtAnIndex() {
        createWithVoice("demo");
        apply(output(1, 1, "ab"));
        apply(input(1, "c", 1, "x"));
        apply(output(1, 1, "cd"));
        OutputMarks marks = table.byId(1).marks();
        assertEquals(0, marks.endAt(2));
        assertEquals(2, marks.endAt(3));
        assertEquals(2, marks.endAt(4), "input leaves the stream where it was");
        assertEquals(4, marks.endAt(5));
        assertEquals(4, marks.endAt(100));
    }

    @Test
    void aRetriedCreateOrRemovalIsAnsweredNotAppliedAgain() {
        Command first = Command.newBuilder().setCreate(create("job").getCreate().toBuilder().setRequestId("r1")).build();
        SessionTable.Result created = apply(first);
        SessionTable.Result retried = apply(first);
        assertEquals("", retried.applied().getError(), "a retry is not a duplicate");
        assertEquals(created.applied().getSession(), retried.applied().getSession());
        assertTrue(retried.effects().isEmpty(), "nothing is spawned twice");
        assertEquals("duplicate session: job", apply(create("job")).applied().getError().substring(0, 22),
                "another request for the same name is still refused");
        Command remove = Command.newBuilder().setRemove(Remove.newBuilder().setSession(created.applied().getSession())
                .setRequestId("r2")).build();
        assertInstanceOf(Effect.Removed.class, apply(remove).effects().get(0));
        SessionTable.Result again = apply(remove);
        assertEquals("", again.applied().getError(), "a retried removal reports success");
        assertTrue(again.effects().isEmpty());
        assertNotNull(table.answered("r2"));
    }

    @Test
    void noOutputIsAcceptedBeforeTheFirstTakeover() {
        apply(create("demo"));
        assertFalse(apply(output(1, 0, "early")).applied().getError().isEmpty());
        assertEquals(0, table.byId(1).ring().end());
    }

    @Test
    void aTakeoverFencesOffEarlierEpochsAndCarriesTheStandbyScreen() {
        createWithVoice("demo");
        apply(output(1, 1, "old voice"));
        long before = table.byId(1).ring().end();
        Terminal standby = new Terminal(TerminalConfig.of(20, 5));
        standby.feed("standby screen".getBytes(StandardCharsets.UTF_8));
        SessionTable.Result r = apply(takeover(1, 5, standby));
        assertEquals("", r.applied().getError());
        Effect.TakenOver t = assertInstanceOf(Effect.TakenOver.class, r.effects().get(0));
        assertEquals(5, t.epoch());
        assertEquals("n1", t.node());
        assertEquals(StateDigest.hex(standby), StateDigest.hex(table.byId(1).terminal()));
        assertEquals(5, table.byId(1).epoch());
        assertNull(table.byId(1).ring().readFrom(0), "a resume from before the takeover must get a redraw");
        assertFalse(apply(output(1, 1, "late batch of the deposed voice")).applied().getError().isEmpty());
        assertEquals(before, table.byId(1).ring().end());
        assertEquals("", apply(output(1, 5, "new voice")).applied().getError());
        assertTrue(TextCapture.render(table.byId(1).terminal(), new CaptureRange(0, CaptureRange.SCREEN_END), true,
                false).startsWith("standby screennew voice"));
    }

    @Test
    void aStaleOrUnreadableTakeoverChangesNothing() {
        createWithVoice("demo");
        apply(takeover(1, 4, new Terminal(TerminalConfig.of(20, 5))));
        String digest = StateDigest.hex(table.byId(1).terminal());
        assertTrue(apply(takeover(1, 4, new Terminal(TerminalConfig.of(20, 5)))).applied().getError()
                .startsWith("stale takeover"));
        Command garbage = Command.newBuilder().setTakeover(Takeover.newBuilder().setSession(1).setNewEpoch(9)
                .setNode("n3").setHow(TakeoverMode.STANDBY).setScreen(ByteString.copyFromUtf8("not a screen"))).build();
        assertTrue(apply(garbage).applied().getError().startsWith("takeover screen unreadable"));
        Terminal otherScrollback = new Terminal(new TerminalConfig(20, 5, 7, false));
        assertFalse(apply(takeover(1, 9, otherScrollback)).applied().getError().isEmpty());
        assertEquals(4, table.byId(1).epoch());
        assertEquals(digest, StateDigest.hex(table.byId(1).terminal()));
    }

    @Test
    void aStandbyScreenThatLaggedAResizeTakesTheSessionsSize() {
        createWithVoice("demo");
        apply(Command.newBuilder().setResize(Resize.newBuilder().setSession(1).setCols(30).setRows(8)).build());
        apply(takeover(1, 2, new Terminal(TerminalConfig.of(20, 5))));
        assertEquals(30, table.byId(1).terminal().cols());
        assertEquals(8, table.byId(1).terminal().rows());
    }

    @Test
    void aRespawnKeepsTheScreenAndSaysWhatHappened() {
        createWithVoice("demo");
        apply(output(1, 1, "\033[?1049hfull screen"));
        SessionTable.Result r = apply(respawn(1, 3));
        assertEquals(TakeoverMode.RESPAWN, assertInstanceOf(Effect.TakenOver.class, r.effects().get(0)).how());
        assertFalse(table.byId(1).terminal().alternateOn());
        String text = TextCapture.render(table.byId(1).terminal(), new CaptureRange(0, CaptureRange.SCREEN_END),
                true, false);
        assertTrue(text.contains("[htty: the program was restarted on n2"), text);
        assertFalse(apply(Command.newBuilder().setExited(ProcessExited.newBuilder().setSession(1).setEpoch(1)
                .setStatus(0)).build()).applied().getError().isEmpty(), "an exit of an earlier epoch is stale");
        assertFalse(table.byId(1).exited());
    }

    @Test
    void theInputHistoryHoldsWhatTheProgramReceivedInOrder() {
        createWithVoice("demo");
        apply(input(1, "c", 1, "ls\r"));
        apply(input(1, "c", 1, "ls\r")); // a duplicate is not history
        apply(input(1, "c", 2, "exit\r"));
        assertEquals("ls\rexit\r", new String(table.byId(1).history().through(index), StandardCharsets.UTF_8));
        assertEquals("ls\r", new String(table.byId(1).history().through(index - 1), StandardCharsets.UTF_8));
        assertTrue(table.byId(1).history().complete());
    }
}
