package htty.bench;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The keystrokes typed into a session running {@code stty raw -echo; exec cat}, and their echoes as
 * an attached client receives them. Keystroke {@code i} is {@code i} in base 36, four digits, and a
 * space: five bytes, so that an 80-column screen holds exactly 16 to a row and the echo of each tells
 * which keystroke it was.
 *
 * <p>The client's screen bytes are either a redraw (a whole screen, recognised by its clear-screen
 * sequence, which {@code cat} never prints) or output that continues the previous bytes. A keystroke
 * counts as echoed when it first appears in either. It is duplicated when output shows it again after
 * it was shown once (output or redraw), or one redraw shows it twice: a keystroke the session applied
 * twice. A redraw may show keystrokes shown before: it repaints the screen.
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
    private static final String CLEAR_SCREEN = "\033[2J";

    private long[] sent = new long[4096];
    private long[] echoed = new long[4096];
    private int count;
    private int duplicates;
    private int reordered;
    private int fragments;
    private int unknown;
    private final List<String> examples = new ArrayList<>();
    /** Output received after the last complete keystroke: the beginning of the next one. */
    private final StringBuilder partial = new StringBuilder();
    /** The keystroke the output showed last, so that the next can be checked to follow it. */
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
     */
    private void redrawn(String screen, long now) {
        partial.setLength(0);
        Set<Integer> onScreen = new HashSet<>();
        int end = 0;
        for (int space; (space = screen.indexOf(' ', end)) >= 0; end = space + 1) {
            String run = screen.substring(end, space);
            if (run.isEmpty() || (end == 0 && run.length() < DIGITS)) {
                continue;
            }
            int i = parse(run);
            if (i < 0) {
                continue;
            }
            if (!onScreen.add(i)) {
                duplicate(i, "twice on one redrawn screen");
            } else if (echoed[i] == 0) {
                echoed[i] = now;
            }
            lastShown = Math.max(lastShown, i);
        }
        partial.append(screen, end, screen.length());
    }

    private void shownInOutput(String run, long now) {
        int i = parse(run);
        if (i < 0) {
            return;
        }
        if (echoed[i] != 0) {
            duplicate(i, "shown again by the output");
            return;
        }
        echoed[i] = now;
        if (i < lastShown) {
            reordered++;
            example("keystroke " + i + " shown after " + lastShown);
        }
        lastShown = i;
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

    /** Of the keystrokes numbered {@code from} (inclusive) to {@code to} (exclusive), how many were never echoed. */
    synchronized Lost lost(int from, int to) {
        int lost = 0;
        for (int i = from; i < to; i++) {
            lost += echoed[i] == 0 ? 1 : 0;
        }
        return new Lost(to - from, lost);
    }

    /**
     * Keystrokes typed in a span, and how many of them were never echoed.
     *
     * @param typed keystrokes typed
     * @param lost of those, never echoed
     */
    record Lost(int typed, int lost) {
    }

    /** How many echoes so far showed a keystroke again. */
    synchronized int duplicated() {
        return duplicates;
    }

    /** Whether the last keystroke typed so far has been echoed (or none was typed). */
    synchronized boolean lastEchoed() {
        return count == 0 || echoed[count - 1] != 0;
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

    /** How the keystrokes fared: each typed one must be echoed exactly once, in order. */
    synchronized Integrity integrity() {
        int lost = 0;
        List<String> found = new ArrayList<>(examples);
        for (int i = 0; i < count; i++) {
            if (echoed[i] == 0) {
                if (lost++ < EXAMPLES) {
                    found.add("keystroke " + i + " never echoed");
                }
            }
        }
        return new Integrity(count, count - lost, lost, duplicates, reordered, fragments + unknown, found);
    }

    /**
     * How the keystrokes fared.
     *
     * @param typed keystrokes sent
     * @param echoed keystrokes echoed at least once
     * @param lost keystrokes never echoed
     * @param duplicated echoes of keystrokes already shown
     * @param reordered keystrokes the output showed after a later one
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
