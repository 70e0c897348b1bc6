package htty.session;

import htty.proto.log.TakeoverMode;
import htty.term.TerminalConfig;
import java.util.List;
import java.util.Map;

/**
 * What applying a command asks the daemon to do: plain values, executed by the daemon on its own
 * threads, in order per session. Applying never does I/O itself.
 */
public sealed interface Effect {
    long session();

    /**
     * Start the session's program in a PTY of {@code screen}'s size; a standby's shadow screen has
     * {@code screen}'s configuration, so that its record can become the session's screen.
     */
    record Spawn(long session, List<String> argv, List<Map.Entry<String, String>> env, String cwd,
            TerminalConfig screen, TakeoverMode mode) implements Effect {
        public int cols() {
            return screen.cols();
        }

        public int rows() {
            return screen.rows();
        }
    }

    /** Committed input for the session's program. */
    record WritePty(long session, byte[] data) implements Effect {
    }

    record ResizePty(long session, int cols, int rows) implements Effect {
    }

    record Signal(long session, int signal) implements Effect {
    }

    /**
     * The emulator's answer to a query in the output at log index {@code queryIndex}: the leader
     * proposes it as input, so that every replica's process receives the same input stream.
     */
    record Reply(long session, long queryIndex, byte[] data) implements Effect {
    }

    /** Committed output for attached clients, at absolute offset {@code offset} of the client stream. */
    record ClientOutput(long session, long offset, byte[] data) implements Effect {
    }

    /** The screen changed size: attached clients are redrawn. */
    record Resized(long session, int cols, int rows) implements Effect {
    }

    record Exited(long session, int status) implements Effect {
    }

    /**
     * Every attached client of the session is told it is detached, on every daemon, except the
     * client with id {@code exceptClientId} (empty: every client).
     */
    record DetachClients(long session, String exceptClientId) implements Effect {
    }

    /** A client attached through some daemon, or resumed its attachment there: news for watchers. */
    record ClientAttached(long session, String clientId, boolean readOnly, boolean resumed) implements Effect {
    }

    /** A client detached, or its stream went away: news for watchers. */
    record ClientLeft(long session, String clientId) implements Effect {
    }

    /**
     * A new leader took the session over at {@code epoch}: attached clients get a redraw, and the
     * daemon whose process was the voice (if still alive) turns it into a standby or stops it.
     */
    record TakenOver(long session, long epoch, String node, TakeoverMode how) implements Effect {
    }

    /** The session is gone: its process (if any) is closed and its clients told. */
    record Removed(long session) implements Effect {
    }
}
