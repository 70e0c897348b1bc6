package htty.session;

import htty.proto.log.CreateSession;
import htty.proto.log.EnvVar;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import htty.proto.log.TakeoverMode;
import htty.term.Terminal;
import htty.term.TerminalConfig;

/** One session as every replica holds it: what it runs, its screen, its committed output, its inputs. */
public final class Session {
    /** The client stream kept for clients that reconnect. */
    public static final int RING_BYTES = 1 << 20;

    private final long id;
    private final CreateSession spec;
    private final OutputRing ring;
    private final OutputMarks marks;
    private final InputDedup inputs;
    private final InputHistory history;
    private Terminal terminal;
    /** 0 until the first takeover: no output is accepted before a voice is chosen. */
    private long epoch;
    /** The daemon whose process is the session's voice since the last takeover; empty before any. */
    private String voice;
    private boolean exited;
    private int exitStatus;

    Session(long id, CreateSession spec) {
        this(id, spec, new Terminal(config(spec)), new OutputRing(RING_BYTES), new OutputMarks(), new InputDedup(),
                new InputHistory(), 0, "", false, 0);
    }

    /** A session as a snapshot recorded it ({@link TableCodec} checks the parts before it builds one). */
    Session(long id, CreateSession spec, Terminal terminal, OutputRing ring, OutputMarks marks, InputDedup inputs,
            InputHistory history, long epoch, String voice, boolean exited, int exitStatus) {
        this.id = id;
        this.spec = spec;
        this.terminal = terminal;
        this.ring = ring;
        this.marks = marks;
        this.inputs = inputs;
        this.history = history;
        this.epoch = epoch;
        this.voice = voice;
        this.exited = exited;
        this.exitStatus = exitStatus;
    }

    /** The configuration of the screen a session created from {@code spec} starts with. */
    static TerminalConfig config(CreateSession spec) {
        int scrollback = spec.getScrollback() == 0 ? TerminalConfig.DEFAULT_SCROLLBACK : spec.getScrollback();
        return new TerminalConfig(spec.getCols(), spec.getRows(), scrollback, false);
    }

    public long id() {
        return id;
    }

    public String name() {
        return spec.getName();
    }

    public CreateSession spec() {
        return spec;
    }

    /** The session's screen. Read it only under the state machine's lock. */
    public Terminal terminal() {
        return terminal;
    }

    public OutputRing ring() {
        return ring;
    }

    /** Where the client stream stood at recent log indexes. */
    public OutputMarks marks() {
        return marks;
    }

    InputDedup inputs() {
        return inputs;
    }

    /** The input the program received, for replaying into a fresh standby. */
    public InputHistory history() {
        return history;
    }

    /** The daemon that took the session over last, or empty if none has. */
    public String voice() {
        return voice;
    }

    /** What starts the session's program afresh: its command, at the screen's current size. */
    public Effect.Spawn spawn() {
        List<Map.Entry<String, String>> env = new ArrayList<>();
        for (EnvVar v : spec.getEnvList()) {
            env.add(new AbstractMap.SimpleImmutableEntry<>(v.getName(), v.getValue()));
        }
        TerminalConfig c = terminal.config();
        return new Effect.Spawn(id, List.copyOf(spec.getArgvList()), List.copyOf(env), spec.getCwd(),
                new TerminalConfig(terminal.cols(), terminal.rows(), c.scrollback(), c.allowClipboard()),
                takeoverMode());
    }

    /** How a new leader carries the session on: with its standby process, or by starting it again. */
    public TakeoverMode takeoverMode() {
        return spec.getTakeoverMode() == TakeoverMode.RESPAWN ? TakeoverMode.RESPAWN : TakeoverMode.STANDBY;
    }

    void takeOver(long newEpoch, String node, Terminal screen) {
        epoch = newEpoch;
        voice = node;
        terminal = screen;
        ring.discontinue();
    }

    public long epoch() {
        return epoch;
    }

    public boolean exited() {
        return exited;
    }

    public int exitStatus() {
        return exitStatus;
    }

    void exit(int status) {
        exited = true;
        exitStatus = status;
    }
}
