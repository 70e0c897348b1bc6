package htty.session;

import htty.proto.log.CreateSession;
import htty.proto.log.TakeoverMode;
import htty.term.Terminal;
import htty.term.TerminalConfig;

/** One session as every replica holds it: what it runs, its screen, its committed output, its inputs. */
public final class Session {
    /** The client stream kept for clients that reconnect. */
    public static final int RING_BYTES = 1 << 20;

    private final long id;
    private final CreateSession spec;
    private final OutputRing ring = new OutputRing(RING_BYTES);
    private final OutputMarks marks = new OutputMarks();
    private final InputDedup inputs = new InputDedup();
    private final InputHistory history = new InputHistory();
    private Terminal terminal;
    private long epoch = 1;
    /** The daemon whose process is the session's voice since the last takeover; empty before any. */
    private String voice = "";
    private boolean exited;
    private int exitStatus;

    Session(long id, CreateSession spec) {
        this.id = id;
        this.spec = spec;
        int scrollback = spec.getScrollback() == 0 ? TerminalConfig.DEFAULT_SCROLLBACK : spec.getScrollback();
        this.terminal = new Terminal(new TerminalConfig(spec.getCols(), spec.getRows(), scrollback, false));
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
