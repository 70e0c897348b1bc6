package htty.session;

import com.google.protobuf.ByteString;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Detach;
import htty.proto.log.EnvVar;
import htty.proto.log.Input;
import htty.proto.log.Kill;
import htty.proto.log.Output;
import htty.proto.log.ProcessExited;
import htty.proto.log.Remove;
import htty.proto.log.Resize;
import htty.proto.log.Takeover;
import htty.proto.log.TakeoverMode;
import htty.term.StreamGenerator;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.snapshot.TerminalCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random logs for property tests of the session table: every kind of command, aimed mostly at
 * sessions that exist and at the epochs they are in, with duplicates, stale epochs, bad sizes,
 * unreadable takeover screens and empty commands among them. A seed gives the same log every time.
 */
final class RandomLog {
    private static final String[] NAMES = {"a", "b", "c", "d"};
    private static final String[] CLIENTS = {"c1", "c2", "c3", "htty-replies"};
    private static final String[] NODES = {"n1", "n2", "n3"};

    private final Random random;
    private final StreamGenerator output;
    private final List<Command> log = new ArrayList<>();
    /** The sessions the generator expects to exist (it does not model every refusal), by id. */
    private final TreeMap<Long, String> live = new TreeMap<>();
    private final List<Long> created = new ArrayList<>();
    private final List<String> requestIds = new ArrayList<>();
    private final Map<Long, CreateSession> specs = new HashMap<>();
    private final Map<Long, Long> epochs = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    /** Commands to come next, before any random one: the takeover that gives a new session its voice. */
    private final ArrayDeque<Command> queued = new ArrayDeque<>();

    RandomLog(long seed) {
        random = new Random(seed);
        output = new StreamGenerator(seed);
    }

    /** A log of {@code n} commands, the first at index 1. */
    List<Command> next(int n) {
        while (log.size() < n) {
            log.add(queued.isEmpty() ? command() : queued.removeFirst());
        }
        return log;
    }

    private Command command() {
        int kind = random.nextInt(100);
        if (kind < 6 || live.isEmpty()) {
            return create();
        }
        long session = session();
        Command.Builder c = Command.newBuilder();
        if (kind < 33) {
            return c.setInput(input(session)).build();
        }
        if (kind < 68) {
            return c.setOutput(Output.newBuilder().setSession(session).setEpoch(epoch(session))
                    .setTimeUs(random.nextInt(1 << 20))
                    .setData(ByteString.copyFrom(random.nextInt(200) == 0 ? new byte[Limits.MAX_OUTPUT + 1]
                            : output.next(1 + random.nextInt(30))))).build();
        }
        if (kind < 74) {
            int cols = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(120);
            return c.setResize(Resize.newBuilder().setSession(session).setCols(cols).setRows(1 + random.nextInt(40)))
                    .build();
        }
        if (kind < 80) {
            return c.setTakeover(takeover(session)).build();
        }
        if (kind < 85) {
            return c.setExited(ProcessExited.newBuilder().setSession(session).setEpoch(epoch(session))
                    .setStatus(random.nextInt(256))).build();
        }
        if (kind < 88) {
            return c.setKill(Kill.newBuilder().setSession(session).setSignal(1 + random.nextInt(15))).build();
        }
        if (kind < 91) {
            live.remove(session);
            boolean retry = !requestIds.isEmpty() && random.nextInt(10) == 0; // answered, whatever it was
            return c.setRemove(Remove.newBuilder().setSession(session)
                    .setRequestId(retry ? requestIds.get(random.nextInt(requestIds.size())) : requestId())).build();
        }
        if (kind < 97) {
            return c.setDetach(Detach.newBuilder().setSession(session)
                    .setExceptClientId(random.nextBoolean() ? "" : CLIENTS[random.nextInt(CLIENTS.length)])).build();
        }
        return Command.getDefaultInstance(); // no kind: what a malformed entry decodes to
    }

    private Command create() {
        long index = log.size() + 1;
        String name = random.nextInt(20) == 0 ? "bad name" : NAMES[random.nextInt(NAMES.length)];
        boolean retry = !requestIds.isEmpty() && random.nextInt(10) == 0;
        CreateSession spec = CreateSession.newBuilder().setName(name)
                .addArgv("/bin/sh").addArgv("-c").addArgv("x" + random.nextInt(9))
                .addEnv(EnvVar.newBuilder().setName("TERM").setValue("xterm"))
                .setCwd("/").setCols(random.nextInt(30) == 0 ? 0 : 1 + random.nextInt(120))
                .setRows(1 + random.nextInt(40)).setScrollback(random.nextBoolean() ? 0 : random.nextInt(60))
                .setTakeoverMode(TakeoverMode.forNumber(random.nextInt(3)))
                .setRequestId(retry ? requestIds.get(random.nextInt(requestIds.size())) : requestId()).build();
        created.add(index);
        specs.put(index, spec);
        epochs.put(index, 0L); // no voice yet: output is fenced off until a takeover
        if (random.nextInt(4) > 0) {
            queued.add(Command.newBuilder().setTakeover(takeover(index)).build());
        }
        if (!retry && spec.getCols() > 0 && !name.contains(" ") && !live.containsValue(name)) {
            live.put(index, name);
        }
        return Command.newBuilder().setCreate(spec).build();
    }

    /** Mostly a session that exists; now and then one that is gone or never was. */
    private long session() {
        if (live.isEmpty() || random.nextInt(12) == 0) {
            return random.nextBoolean() ? 1000 + random.nextInt(5) : created.get(random.nextInt(created.size()));
        }
        List<Long> ids = new ArrayList<>(live.keySet());
        return ids.get(random.nextInt(ids.size()));
    }

    /** Mostly the latest epoch the log gave the session; now and then a stale or future one. */
    private long epoch(long session) {
        long latest = epochs.getOrDefault(session, 0L);
        return random.nextInt(8) == 0 ? random.nextInt(4) : latest;
    }

    /** No request id, or a new one. */
    private String requestId() {
        if (random.nextBoolean()) {
            return "";
        }
        String id = "r" + requestIds.size();
        requestIds.add(id);
        return id;
    }

    private Input input(long session) {
        String client = CLIENTS[random.nextInt(CLIENTS.length)];
        String key = session + "/" + client;
        long seq = seqs.getOrDefault(key, 0L);
        long next = switch (random.nextInt(6)) {
            case 0 -> random.nextInt((int) seq + 1); // a resend of an applied input
            case 1 -> seq + 2 + random.nextInt(3); // a gap: some inputs were never proposed
            default -> seq + 1;
        };
        seqs.put(key, Math.max(seq, next));
        byte[] data = new byte[random.nextInt(300) == 0 ? Limits.MAX_INPUT + 1 : random.nextInt(12)];
        random.nextBytes(data);
        return Input.newBuilder().setSession(session).setClientId(client).setSeq(next)
                .setData(ByteString.copyFrom(data)).build();
    }

    private Takeover takeover(long session) {
        long latest = epochs.getOrDefault(session, 0L);
        long epoch = random.nextInt(6) == 0 ? latest : latest + 1 + random.nextInt(3);
        epochs.put(session, Math.max(latest, epoch));
        Takeover.Builder t = Takeover.newBuilder().setSession(session).setNewEpoch(epoch)
                .setNode(NODES[random.nextInt(NODES.length)]);
        if (random.nextInt(3) == 0) {
            return t.setHow(TakeoverMode.RESPAWN).build();
        }
        t.setHow(TakeoverMode.STANDBY);
        CreateSession spec = specs.get(session);
        int pick = random.nextInt(10);
        if (pick == 0 || spec == null) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            return t.setScreen(ByteString.copyFrom(junk)).build();
        }
        int sessionScrollback = spec.getScrollback() == 0 ? TerminalConfig.DEFAULT_SCROLLBACK : spec.getScrollback();
        int scrollback = pick == 1 ? sessionScrollback + 1 : sessionScrollback; // now and then the wrong one
        // A standby's screen: the right configuration, a size that may lag the session's.
        Terminal standby = new Terminal(new TerminalConfig(1 + random.nextInt(120), 1 + random.nextInt(40),
                scrollback, false));
        standby.feed(output.next(1 + random.nextInt(40)));
        return t.setScreen(ByteString.copyFrom(TerminalCodec.encode(standby))).build();
    }
}
