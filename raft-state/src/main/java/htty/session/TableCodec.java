package htty.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import htty.proto.log.CreateSession;
import htty.proto.log.InputChunk;
import htty.proto.log.InputClient;
import htty.proto.log.OutputMark;
import htty.proto.log.RecentRequest;
import htty.proto.log.SessionSnapshot;
import htty.proto.log.TableSnapshot;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.snapshot.SnapshotFormatException;
import htty.term.snapshot.TerminalCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The whole {@link SessionTable} as a snapshot, and back: every session (its spec, screen, output
 * ring, output marks, input dedup table, input history, epoch, voice, exit) and the remembered
 * answers to creates and removals. Restoring a snapshot and applying the rest of the log gives the
 * state that applying the whole log gives; equal tables encode to equal bytes.
 *
 * <p>Framing: the magic {@code HTTYSNAP}, a 4-byte format version, a {@code TableSnapshot} protobuf
 * message, and a CRC-32C of everything before it. The checksum makes a damaged file an error rather
 * than a replica that quietly differs; every count and offset in the message is checked against the
 * state's own bounds before anything is built from it.
 */
public final class TableCodec {
    /** The snapshot's first bytes. */
    static final byte[] MAGIC = "HTTYSNAP".getBytes(StandardCharsets.US_ASCII);
    /** The format version written; decoders refuse others. */
    public static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + Integer.BYTES;
    private static final int TRAILER = Integer.BYTES;

    private TableCodec() {
    }

    /** The table as a snapshot: equal tables give equal bytes. */
    public static byte[] encode(SessionTable table) {
        TableSnapshot.Builder t = TableSnapshot.newBuilder();
        for (Session s : table.all()) {
            t.addSessions(session(s));
        }
        for (RecentRequests.Answer a : table.requests().answers()) {
            t.addRequests(RecentRequest.newBuilder().setRequestId(a.requestId()).setAnswer(a.applied()));
        }
        return frame(t.build().toByteArray());
    }

    private static SessionSnapshot session(Session s) {
        SessionSnapshot.Builder b = SessionSnapshot.newBuilder().setId(s.id()).setSpec(s.spec())
                .setTerminal(ByteString.copyFrom(TerminalCodec.encode(s.terminal())))
                .setRingStart(s.ring().start()).setRingEnd(s.ring().end())
                .setRingBytes(ByteString.copyFrom(s.ring().contents()))
                .setForgottenMark(mark(s.marks().forgotten()))
                .setHistoryComplete(s.history().complete())
                .setEpoch(s.epoch()).setVoice(s.voice()).setExited(s.exited()).setExitStatus(s.exitStatus());
        for (OutputMarks.Mark m : s.marks().marks()) {
            b.addMarks(mark(m));
        }
        for (InputDedup.Client c : s.inputs().clients()) {
            b.addInputClients(InputClient.newBuilder().setClientId(c.id()).setSeq(c.seq()).setIndex(c.index()));
        }
        for (InputHistory.Chunk c : s.history().chunks()) {
            b.addHistory(InputChunk.newBuilder().setIndex(c.index()).setData(ByteString.copyFrom(c.data())));
        }
        return b.build();
    }

    private static OutputMark mark(OutputMarks.Mark m) {
        return OutputMark.newBuilder().setIndex(m.index()).setEnd(m.end()).build();
    }

    /** Puts the header and the checksum around a message body. */
    static byte[] frame(byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.length + TRAILER);
        out.put(MAGIC).putInt(VERSION).put(body);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * The table a snapshot holds.
     *
     * @throws SnapshotFormatException if it is truncated, damaged, of another version, or breaks a
     *     bound or an order that the state keeps
     */
    public static SessionTable decode(byte[] snapshot) throws SnapshotFormatException {
        if (snapshot.length < HEADER + TRAILER) {
            throw new SnapshotFormatException("table snapshot truncated: " + snapshot.length + " bytes");
        }
        if (!Arrays.equals(snapshot, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SnapshotFormatException("not a table snapshot (bad magic)");
        }
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        int version = in.getInt(MAGIC.length);
        if (version != VERSION) {
            throw new SnapshotFormatException("table snapshot version " + version + " is not supported (only "
                    + VERSION + ")");
        }
        int bodyEnd = snapshot.length - TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(snapshot, 0, bodyEnd);
        if ((int) crc.getValue() != in.getInt(bodyEnd)) {
            throw new SnapshotFormatException("table snapshot damaged or truncated (checksum mismatch)");
        }
        TableSnapshot t;
        try {
            t = TableSnapshot.parser().parseFrom(snapshot, HEADER, bodyEnd - HEADER);
        } catch (InvalidProtocolBufferException e) {
            throw new SnapshotFormatException("table snapshot unreadable: " + e.getMessage(), e);
        }
        return table(t);
    }

    private static SessionTable table(TableSnapshot t) throws SnapshotFormatException {
        List<Session> sessions = new ArrayList<>(t.getSessionsCount());
        TreeSet<String> names = new TreeSet<>();
        long lastId = -1;
        for (SessionSnapshot s : t.getSessionsList()) {
            // Indexes are unsigned in the message: one past Long.MAX_VALUE reads as negative.
            if (s.getId() <= lastId) {
                throw new SnapshotFormatException("session ids out of order: " + s.getId() + " after " + lastId);
            }
            lastId = s.getId();
            if (!names.add(s.getSpec().getName())) {
                throw new SnapshotFormatException("two sessions named " + s.getSpec().getName());
            }
            sessions.add(session(s));
        }
        if (t.getRequestsCount() > RecentRequests.LIMIT) {
            throw new SnapshotFormatException(t.getRequestsCount() + " remembered requests, over "
                    + RecentRequests.LIMIT);
        }
        List<RecentRequests.Answer> answers = new ArrayList<>(t.getRequestsCount());
        TreeSet<String> requestIds = new TreeSet<>();
        long lastIndex = -1;
        for (RecentRequest r : t.getRequestsList()) {
            if (r.getRequestId().isEmpty() || !requestIds.add(r.getRequestId()) || !r.hasAnswer()
                    || r.getAnswer().getIndex() <= lastIndex) {
                throw new SnapshotFormatException("remembered request '" + r.getRequestId()
                        + "' is empty, repeated, unanswered or out of order");
            }
            lastIndex = r.getAnswer().getIndex();
            answers.add(new RecentRequests.Answer(r.getRequestId(), r.getAnswer()));
        }
        return new SessionTable(sessions, RecentRequests.restore(answers));
    }

    private static Session session(SessionSnapshot s) throws SnapshotFormatException {
        long id = s.getId();
        CreateSession spec = s.getSpec();
        String problem = SessionTable.checkCreate(spec);
        if (problem != null) {
            throw new SnapshotFormatException("session " + id + ": " + problem);
        }
        Terminal terminal;
        try {
            terminal = TerminalCodec.decode(s.getTerminal().toByteArray());
        } catch (SnapshotFormatException e) {
            throw new SnapshotFormatException("session " + id + ": " + e.getMessage(), e);
        }
        TerminalConfig expected = Session.config(spec);
        if (terminal.config().scrollback() != expected.scrollback()
                || terminal.config().allowClipboard() != expected.allowClipboard()) {
            throw new SnapshotFormatException("session " + id + ": the screen's configuration is not the session's");
        }
        if (s.getEpoch() < 0) {
            throw new SnapshotFormatException("session " + id + ": epoch out of range");
        }
        return new Session(id, spec, terminal, ring(s), marks(s), inputs(s), history(s), s.getEpoch(),
                s.getVoice(), s.getExited(), s.getExitStatus());
    }

    private static OutputRing ring(SessionSnapshot s) throws SnapshotFormatException {
        long start = s.getRingStart();
        long end = s.getRingEnd();
        if (start < 0 || end < start || end - start != s.getRingBytes().size()
                || s.getRingBytes().size() > Session.RING_BYTES) {
            throw new SnapshotFormatException("session " + s.getId() + ": output ring " + start + ".." + end
                    + " holding " + s.getRingBytes().size() + " bytes");
        }
        return OutputRing.restore(Session.RING_BYTES, start, end, s.getRingBytes().toByteArray());
    }

    private static OutputMarks marks(SessionSnapshot s) throws SnapshotFormatException {
        if (s.getMarksCount() > OutputMarks.MAX_MARKS) {
            throw new SnapshotFormatException("session " + s.getId() + ": " + s.getMarksCount() + " output marks");
        }
        OutputMarks.Mark forgotten = new OutputMarks.Mark(s.getForgottenMark().getIndex(),
                s.getForgottenMark().getEnd());
        if (forgotten.index() < 0 || forgotten.end() < 0) {
            throw new SnapshotFormatException("session " + s.getId() + ": forgotten mark " + forgotten);
        }
        List<OutputMarks.Mark> marks = new ArrayList<>(s.getMarksCount());
        OutputMarks.Mark previous = forgotten;
        for (OutputMark m : s.getMarksList()) {
            OutputMarks.Mark mark = new OutputMarks.Mark(m.getIndex(), m.getEnd());
            // Strictly after the previous mark; the first may share the "nothing forgotten" mark's index 0.
            boolean ordered = marks.isEmpty() ? mark.index() >= previous.index() : mark.index() > previous.index();
            if (!ordered || mark.end() < previous.end() || mark.end() > s.getRingEnd()) {
                throw new SnapshotFormatException("session " + s.getId() + ": output mark " + mark
                        + " out of order after " + previous + " or past the ring's end");
            }
            marks.add(mark);
            previous = mark;
        }
        return OutputMarks.restore(marks, forgotten);
    }

    private static InputDedup inputs(SessionSnapshot s) throws SnapshotFormatException {
        if (s.getInputClientsCount() > InputDedup.MAX_CLIENTS) {
            throw new SnapshotFormatException("session " + s.getId() + ": " + s.getInputClientsCount()
                    + " input clients");
        }
        List<InputDedup.Client> clients = new ArrayList<>(s.getInputClientsCount());
        String previous = null;
        for (InputClient c : s.getInputClientsList()) {
            if (previous != null && c.getClientId().compareTo(previous) <= 0) {
                throw new SnapshotFormatException("session " + s.getId() + ": input clients out of order");
            }
            previous = c.getClientId();
            clients.add(new InputDedup.Client(c.getClientId(), c.getSeq(), c.getIndex()));
        }
        return InputDedup.restore(clients);
    }

    private static InputHistory history(SessionSnapshot s) throws SnapshotFormatException {
        long bytes = 0;
        long lastIndex = -1;
        List<InputHistory.Chunk> chunks = new ArrayList<>(s.getHistoryCount());
        for (InputChunk c : s.getHistoryList()) {
            bytes += c.getData().size();
            if (c.getIndex() <= lastIndex || bytes > InputHistory.LIMIT) {
                throw new SnapshotFormatException("session " + s.getId()
                        + ": input history out of order or over its bound");
            }
            lastIndex = c.getIndex();
            chunks.add(new InputHistory.Chunk(c.getIndex(), c.getData().toByteArray()));
        }
        return InputHistory.of(chunks, s.getHistoryComplete());
    }
}
