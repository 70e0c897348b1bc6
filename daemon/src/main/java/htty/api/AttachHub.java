package htty.api;

import htty.session.Effect;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Who is attached to which session, and the fan-out of each session's client-facing effects. */
public final class AttachHub {
    private final Map<Long, Set<AttachStream>> attached = new ConcurrentHashMap<>();

    void join(long session, AttachStream stream) {
        attached.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    void leave(long session, AttachStream stream) {
        attached.computeIfPresent(session, (s, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /**
     * A new leader takes input (this daemon is ready to lead, or follows another): every attached
     * client's inputs still on their way (perhaps to a leader that is dead) are proposed again, to it
     * (see {@link InputRelay}).
     */
    public void newLeader() {
        attached.values().forEach(streams -> streams.forEach(AttachStream::newLeader));
    }

    /** Hands an effect of entry {@code index} to every client of its session. Called on the applying thread: never blocks. */
    public void dispatch(long index, Effect effect) {
        Set<AttachStream> streams = attached.get(effect.session());
        if (streams != null) {
            for (AttachStream stream : streams) {
                stream.onEffect(index, effect);
            }
        }
    }
}
