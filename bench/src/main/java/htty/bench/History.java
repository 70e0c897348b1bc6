package htty.bench;

import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What happened in a chaos run, in the order it was seen: every input sent and its fate, every
 * byte a client received, every fault, and the replicas' final state. Append-only and thread-safe:
 * clients, their attachments' gRPC threads and the nemesis record concurrently. Times are
 * nanoseconds since the history began, on the clock it was made with.
 */
final class History {

    /** Something that happened at time {@code t}. */
    sealed interface Event {
        long t();

        /** The event as one line of {@code history.jsonl}. */
        Map<String, Object> json();
    }

    /** Session {@code session} was created with takeover mode {@code mode} ({@code standby} or {@code respawn}). */
    record Session(long t, String session, String mode) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "session", "session", session, "mode", mode);
        }
    }

    /**
     * Client {@code client} sent {@code token} to {@code session}, through every daemon or, for a
     * client bound to one daemon, {@code via} that one.
     */
    record Send(long t, String client, String session, String token, String via) implements Event {
        static final String ANY = "";

        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "send", "client", client, "session", session, "token", token,
                    "via", via);
        }
    }

    /** The cluster acknowledged {@code token}: committed at log index {@code index}. */
    record Ack(long t, String client, String token, long index) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "ack", "client", client, "token", token, "index", index);
        }
    }

    /** Sending {@code token} failed: its fate is unknown, it may or may not be applied. */
    record Fail(long t, String client, String token, String reason) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "fail", "client", client, "token", token, "reason", reason);
        }
    }

    /**
     * Client {@code client}'s attachment to {@code session} received {@code text}: a redraw (the
     * whole screen again) or output that continues what it received before.
     */
    record Received(long t, String client, String session, boolean redraw, String text) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "received", "client", client, "session", session,
                    "redraw", redraw, "text", text);
        }
    }

    /** The nemesis began fault {@code kind} on daemon {@code node}. */
    record FaultStart(long t, String kind, String node, String detail) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "fault-start", "kind", kind, "node", node, "detail", detail);
        }
    }

    /** The nemesis healed fault {@code kind} on daemon {@code node}. */
    record FaultEnd(long t, String kind, String node) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "fault-end", "kind", kind, "node", node);
        }
    }

    /** After healing, daemon {@code node} had applied {@code index} and showed {@code session} with {@code digest}. */
    record Digest(long t, String node, String session, long index, String digest) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "digest", "node", node, "session", session, "index", index,
                    "digest", digest);
        }
    }

    /**
     * After healing, {@code session}'s text, its whole scrollback, as daemon {@code node} showed it
     * at {@code index}: what its program printed, which for {@code cat} is every input it applied.
     */
    record Final(long t, String session, String node, long index, String text) implements Event {
        public Map<String, Object> json() {
            return Json.object("t", ms(t), "type", "final", "session", session, "node", node, "index", index,
                    "text", text);
        }
    }

    private final LongSupplier clock;
    private final long start;
    private final List<Event> events = new ArrayList<>();

    /** A history timed by {@link System#nanoTime()}, starting now. */
    History() {
        this(System::nanoTime);
    }

    History(LongSupplier clock) {
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** Nanoseconds since the history began. */
    long now() {
        return clock.getAsLong() - start;
    }

    /** Records {@code event}, which the caller timed with {@link #now}. */
    synchronized void add(Event event) {
        events.add(event);
    }

    /** Every event so far, in the order recorded. */
    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Writes the events, one JSON object a line. */
    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Event e : events()) {
            lines.add(Json.write(e.json()));
        }
        Files.write(file, lines);
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
