package htty.session;

import htty.proto.log.CreateSession;
import htty.term.Terminal;
import htty.term.TerminalConfig;

/** One session as every replica holds it: what it runs, its screen, its committed output, its inputs. */
public final class Session {
    /** The client stream kept for clients that reconnect. */
    public static final int RING_BYTES = 1 << 20;

    private final long id;
    private final CreateSession spec;
    private final Terminal terminal;
    private final OutputRing ring = new OutputRing(RING_BYTES);
    private final OutputMarks marks = new OutputMarks();
    private final InputDedup inputs = new InputDedup();
    private long epoch = 1;
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
