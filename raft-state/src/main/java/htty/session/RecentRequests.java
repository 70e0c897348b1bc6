package htty.session;

import htty.proto.log.Applied;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answers to the latest creates and removals, by the request id their client gave: a client that
 * retries after a timeout (its first attempt may have been applied) gets the same answer instead of
 * "duplicate session" or "no such session". Bounded: the oldest (by log index) are forgotten first.
 */
final class RecentRequests {
    static final int LIMIT = 1024;

    /** TreeMaps: their order, and so the eviction, is the same on every replica. */
    private final TreeMap<String, Applied> byId = new TreeMap<>();
    private final TreeMap<Long, String> byIndex = new TreeMap<>();

    /** A remembered answer, with the id of the request it answered. */
    record Answer(String requestId, Applied applied) {
    }

    /**
     * Answers as a snapshot recorded them. The caller has checked that there are at most
     * {@link #LIMIT}, with distinct non-empty request ids and distinct indexes.
     */
    static RecentRequests restore(List<Answer> answers) {
        RecentRequests restored = new RecentRequests();
        for (Answer a : answers) {
            restored.remember(a.requestId(), a.applied());
        }
        return restored;
    }

    /** The remembered answers, oldest (by log index) first (for snapshots). */
    List<Answer> answers() {
        List<Answer> all = new ArrayList<>(byIndex.size());
        byIndex.values().forEach(id -> all.add(new Answer(id, byId.get(id))));
        return all;
    }

    Applied get(String requestId) {
        return requestId.isEmpty() ? null : byId.get(requestId);
    }

    void remember(String requestId, Applied answer) {
        if (requestId.isEmpty()) {
            return;
        }
        if (byId.size() == LIMIT) {
            Map.Entry<Long, String> oldest = byIndex.pollFirstEntry();
            byId.remove(oldest.getValue());
        }
        byId.put(requestId, answer);
        byIndex.put(answer.getIndex(), requestId);
    }
}
