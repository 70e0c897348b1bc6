package htty.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Input;
import htty.proto.log.Output;
import htty.proto.log.OutputMark;
import htty.proto.log.Remove;
import htty.proto.log.SessionSnapshot;
import htty.proto.log.TableSnapshot;
import htty.proto.log.Takeover;
import htty.proto.log.TakeoverMode;
import htty.term.SeededCases;
import htty.term.snapshot.SnapshotFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of the session table: taking one anywhere in a log, restoring it and applying the rest
 * gives the state, the answers and the effects that applying the whole log gives; and no damaged or
 * inconsistent snapshot is ever restored. Seeded: a failure prints the seed that reproduces it.
 */
class TableCodecTest {
    private static final long BASE_SEED = 20261201L;
    private static final int CASES = 60;

    @Test
    void aSnapshotAnywhereThenTheRestOfTheLogEqualsTheWholeLog() {
        SeededCases.forEachSeed(BASE_SEED, CASES, seed -> {
            Random r = new Random(seed);
            List<Command> log = new RandomLog(seed).next(50 + r.nextInt(400));
            assertSnapshotsChangeNothing(log, r.nextInt(log.size() + 1));
        });
    }

    /**
     * The bounds, reached: a ring that wrapped, forgotten output marks, forgotten dedup clients,
     * forgotten request answers, and an input history that dropped its oldest input.
     */
    @Test
    void aSnapshotOfATableAtItsBoundsRestoresExactly() throws Exception {
        List<Command> log = new ArrayList<>();
        log.add(Command.newBuilder().setCreate(CreateSession.newBuilder().setName("big").addArgv("/bin/cat")
                .setCols(80).setRows(24).setRequestId("create-big")).build());
        log.add(voice(1, 1));
        for (int i = 0; i < 6; i++) {
            log.add(output(1, 1, ("line " + i + "\r\n").repeat(Limits.MAX_OUTPUT / 8)));
        }
        for (int i = 0; i < OutputMarks.MAX_MARKS + 10; i++) {
            log.add(output(1, 1, i % 80 == 0 ? "\r\n" : "x"));
        }
        for (int i = 0; i < InputDedup.MAX_CLIENTS + 10; i++) {
            log.add(input(1, "client-" + i, 1, "k"));
        }
        for (int i = 0; i < 20; i++) {
            log.add(input(1, "paster", i + 1, "p".repeat(Limits.MAX_INPUT)));
        }
        for (int i = 0; i < RecentRequests.LIMIT / 2 + 10; i++) {
            long id = log.size() + 1;
            log.add(Command.newBuilder().setCreate(CreateSession.newBuilder().setName("tmp").addArgv("/bin/true")
                    .setCols(10).setRows(2).setRequestId("new-" + i)).build());
            log.add(Command.newBuilder().setRemove(Remove.newBuilder().setSession(id).setRequestId("rm-" + i)).build());
        }
        log.add(voice(1, 2));
        log.add(output(1, 2, "after the takeover"));

        SessionTable beforeTakeover = apply(log, log.size() - 2);
        Session big = beforeTakeover.byName("big");
        assertEquals(Session.RING_BYTES, big.ring().end() - big.ring().start(), "the ring is full");
        assertTrue(big.ring().start() > 0, "the ring wrapped");
        assertEquals(-1, big.marks().endAt(2), "early marks are forgotten");
        assertFalse(big.history().complete(), "the history dropped old input");
        assertEquals(InputDedup.MAX_CLIENTS, big.inputs().size());
        assertNotNull(beforeTakeover.answered("new-" + (RecentRequests.LIMIT / 2 + 9)), "the latest answers are kept");
        assertNull(beforeTakeover.answered("new-0"), "the oldest answers are forgotten");
        assertSnapshotsChangeNothing(log, log.size() - 2, log.size() - 1, log.size());
    }

    @Test
    void decodingThenEncodingGivesTheSameBytes() {
        SeededCases.forEachSeed(BASE_SEED, CASES, seed -> {
            byte[] encoded = TableCodec.encode(apply(new RandomLog(seed).next(200), 200));
            assertArrayEquals(encoded, TableCodec.encode(TableCodec.decode(encoded)));
        });
    }

    @Test
    void anEmptyTableRoundTrips() throws Exception {
        SessionTable empty = TableCodec.decode(TableCodec.encode(new SessionTable()));
        assertTrue(empty.all().isEmpty());
    }

    @Test
    void truncatedOrDamagedSnapshotsAreRefused() {
        SeededCases.forEachSeed(BASE_SEED, CASES, seed -> {
            Random r = new Random(seed);
            byte[] encoded = TableCodec.encode(apply(new RandomLog(seed).next(100), 100));
            byte[] truncated = Arrays.copyOf(encoded, r.nextInt(encoded.length));
            assertThrows(SnapshotFormatException.class, () -> TableCodec.decode(truncated));
            byte[] damaged = encoded.clone();
            for (int flips = 1 + r.nextInt(3); flips > 0; flips--) {
                damaged[r.nextInt(damaged.length)] ^= (byte) (1 + r.nextInt(255));
            }
            if (!Arrays.equals(damaged, encoded)) { // two flips of one byte may cancel out
                assertThrows(SnapshotFormatException.class, () -> TableCodec.decode(damaged));
            }
        });
    }

    /** Past the checksum: bodies with a correct frame but random damage decode or are refused, nothing else. */
    @Test
    void damagedBodiesWithAValidChecksumNeverThrowAnythingElse() {
        SeededCases.forEachSeed(BASE_SEED, CASES, seed -> {
            Random r = new Random(seed);
            byte[] body = body(TableCodec.encode(apply(new RandomLog(seed).next(100), 100)));
            for (int attempt = 0; attempt < 5; attempt++) {
                byte[] damaged = body.clone();
                for (int flips = 1 + r.nextInt(4); flips > 0; flips--) {
                    damaged[r.nextInt(damaged.length)] = (byte) r.nextInt(256);
                }
                try {
                    TableCodec.decode(TableCodec.frame(damaged));
                } catch (SnapshotFormatException expected) {
                    // refused: fine
                }
            }
        });
    }

    @Test
    void inconsistentSnapshotsAreRefused() throws Exception {
        List<Command> log = List.of(
                Command.newBuilder().setCreate(CreateSession.newBuilder().setName("s").addArgv("/bin/cat")
                        .setCols(20).setRows(5).setRequestId("r1")).build(),
                voice(1, 1), output(1, 1, "hello\r\n"), input(1, "c", 1, "x"), output(1, 1, "world"));
        TableSnapshot good = TableSnapshot.parseFrom(body(TableCodec.encode(apply(log, log.size()))));
        assertNotNull(TableCodec.decode(TableCodec.frame(good.toByteArray())));
        List<UnaryOperator<SessionSnapshot.Builder>> breakages = List.of(
                s -> s.setRingEnd(s.getRingEnd() + 1),
                s -> s.setRingStart(s.getRingEnd() + 1),
                s -> s.setRingStart(-1).setRingEnd(-1),
                s -> s.setRingBytes(ByteString.copyFrom(new byte[Session.RING_BYTES + 1]))
                        .setRingEnd(Session.RING_BYTES + 1),
                s -> s.setTerminal(ByteString.copyFromUtf8("not a screen")),
                s -> s.setSpec(s.getSpec().toBuilder().setCols(0)),
                s -> s.setSpec(s.getSpec().toBuilder().setScrollback(5)),
                s -> s.setEpoch(-1),
                s -> s.addMarks(OutputMark.newBuilder().setIndex(1).setEnd(1)),
                s -> s.addMarks(OutputMark.newBuilder().setIndex(99).setEnd(s.getRingEnd() + 1)),
                s -> s.addInputClients(s.getInputClients(0)),
                s -> s.addHistory(s.getHistory(0)));
        for (int i = 0; i < breakages.size(); i++) {
            SessionSnapshot.Builder broken = good.getSessions(0).toBuilder();
            TableSnapshot bad = good.toBuilder().setSessions(0, breakages.get(i).apply(broken)).build();
            assertRefused(bad, "breakage " + i);
        }
        assertRefused(good.toBuilder().addSessions(good.getSessions(0).toBuilder().setId(9)).build(), "a second 's'");
        assertRefused(good.toBuilder().addSessions(good.getSessions(0)).build(), "a repeated id");
        assertRefused(good.toBuilder().addRequests(good.getRequests(0)).build(), "a repeated request");
        byte[] newer = TableCodec.encode(new SessionTable());
        newer[TableCodec.MAGIC.length + 3] = 2;
        assertThrows(SnapshotFormatException.class, () -> TableCodec.decode(newer), "another version");
    }

    /**
     * Applies the log to one table, snapshotting it after each of {@code cuts} entries; restores each
     * snapshot into a table of its own and applies the rest of the log there; and checks that every
     * restored table gives the answers, the effects and the state that the whole log gives.
     */
    private static void assertSnapshotsChangeNothing(List<Command> log, int... cuts) throws Exception {
        SessionTable whole = new SessionTable();
        List<SessionTable.Result> wholeResults = new ArrayList<>();
        byte[][] snapshots = new byte[cuts.length][];
        for (int i = 0; i <= log.size(); i++) {
            for (int c = 0; c < cuts.length; c++) {
                if (cuts[c] == i) {
                    snapshots[c] = TableCodec.encode(whole);
                }
            }
            if (i < log.size()) {
                wholeResults.add(whole.apply(i + 1, log.get(i)));
            }
        }
        byte[] end = TableCodec.encode(whole);
        for (int c = 0; c < cuts.length; c++) {
            String at = " (snapshot after " + cuts[c] + " entries)";
            SessionTable restored = TableCodec.decode(snapshots[c]);
            assertArrayEquals(snapshots[c], TableCodec.encode(restored), "decode, then encode" + at);
            for (int i = cuts[c]; i < log.size(); i++) {
                SessionTable.Result expected = wholeResults.get(i);
                SessionTable.Result actual = restored.apply(i + 1, log.get(i));
                assertEquals(expected.applied(), actual.applied(), "answer at index " + (i + 1) + at);
                assertEquals(describe(expected.effects()), describe(actual.effects()),
                        "effects at index " + (i + 1) + at);
            }
            assertArrayEquals(end, TableCodec.encode(restored), "state after the whole log" + at);
            for (Session s : whole.all()) {
                assertEquals(s.id(), restored.byName(s.name()).id(), "the name index of " + s.name() + at);
            }
        }
    }

    private static SessionTable apply(List<Command> log, int n) {
        SessionTable table = new SessionTable();
        for (int i = 0; i < n; i++) {
            table.apply(i + 1, log.get(i));
        }
        return table;
    }

    /** Effects as text: records holding arrays do not compare them by content. */
    private static List<String> describe(List<Effect> effects) {
        HexFormat hex = HexFormat.of();
        return effects.stream().map(e -> switch (e) {
            case Effect.WritePty w -> "WritePty " + w.session() + " " + hex.formatHex(w.data());
            case Effect.Reply re -> "Reply " + re.session() + " " + re.queryIndex() + " " + hex.formatHex(re.data());
            case Effect.ClientOutput o -> "ClientOutput " + o.session() + " " + o.offset() + " "
                    + hex.formatHex(o.data());
            default -> e.toString();
        }).toList();
    }

    /** The protobuf message inside a snapshot's frame. */
    private static byte[] body(byte[] snapshot) {
        return Arrays.copyOfRange(snapshot, TableCodec.MAGIC.length + Integer.BYTES, snapshot.length - Integer.BYTES);
    }

    private static void assertRefused(TableSnapshot bad, String what) {
        assertThrows(SnapshotFormatException.class, () -> TableCodec.decode(TableCodec.frame(bad.toByteArray())), what);
    }

    private static Command output(long session, long epoch, String text) {
        return Command.newBuilder().setOutput(Output.newBuilder().setSession(session).setEpoch(epoch)
                .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8))).build();
    }

    /** The takeover that gives a new session its first voice (its output is fenced off until then). */
    private static Command voice(long session, long epoch) {
        return Command.newBuilder().setTakeover(Takeover.newBuilder().setSession(session).setNewEpoch(epoch)
                .setNode("n1").setHow(TakeoverMode.RESPAWN)).build();
    }

    private static Command input(long session, String client, long seq, String text) {
        return Command.newBuilder().setInput(Input.newBuilder().setSession(session).setClientId(client).setSeq(seq)
                .setData(ByteString.copyFromUtf8(text))).build();
    }
}
