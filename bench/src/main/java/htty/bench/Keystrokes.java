package htty.bench;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The keystrokes typed into a session running {@code stty raw -echo; exec cat}, and their echoes as
 * an attached client receives them. Keystroke {@code i} is {@code i} in base 36, four digits, and a
 * space: five bytes, so that an 80-column screen holds exactly 16 to a row and the echo of each tells
 * which keystroke it was.
 *
 * <p>The client's screen bytes are either a redraw (a whole screen, recognised by its clear-screen
 * sequence, which {@code cat} never prints) or output that continues the previous bytes. Both paint
 * keystrokes on the client's screen, and what counts is what that screen shows, as a user would see
 * it. A keystroke is echoed when it first appears in either, a redraw included. A redraw replaces
 * what the screen showed from its top row on: a keystroke it shows again is repainted, not
 * duplicated, and one it no longer shows (the new voice's screen lagged behind the old voice's
 * output) is painted over, so that its next echo is not a duplicate either. A keystroke is
 * duplicated when output shows it while the screen still does, or one redraw shows it twice: the
 * session applied it twice. It is lost when the screen does not show it at the end: never echoed,
 * or painted over and never echoed again.
 *
 * <p>All times are {@link System#nanoTime()}. Thread-safe: the typist and the attachment's gRPC thread
 * call in concurrently.
 */
final class Keystrokes {
    static final int DIGITS = 4;
    static final int BYTES = DIGITS + 1;
    /** The number of distinct keystrokes: about 2.3 hours of typing at one every 5 ms. */
    static final int LIMIT = 36 * 36 * 36 * 36;
    /** How many violations are kept as examples; the counts cover all of them. */
    private static final int EXAMPLES = 10;
    /** Part of every redraw ({@code ESC [ 2 J}, erase the screen), never in {@code cat}'s echo of a keystroke. */
    static final String CLEAR_SCREEN = "\033[2J";

    private long[] sent = new long[4096];
    /** When each keystroke was first shown; 0 for one never shown. */
    private long[] echoed = new long[4096];
    private int count;
    /** The keystrokes the client's screen shows, those scrolled off its top included. */
    private final BitSet shown = new BitSet();
    private int duplicates;
    private int reordered;
    private int fragments;
    private int unknown;
    private final List<String> examples = new ArrayList<>();
    /** Output received after the last complete keystroke: the beginning of the next one. */
    private final StringBuilder partial = new StringBuilder();
    /** The keystroke at the screen's end, so that the next the output shows can be checked to follow it. */
    private int lastShown = -1;

    /** The bytes of keystroke {@code i}. */
    static byte[] bytes(int i) {
        String digits = Integer.toString(i, 36);
        return ("0".repeat(DIGITS - digits.length()) + digits + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Numbers the next keystroke and notes that it is being sent now; returns its number. */
    synchronized int send(long now) {
        if (count == LIMIT) {
            throw new IllegalStateException("all " + LIMIT + " distinct keystrokes are typed");
        }
        if (count == sent.length) {
            sent = Arrays.copyOf(sent, count * 2);
            echoed = Arrays.copyOf(echoed, count * 2);
        }
        sent[count] = now;
        return count++;
    }

    /** Takes bytes the attached client received at {@code now}. */
    synchronized void received(ByteString bytes, long now) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.contains(CLEAR_SCREEN)) {
            redrawn(printable(text), now);
        } else {
            partial.append(printable(text));
            int end = 0;
            for (int space; (space = partial.indexOf(" ", end)) >= 0; end = space + 1) {
                if (space > end) {
                    shownInOutput(partial.substring(end, space), now);
                }
            }
            partial.delete(0, end);
        }
    }

    /**
     * A repainted screen: its rows, escape sequences removed, are the tail of what {@code cat} echoed
     * (every row but the cursor's is full, since nothing ends a line). The first run of digits may be
     * the end of a keystroke whose beginning scrolled away; the last, not yet followed by its space,
     * is the beginning of one the output will finish.
     *
     * <p>The redrawn screen replaces what the client's screen showed from the redraw's top keystroke
     * on; what scrolled off above it stays as it was. An empty screen (a fresh session's) says nothing
     * of what scrolled away, so it changes nothing.
     */
    private void redrawn(String screen, long now) {
        partial.setLength(0);
        List<Integer> painted = new ArrayList<>();
        int end = 0;
        for (int space; (space = screen.indexOf(' ', end)) >= 0; end = space + 1) {
            String run = screen.substring(end, space);
            boolean cutAtTop = end == 0 && run.length() < DIGITS;
            if (!run.isEmpty() && !cutAtTop) {
                int i = parse(run);
                if (i >= 0) {
                    painted.add(i);
                }
            }
        }
        partial.append(screen, end, screen.length());
        if (painted.isEmpty()) {
            return;
        }
        int top = Collections.min(painted);
        BitSet shownBefore = shown.get(top, count);
        shown.clear(top, count);
        int previous = -1;
        for (int i : painted) {
            if (shown.get(i)) {
                duplicate(i, "twice on one redrawn screen");
            } else if (shownBefore.get(i - top)) {
                shown.set(i); // repainted: no new echo, and its order was judged when it was first shown
            } else {
                show(i, previous, now);
            }
            previous = i;
        }
        lastShown = previous;
    }

    private void shownInOutput(String run, long now) {
        int i = parse(run);
        if (i < 0) {
            return;
        }
        if (shown.get(i)) {
            duplicate(i, "shown again by the output");
            return;
        }
        show(i, lastShown, now);
        lastShown = i;
    }

    /** Keystroke {@code i} appears on the screen right after keystroke {@code after} (-1: after none). */
    private void show(int i, int after, long now) {
        shown.set(i);
        if (echoed[i] == 0) {
            echoed[i] = now;
        }
        if (i < after) {
            reordered++;
            example("keystroke " + i + " shown after " + after);
        }
    }

    /** The keystroke a run of screen text names, or -1 (counted) if it names none that was typed. */
    private int parse(String run) {
        if (run.length() != DIGITS || !run.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
            fragments++;
            example("unexpected text on the screen: '" + run + "'");
            return -1;
        }
        int i = Integer.parseInt(run, 36);
        if (i >= count) {
            unknown++;
            example("keystroke " + i + " shown but never typed");
            return -1;
        }
        return i;
    }

    private void duplicate(int i, String how) {
        duplicates++;
        example("keystroke " + i + " " + how);
    }

    private void example(String violation) {
        if (examples.size() < EXAMPLES) {
            examples.add(violation);
        }
    }

    /**
     * The text a terminal would print: escape sequences (CSI, OSC and the like, and two-byte ones)
     * removed, other control characters made spaces so that they separate keystrokes.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c != 0x1B) {
                out.append(c < 0x20 || c == 0x7F ? ' ' : c);
                continue;
            }
            if (i == text.length()) {
                break;
            }
            char kind = text.charAt(i++);
            if (kind == '[') {
                while (i < text.length() && (text.charAt(i) < 0x40 || text.charAt(i) > 0x7E)) {
                    i++;
                }
                i++; // the final byte
            } else if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
                // A string, ended by BEL or ST (ESC \).
                while (i < text.length() && text.charAt(i) != 0x07
                        && !(text.charAt(i) == 0x1B && i + 1 < text.length() && text.charAt(i + 1) == '\\')) {
                    i++;
                }
                i += i < text.length() && text.charAt(i) == 0x1B ? 2 : 1;
            } else {
                // ESC, intermediates, final: the kind was the first of them.
                while (kind >= 0x20 && kind <= 0x2F && i < text.length()) {
                    kind = text.charAt(i++);
                }
            }
        }
        return out.toString();
    }

    /** How many keystrokes have been typed so far: the number the next one will get. */
    synchronized int typed() {
        return count;
    }

    /** Of the keystrokes numbered {@code from} (inclusive) to {@code to} (exclusive), how many the screen does not show. */
    synchronized Lost lost(int from, int to) {
        return new Lost(to - from, to - from - shown.get(from, to).cardinality());
    }

    /**
     * Keystrokes typed in a span, and how many of them are lost.
     *
     * @param typed keystrokes typed
     * @param lost of those, not on the screen: never echoed, or painted over and not echoed again
     */
    record Lost(int typed, int lost) {
    }

    /** How many echoes so far showed a keystroke again. */
    synchronized int duplicated() {
        return duplicates;
    }

    /** Whether the screen shows the last keystroke typed so far (or none was typed). */
    synchronized boolean lastEchoed() {
        return count == 0 || shown.get(count - 1);
    }

    /** When the first echo of a keystroke sent after {@code t} arrived, if one has. */
    synchronized OptionalLong firstEchoOfSentAfter(long t) {
        long first = Long.MAX_VALUE;
        for (int i = count - 1; i >= 0 && sent[i] > t; i--) {
            if (echoed[i] != 0) {
                first = Math.min(first, echoed[i]);
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /**
     * The longest time between two consecutive echoes (distinct arrivals) of which at least part lies
     * in [{@code from}, {@code to}]: the gap spanning {@code from} counts, as does one spanning
     * {@code to}, up to the echo that ended it or, if none has yet, up to {@code to}.
     */
    synchronized Gap longestEchoGap(long from, long to) {
        long[] times = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (echoed[i] != 0) {
                times[n++] = echoed[i];
            }
        }
        return longestGap(Arrays.copyOf(times, n), from, to);
    }

    /** The same for the times the keystrokes were sent: a stalled typist shows here, not as a slow cluster. */
    synchronized Gap longestSendGap(long from, long to) {
        return longestGap(Arrays.copyOf(sent, count), from, to);
    }

    private static Gap longestGap(long[] times, long from, long to) {
        Arrays.sort(times);
        Gap longest = new Gap(from, from);
        for (int i = 1; i < times.length; i++) {
            if (times[i] >= from && times[i - 1] <= to && times[i] - times[i - 1] > longest.length()) {
                longest = new Gap(times[i - 1], times[i]);
            }
            if (times[i] > to) {
                return longest;
            }
        }
        // Nothing after the window yet: the last gap is still open.
        long last = times.length == 0 ? from : times[times.length - 1];
        return to - last > longest.length() ? new Gap(last, to) : longest;
    }

    /**
     * A time without echoes (or keystrokes).
     *
     * @param start the last one before it
     * @param end the first one after it
     */
    record Gap(long start, long end) {
        long length() {
            return end - start;
        }
    }

    /**
     * The median time from sending to echo of the keystrokes whose echoes arrived in [{@code from},
     * {@code to}), in nanoseconds, or -1 if none did: how far behind the echoes were then.
     */
    synchronized long medianEchoLatency(long from, long to) {
        long[] latencies = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (echoed[i] >= from && echoed[i] < to) {
                latencies[n++] = echoed[i] - sent[i];
            }
        }
        if (n == 0) {
            return -1;
        }
        Arrays.sort(latencies, 0, n);
        return latencies[n / 2];
    }

    /** Every echoed keystroke's time from sending to echo, in nanoseconds. */
    synchronized long[] echoLatencies() {
        long[] latencies = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (echoed[i] != 0) {
                latencies[n++] = echoed[i] - sent[i];
            }
        }
        return Arrays.copyOf(latencies, n);
    }

    /** How the keystrokes fared: the screen must show each typed one exactly once, in order. */
    synchronized Integrity integrity() {
        int lost = 0;
        List<String> found = new ArrayList<>(examples);
        for (int i = shown.nextClearBit(0); i < count; i = shown.nextClearBit(i + 1)) {
            if (lost++ < EXAMPLES) {
                found.add("keystroke " + i + (echoed[i] == 0 ? " never echoed"
                        : " echoed, then painted over by a redraw and never echoed again"));
            }
        }
        return new Integrity(count, count - lost, lost, duplicates, reordered, fragments + unknown, found);
    }

    /**
     * How the keystrokes fared.
     *
     * @param typed keystrokes sent
     * @param echoed keystrokes the screen shows
     * @param lost keystrokes it does not: never echoed, or painted over by a redraw and not echoed again
     * @param duplicated echoes of keystrokes the screen already showed
     * @param reordered keystrokes shown right after a later one
     * @param garbled runs of screen text that named no typed keystroke
     * @param examples some of the violations, described
     */
    record Integrity(int typed, int echoed, int lost, int duplicated, int reordered, int garbled,
            List<String> examples) {

        boolean exactlyOnce() {
            return lost == 0 && duplicated == 0 && reordered == 0 && garbled == 0;
        }
    }
}
