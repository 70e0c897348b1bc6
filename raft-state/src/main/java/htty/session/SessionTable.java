package htty.session;

import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.proto.log.CreateSession;
import htty.proto.log.Input;
import htty.proto.log.Output;
import htty.proto.log.Takeover;
import htty.proto.log.TakeoverMode;
import htty.term.FeedResult;
import htty.term.Terminal;
import htty.term.snapshot.SnapshotFormatException;
import htty.term.snapshot.TerminalCodec;
import htty.term.TerminalConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Every session, and how each command of the log changes them. {@link #apply} is a pure function of
 * the table and the entry: no clock, no I/O, ordered maps only. What the daemon must do as a result
 * comes back as {@link Effect}s; what the proposer is told comes back as an {@link Applied}.
 */
public final class SessionTable {
    private final TreeMap<Long, Session> sessions = new TreeMap<>();
    private final TreeMap<String, Long> byName = new TreeMap<>();
    private final RecentRequests requests;

    /** The outcome of applying one entry. */
    public record Result(Applied applied, List<Effect> effects) {
    }

    /** An empty table: the state before the log's first entry. */
    public SessionTable() {
        this(List.of(), new RecentRequests());
    }

    /**
     * A table as a snapshot recorded it: the name index follows from the sessions. {@link TableCodec}
     * has checked that their ids and names are distinct.
     */
    SessionTable(List<Session> restored, RecentRequests requests) {
        for (Session s : restored) {
            sessions.put(s.id(), s);
            byName.put(s.name(), s.id());
        }
        this.requests = requests;
    }

    public Session byName(String name) {
        Long id = byName.get(name);
        return id == null ? null : sessions.get(id);
    }

    public Session byId(long id) {
        return sessions.get(id);
    }

    /** All sessions, by id (creation order). */
    public Collection<Session> all() {
        return sessions.values();
    }

    public Result apply(long index, Command command) {
        return switch (command.getKindCase()) {
            case CREATE -> create(index, command.getCreate());
            case INPUT -> input(index, command.getInput());
            case OUTPUT -> output(index, command.getOutput());
            case RESIZE -> withSession(index, command.getResize().getSession(), s -> resize(index, s,
                    command.getResize().getCols(), command.getResize().getRows()));
            case EXITED -> withSession(index, command.getExited().getSession(), s -> {
                if (command.getExited().getEpoch() != s.epoch() || s.epoch() == 0 || s.exited()) {
                    return error(index, s.id(), "stale exit notice");
                }
                s.exit(command.getExited().getStatus());
                return ok(index, s.id(), new Effect.Exited(s.id(), s.exitStatus()));
            });
            case KILL -> withSession(index, command.getKill().getSession(),
                    s -> ok(index, s.id(), new Effect.Signal(s.id(), command.getKill().getSignal())));
            case REMOVE -> remove(index, command.getRemove().getSession(), command.getRemove().getRequestId());
            case DETACH -> withSession(index, command.getDetach().getSession(),
                    s -> ok(index, s.id(), new Effect.DetachClients(s.id(), command.getDetach().getExceptClientId())));
            case TAKEOVER -> withSession(index, command.getTakeover().getSession(),
                    s -> takeover(index, s, command.getTakeover()));
            case ATTACHED -> withSession(index, command.getAttached().getSession(), s -> ok(index, s.id(),
                    new Effect.ClientAttached(s.id(), command.getAttached().getClientId(),
                            command.getAttached().getReadOnly(), command.getAttached().getResumed())));
            case LEFT -> withSession(index, command.getLeft().getSession(),
                    s -> ok(index, s.id(), new Effect.ClientLeft(s.id(), command.getLeft().getClientId())));
            case KIND_NOT_SET -> error(index, 0, "empty command");
        };
    }

    /** The answer already given to the create or removal with this request id, or null. */
    public Applied answered(String requestId) {
        return requests.get(requestId);
    }

    /** The remembered answers to creates and removals (for snapshots). */
    RecentRequests requests() {
        return requests;
    }

    private Result create(long index, CreateSession c) {
        Applied earlier = requests.get(c.getRequestId());
        if (earlier != null) {
            return new Result(earlier, List.of()); // a retry: answered, not created twice
        }
        String problem = checkCreate(c);
        if (problem == null && byName.containsKey(c.getName())) {
            problem = "duplicate session: " + c.getName();
        }
        if (problem != null) {
            return error(index, 0, problem);
        }
        Session s = new Session(index, c);
        sessions.put(index, s);
        byName.put(c.getName(), index);
        requests.remember(c.getRequestId(), Applied.newBuilder().setIndex(index).setSession(index).build());
        return ok(index, index, s.spawn());
    }

    private Result remove(long index, long id, String requestId) {
        Applied earlier = requests.get(requestId);
        if (earlier != null) {
            return new Result(earlier, List.of()); // a retry: the session is already gone
        }
        return withSession(index, id, s -> {
            sessions.remove(s.id());
            byName.remove(s.name());
            Result removed = ok(index, s.id(), new Effect.Removed(s.id()));
            requests.remember(requestId, removed.applied());
            return removed;
        });
    }

    /** Why a CreateSession cannot be applied, or null (the daemon asks the same before proposing). */
    public static String checkCreate(CreateSession c) {
        String problem = Limits.checkName(c.getName());
        if (problem != null) {
            return problem;
        }
        if (c.getCols() < 1 || c.getCols() > TerminalConfig.MAX_COLS || c.getRows() < 1
                || c.getRows() > TerminalConfig.MAX_ROWS) {
            return "size must be 1.." + TerminalConfig.MAX_COLS + " columns x 1.." + TerminalConfig.MAX_ROWS
                    + " rows, not " + c.getCols() + "x" + c.getRows();
        }
        if (c.getArgvCount() == 0 || c.getArgvCount() > Limits.MAX_ARGS || c.getEnvCount() > Limits.MAX_ARGS) {
            return "a session needs a command of 1.." + Limits.MAX_ARGS + " arguments and at most "
                    + Limits.MAX_ARGS + " environment variables";
        }
        boolean tooLong = c.getCwd().length() > Limits.MAX_ARG_LENGTH
                || c.getArgvList().stream().anyMatch(a -> a.length() > Limits.MAX_ARG_LENGTH)
                || c.getEnvList().stream().anyMatch(v -> v.getName().length() + v.getValue().length()
                        > Limits.MAX_ARG_LENGTH);
        if (tooLong) {
            return "an argument, variable or directory is longer than " + Limits.MAX_ARG_LENGTH + " characters";
        }
        if (c.getScrollback() > TerminalConfig.MAX_SCROLLBACK) {
            return "scrollback must be at most " + TerminalConfig.MAX_SCROLLBACK + " lines";
        }
        return null;
    }

    private Result input(long index, Input in) {
        Session s = sessions.get(in.getSession());
        if (s == null) {
            return error(index, in.getSession(), "no such session");
        }
        if (in.getData().size() > Limits.MAX_INPUT) {
            return error(index, s.id(), "input chunk over " + Limits.MAX_INPUT + " bytes");
        }
        switch (s.inputs().accept(in.getClientId(), in.getSeq(), in.getAcknowledgedThrough(), index)) {
            case DUPLICATE -> {
                return new Result(Applied.newBuilder().setIndex(index).setSession(s.id()).setDuplicate(true).build(),
                        List.of());
            }
            case EARLY -> {
                return new Result(Applied.newBuilder().setIndex(index).setSession(s.id()).setOutOfOrder(true)
                        .setError("input " + in.getSeq() + " of client " + in.getClientId()
                                + " came before an earlier one; resend in order").build(), List.of());
            }
            case NEW -> {
                // Applied below.
            }
        }
        if (s.exited()) {
            return error(index, s.id(), "session has exited");
        }
        byte[] data = in.getData().toByteArray();
        s.history().add(index, data);
        return ok(index, s.id(), new Effect.WritePty(s.id(), data));
    }

    private Result output(long index, Output out) {
        Session s = sessions.get(out.getSession());
        // Epoch 0: no voice yet. Any other epoch than the current one: a deposed voice's late batch.
        if (s == null || s.epoch() == 0 || out.getEpoch() != s.epoch() || out.getData().size() > Limits.MAX_OUTPUT) {
            return error(index, out.getSession(), "output fenced off or invalid");
        }
        long offset = s.ring().end();
        FeedResult fed = s.terminal().feed(out.getData().toByteArray());
        List<Effect> effects = new ArrayList<>(2);
        if (fed.clientBytes().length > 0) {
            s.ring().append(fed.clientBytes());
            s.marks().record(index, s.ring().end());
            effects.add(new Effect.ClientOutput(s.id(), offset, fed.clientBytes()));
        }
        if (fed.replies().length > 0) {
            effects.add(new Effect.Reply(s.id(), index, fed.replies()));
        }
        return new Result(Applied.newBuilder().setIndex(index).setSession(s.id()).build(), effects);
    }

    /**
     * A new leader's takeover: fences off output of every earlier epoch and sets the screen its
     * process continues from. The epoch must grow (it is the new leader's term), so a late takeover
     * from a deposed leader changes nothing.
     */
    private Result takeover(long index, Session s, Takeover t) {
        if (s.exited()) {
            return error(index, s.id(), "session has exited");
        }
        if (t.getNewEpoch() <= s.epoch()) {
            return error(index, s.id(), "stale takeover: epoch " + t.getNewEpoch() + " is not after " + s.epoch());
        }
        Terminal screen;
        if (t.getHow() == TakeoverMode.RESPAWN) {
            screen = s.terminal();
            screen.feed(respawnNotice(t.getNode()));
        } else {
            try {
                screen = TerminalCodec.decode(t.getScreen().toByteArray());
            } catch (SnapshotFormatException e) {
                return error(index, s.id(), "takeover screen unreadable: " + e.getMessage());
            }
            TerminalConfig mine = s.terminal().config();
            if (screen.config().scrollback() != mine.scrollback()
                    || screen.config().allowClipboard() != mine.allowClipboard()) {
                return error(index, s.id(), "takeover screen has another configuration than the session");
            }
            if (screen.cols() != s.terminal().cols() || screen.rows() != s.terminal().rows()) {
                screen.resize(s.terminal().cols(), s.terminal().rows()); // the standby lagged a resize
            }
        }
        s.takeOver(t.getNewEpoch(), t.getNode(), screen);
        return ok(index, s.id(), new Effect.TakenOver(s.id(), t.getNewEpoch(), t.getNode(), t.getHow()));
    }

    /**
     * What a respawned session's screen shows: the old screen, left in a sane state (out of the
     * alternate screen, modes and pen reset), and a line saying what happened.
     */
    static byte[] respawnNotice(String node) {
        return ("\u001b[?1049l\u001b[!p\r\n[htty: the program was restarted on " + node
                + " after a failover; its memory is lost]\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private Result resize(long index, Session s, int cols, int rows) {
        if (cols < 1 || cols > TerminalConfig.MAX_COLS || rows < 1 || rows > TerminalConfig.MAX_ROWS) {
            return error(index, s.id(), "size must be 1.." + TerminalConfig.MAX_COLS + " columns x 1.."
                    + TerminalConfig.MAX_ROWS + " rows, not " + cols + "x" + rows);
        }
        s.terminal().resize(cols, rows);
        return new Result(Applied.newBuilder().setIndex(index).setSession(s.id()).build(),
                List.of(new Effect.ResizePty(s.id(), cols, rows), new Effect.Resized(s.id(), cols, rows)));
    }

    private Result withSession(long index, long id, java.util.function.Function<Session, Result> action) {
        Session s = sessions.get(id);
        return s == null ? error(index, id, "no such session") : action.apply(s);
    }

    private static Result ok(long index, long session, Effect effect) {
        return new Result(Applied.newBuilder().setIndex(index).setSession(session).build(), List.of(effect));
    }

    private static Result error(long index, long session, String message) {
        return new Result(Applied.newBuilder().setIndex(index).setSession(session).setError(message).build(),
                List.of());
    }
}
