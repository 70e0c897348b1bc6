package htty.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which inputs were applied, by {@code (client_id, seq)}: a client numbers its inputs 1, 2, 3...
 * and resends unacknowledged ones after a reconnect. Each input also carries the client's word
 * through which seq it has seen its inputs acknowledged. An input is new exactly when it follows
 * both the client's highest applied input and that word; one at or below either comes again and is
 * a duplicate; one further ahead comes early (an earlier input is still on its way, or was lost with
 * a daemon's Raft client while a later one went through another) and is refused, so the client
 * resends from its oldest unacknowledged input. A client's inputs are thus applied in order and
 * without holes, and an acknowledged seq acknowledges every earlier one.
 *
 * <p>The word lets a client whose record was forgotten go on, and lets the daemon number its
 * terminal replies by the log index of the query they answer (holes and all).
 *
 * <p>Bounded: past {@link #MAX_CLIENTS} clients, the one heard from least recently (by log index,
 * so every replica agrees) is forgotten.
 */
public final class InputDedup {
    public static final int MAX_CLIENTS = 1024;

    /** Per client: {highest applied seq, log index of that input}. A TreeMap: its order is deterministic. */
    private final TreeMap<String, long[]> clients = new TreeMap<>();

    /** A client's highest applied input: its seq and the log index it was applied at. */
    record Client(String id, long seq, long index) {
    }

    /**
     * Clients as a snapshot recorded them. The caller has checked that there are at most
     * {@link #MAX_CLIENTS}, with distinct ids.
     */
    static InputDedup restore(List<Client> clients) {
        InputDedup restored = new InputDedup();
        for (Client c : clients) {
            restored.clients.put(c.id(), new long[] {c.seq(), c.index()});
        }
        return restored;
    }

    /** The clients, by id (for snapshots). */
    List<Client> clients() {
        List<Client> all = new ArrayList<>(clients.size());
        clients.forEach((id, last) -> all.add(new Client(id, last[0], last[1])));
        return all;
    }

    /** What became of an input. */
    public enum Verdict {
        /** The next input of its client: applied. */
        NEW,
        /** Applied before: dropped. */
        DUPLICATE,
        /** An earlier input of its client has not been applied yet: refused, to be resent in order. */
        EARLY
    }

    /**
     * Judges input {@code seq} of {@code clientId}, arriving at log {@code index}, and records it if
     * it is new.
     *
     * @param acknowledgedThrough the client's word that its inputs up to this seq were acknowledged
     */
    public Verdict accept(String clientId, long seq, long acknowledgedThrough, long index) {
        long[] known = clients.get(clientId);
        long through = Math.max(known != null ? known[0] : 0, acknowledgedThrough);
        if (seq <= through) {
            return Verdict.DUPLICATE;
        }
        if (seq > through + 1) {
            return Verdict.EARLY;
        }
        if (known == null && clients.size() == MAX_CLIENTS) {
            forgetLeastRecent();
        }
        clients.put(clientId, new long[] {seq, index});
        return Verdict.NEW;
    }

    private void forgetLeastRecent() {
        String oldest = null;
        long oldestIndex = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : clients.entrySet()) {
            if (e.getValue()[1] < oldestIndex) {
                oldestIndex = e.getValue()[1];
                oldest = e.getKey();
            }
        }
        clients.remove(oldest);
    }

    public int size() {
        return clients.size();
    }
}
