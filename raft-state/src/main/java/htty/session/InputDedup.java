package htty.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which inputs were applied, by {@code (client_id, seq)}: a client numbers its inputs 1, 2, 3...
 * and resends unacknowledged ones after a reconnect, so an input is new exactly when its seq is above
 * the client's highest applied one. Bounded: past {@link #MAX_CLIENTS} clients, the one heard from
 * least recently (by log index, so every replica agrees) is forgotten.
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

    /** Records the input if it is new and says whether it was. */
    public boolean accept(String clientId, long seq, long index) {
        long[] last = clients.get(clientId);
        if (last != null && seq <= last[0]) {
            return false;
        }
        if (last == null && clients.size() == MAX_CLIENTS) {
            forgetLeastRecent();
        }
        clients.put(clientId, new long[] {seq, index});
        return true;
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
