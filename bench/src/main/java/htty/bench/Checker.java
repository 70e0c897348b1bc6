package htty.bench;

import htty.bench.History.Ack;
import htty.bench.History.Digest;
import htty.bench.History.Event;
import htty.bench.History.Fail;
import htty.bench.History.FaultEnd;
import htty.bench.History.FaultStart;
import htty.bench.History.Final;
import htty.bench.History.Received;
import htty.bench.History.Send;
import htty.bench.History.Session;
import htty.cli.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a chaos run's {@link History}: a pure function from its events to the {@link Violation}s
 * they show. The sessions run {@code cat} on a raw terminal, so a session's final text (its whole
 * scrollback, captured after healing) is every input it applied, in the order applied; each input
 * is a token naming its client and its number, unique in the run. The promises:
 *
 * <ul>
 *   <li>{@value #LOST}: every acknowledged input is in the final text. A {@code respawn} session's
 *       program starts afresh after a failover and what the old one had read but not yet printed is
 *       gone with it (its memory is lost, as the README says), so there an input may be missing if a
 *       restart notice lies between its client's neighbouring inputs in the text;
 *   <li>{@value #DUPLICATED}: no input is applied twice (acknowledged, failed, or never answered);
 *   <li>{@value #REORDERED}: a client's acknowledged inputs are applied in the order it sent them
 *       (an input whose send failed has no place in that order: the client goes on without it);
 *   <li>{@value #PHANTOM}: no input is applied that no client sent;
 *   <li>{@value #OUTPUT_REPEATED}, {@value #OUTPUT_REORDERED}, {@value #OUTPUT_VANISHED}: an
 *       attached client receives no output byte twice, or out of order, between two redraws (a
 *       redraw repaints the screen and starts afresh), and what it received is in the final text;
 *   <li>{@value #DIVERGED}, {@value #NOT_CONVERGED}: after healing, every replica has applied the
 *       same index and shows each session with the same screen digest;
 *   <li>{@value #MINORITY_PROGRESS}: while a daemon is cut off from the others, a client bound to
 *       it gets no input acknowledged that it sent after the cut.
 * </ul>
 */
final class Checker {
    static final String LOST = "lost";
    static final String DUPLICATED = "duplicated";
    static final String REORDERED = "reordered";
    static final String PHANTOM = "phantom";
    static final String OUTPUT_REPEATED = "output-repeated";
    static final String OUTPUT_REORDERED = "output-reordered";
    static final String OUTPUT_VANISHED = "output-vanished";
    static final String DIVERGED = "diverged";
    static final String NOT_CONVERGED = "not-converged";
    static final String MINORITY_PROGRESS = "minority-progress";

    /** A token: its client's name (a letter and digits), a point, its number in five digits. */
    static final Pattern TOKEN = Pattern.compile("([a-z][0-9]+)\\.([0-9]{5})");
    /** How a {@code respawn} session's screen says its program was started afresh. */
    static final String RESTART_NOTICE = "[htty: the program was restarted";
    static final String RESPAWN = "respawn";
    /** Faults this close to an event in time go into its excerpt. */
    private static final long NEARBY = 3_000_000_000L;
    private static final int EXCERPT_TEXT = 100;

    private final List<Event> events;
    private final Map<String, Send> sends = new HashMap<>();
    private final Map<String, Ack> acks = new HashMap<>();
    private final Map<String, Fail> fails = new HashMap<>();
    private final Map<String, String> modes = new HashMap<>();
    private final Map<String, Final> finals = new LinkedHashMap<>();
    private final Map<String, Text> texts = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();

    private Checker(List<Event> events) {
        this.events = events;
        for (Event e : events) {
            switch (e) {
                case Send s -> sends.put(s.token(), s);
                case Ack a -> acks.put(a.token(), a);
                case Fail f -> fails.put(f.token(), f);
                case Session s -> modes.put(s.session(), s.mode());
                case Final f -> finals.put(f.session(), f);
                default -> {
                    // read where they are judged
                }
            }
        }
        finals.forEach((session, f) -> texts.put(session, new Text(f.text())));
    }

    /** The token of client {@code client}'s input number {@code number}. */
    static String token(String client, int number) {
        return String.format(Locale.ROOT, "%s.%05d", client, number);
    }

    /** Every violation the history shows, in the order of the promises above. */
    static List<Violation> check(List<Event> events) {
        Checker checker = new Checker(events);
        checker.finals.keySet().forEach(checker::checkInputs);
        checker.checkOutput();
        checker.checkReplicas();
        checker.checkMinorities();
        return checker.violations;
    }

    /**
     * A session's final text as tokens: each with its place among them and its segment (how many
     * restart notices come before it).
     */
    private static final class Text {
        final String text;
        final List<String> tokens = new ArrayList<>();
        final List<Integer> offsets = new ArrayList<>();
        final List<Integer> segments = new ArrayList<>();
        /** Each token's places; more than one is a duplicate. */
        final Map<String, List<Integer>> places = new HashMap<>();

        Text(String text) {
            this.text = text;
            Matcher m = TOKEN.matcher(text);
            int segment = 0;
            int noticeFrom = 0;
            while (m.find()) {
                for (int n; (n = text.indexOf(RESTART_NOTICE, noticeFrom)) >= 0 && n < m.start(); ) {
                    segment++;
                    noticeFrom = n + 1;
                }
                places.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(tokens.size());
                tokens.add(m.group());
                offsets.add(m.start());
                segments.add(segment);
            }
        }

        /** Where {@code token} first is, or -1. */
        int place(String token) {
            List<Integer> at = places.get(token);
            return at == null ? -1 : at.getFirst();
        }

        /** The text around {@code token}'s first place. */
        String around(String token) {
            int at = place(token);
            if (at < 0) {
                return "(not in the text)";
            }
            int offset = offsets.get(at);
            return "…" + text.substring(Math.max(0, offset - EXCERPT_TEXT / 2),
                    Math.min(text.length(), offset + EXCERPT_TEXT / 2)).replace('\n', '⏎') + "…";
        }
    }

    private void checkInputs(String session) {
        Text text = texts.get(session);
        Final fin = finals.get(session);
        String finalLine = "final text of " + session + " from " + fin.node() + " at index " + fin.index() + ": ";
        text.places.forEach((token, at) -> {
            if (!sends.containsKey(token)) {
                violate(PHANTOM, session + " applied " + token + ", which no client sent", token,
                        finalLine + text.around(token));
            } else if (at.size() > 1) {
                violate(DUPLICATED, session + " applied " + token + " " + at.size() + " times", token,
                        finalLine + text.around(token));
            }
        });
        Map<String, List<String>> ackedByClient = new TreeMap<>();
        for (Event e : events) {
            if (e instanceof Send s && s.session().equals(session) && acks.containsKey(s.token())) {
                ackedByClient.computeIfAbsent(s.client(), k -> new ArrayList<>()).add(s.token());
            }
        }
        boolean respawn = RESPAWN.equals(modes.get(session));
        ackedByClient.forEach((client, acked) -> {
            int previous = -1;
            String previousToken = null;
            for (int i = 0; i < acked.size(); i++) {
                String token = acked.get(i);
                int at = text.place(token);
                if (at < 0) {
                    if (!(respawn && lostWithProgram(text, acked, i))) {
                        violate(LOST, session + " never applied " + token + ", which was acknowledged at index "
                                + acks.get(token).index(), token, finalLine + text.around(previousToken));
                    }
                    continue;
                }
                if (at < previous) {
                    violate(REORDERED, session + " applied " + token + " before " + previousToken
                            + ", which " + client + " sent and saw acknowledged first", List.of(previousToken, token),
                            finalLine + text.around(token));
                }
                previous = Math.max(previous, at);
                previousToken = token;
            }
        });
    }

    /**
     * Whether acknowledged input {@code acked[i]}, missing from the text, may have gone with a
     * restarted program: a restart notice lies between the client's nearest inputs around it that
     * the text holds (or the text's start or end).
     */
    private static boolean lostWithProgram(Text text, List<String> acked, int i) {
        int before = 0;
        for (int j = i - 1; j >= 0; j--) {
            int at = text.place(acked.get(j));
            if (at >= 0) {
                before = text.segments.get(at);
                break;
            }
        }
        int after = text.segments.isEmpty() ? 0 : text.segments.getLast();
        for (int j = i + 1; j < acked.size(); j++) {
            int at = text.place(acked.get(j));
            if (at >= 0) {
                after = text.segments.get(at);
                break;
            }
        }
        return before < after;
    }

    /** Each attached client's received bytes, redraw by redraw, against the final text's order. */
    private void checkOutput() {
        Map<String, Reader> readers = new HashMap<>();
        for (Event e : events) {
            if (e instanceof Received r && texts.containsKey(r.session())) {
                readers.computeIfAbsent(r.client(), c -> new Reader(texts.get(r.session()))).read(r);
            }
        }
    }

    /** One attached client's output, read token by token as it arrived. */
    private final class Reader {
        private final Text text;
        private final Set<String> shown = new HashSet<>();
        /** What arrived after the last whole token: the beginning of the next. */
        private String partial = "";
        /** The place in the final text of the last token shown; -1 after a redraw that showed none. */
        private int last = -1;
        private String lastToken;

        Reader(Text text) {
            this.text = text;
        }

        void read(Received r) {
            String printable = Keystrokes.printable(r.text());
            if (r.redraw()) {
                shown.clear();
                last = -1;
                lastToken = null;
                partial = "";
            }
            String received = partial + printable;
            Matcher m = TOKEN.matcher(received);
            int end = 0;
            while (m.find()) {
                shown(m.group(), r);
                end = m.end();
            }
            String rest = received.substring(end);
            // A token is at most a letter, a few digits, a point and five digits.
            partial = rest.length() > 12 ? rest.substring(rest.length() - 12) : rest;
        }

        private void shown(String token, Received r) {
            int at = text.place(token);
            if (!r.redraw() && shown.contains(token)) {
                violate(OUTPUT_REPEATED, r.client() + " received " + token + " again without a redraw", token,
                        "received: " + clip(r.text(), token));
            } else if (at < 0 && sends.containsKey(token)) {
                violate(OUTPUT_VANISHED, r.client() + " received " + token + " from " + r.session()
                        + ", which the final text does not hold", token, "received: " + clip(r.text(), token));
            } else if (at >= 0 && at < last) {
                violate(OUTPUT_REORDERED, r.client() + " received " + token + " after " + lastToken
                        + ", which the final text holds after it", token, "received: " + clip(r.text(), token));
            }
            shown.add(token);
            if (at > last) {
                last = at;
                lastToken = token;
            }
        }
    }

    private void checkReplicas() {
        Map<String, Map<String, Digest>> bySession = new TreeMap<>();
        for (Event e : events) {
            if (e instanceof Digest d) {
                bySession.computeIfAbsent(d.session(), k -> new TreeMap<>()).put(d.node(), d);
            }
        }
        bySession.forEach((session, byNode) -> {
            List<String> lines = byNode.values().stream().map(d -> Json.write(d.json())).toList();
            long highest = byNode.values().stream().mapToLong(Digest::index).max().orElse(0);
            List<String> behind = byNode.values().stream().filter(d -> d.index() < highest).map(Digest::node).toList();
            if (!behind.isEmpty()) {
                violations.add(new Violation(NOT_CONVERGED, "after healing, " + behind + " had applied less than index "
                        + highest + " (" + session + ")", lines));
            }
            Map<Long, Set<String>> digests = new TreeMap<>();
            byNode.values().forEach(d -> digests.computeIfAbsent(d.index(), k -> new HashSet<>()).add(d.digest()));
            digests.forEach((index, set) -> {
                if (set.size() > 1) {
                    violations.add(new Violation(DIVERGED, "the replicas show " + session + " differently at index "
                            + index + ": " + set.size() + " digests", lines));
                }
            });
        });
    }

    /** Partitions, as when each daemon was cut off and healed; a cut never healed lasts to the end. */
    private void checkMinorities() {
        Map<String, Long> cutSince = new HashMap<>();
        List<long[]> spans = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof FaultStart f && f.kind().equals(Nemesis.PARTITION)) {
                cutSince.put(f.node(), f.t());
            } else if (e instanceof FaultEnd f && f.kind().equals(Nemesis.PARTITION) && cutSince.containsKey(f.node())) {
                spans.add(new long[] {cutSince.remove(f.node()), f.t()});
                nodes.add(f.node());
            }
        }
        cutSince.forEach((node, since) -> {
            spans.add(new long[] {since, Long.MAX_VALUE});
            nodes.add(node);
        });
        for (Event e : events) {
            if (e instanceof Send s && acks.containsKey(s.token()) && !s.via().equals(Send.ANY)) {
                for (int i = 0; i < spans.size(); i++) {
                    long[] span = spans.get(i);
                    Ack ack = acks.get(s.token());
                    if (nodes.get(i).equals(s.via()) && s.t() > span[0] && ack.t() < span[1]) {
                        violate(MINORITY_PROGRESS, s.client() + " sent " + s.token() + " through " + s.via()
                                + " while it was cut off, and it was acknowledged at index " + ack.index()
                                + " before the cut healed", s.token(), "");
                    }
                }
            }
        }
    }

    private void violate(String kind, String what, String token, String more) {
        violate(kind, what, List.of(token), more);
    }

    /**
     * Records a violation about {@code tokens}; its excerpt: their events (a few of each), the faults
     * near them, and {@code more}.
     */
    private void violate(String kind, String what, List<String> tokens, String more) {
        List<Event> about = new ArrayList<>();
        for (String token : tokens) {
            int mine = 0;
            for (Event e : events) {
                boolean its = switch (e) {
                    case Send s -> s.token().equals(token);
                    case Ack a -> a.token().equals(token);
                    case Fail f -> f.token().equals(token);
                    case Received r -> r.text().contains(token);
                    default -> false;
                };
                if (its && mine++ < 6 && !about.contains(e)) {
                    about.add(e);
                }
            }
        }
        String token = tokens.getLast();
        long t = about.isEmpty() ? 0 : about.getFirst().t();
        List<String> excerpt = new ArrayList<>();
        for (Event e : events) {
            boolean fault = (e instanceof FaultStart || e instanceof FaultEnd) && Math.abs(e.t() - t) < NEARBY;
            if (fault || about.contains(e)) {
                excerpt.add(line(e, token));
            }
        }
        if (!more.isEmpty()) {
            excerpt.add(more);
        }
        violations.add(new Violation(kind, what, excerpt));
    }

    /** An event's JSON line, a received text cut to the part around {@code token}. */
    private static String line(Event e, String token) {
        if (e instanceof Received r) {
            return Json.write(new Received(r.t(), r.client(), r.session(), r.redraw(), clip(r.text(), token)).json());
        }
        return Json.write(e.json());
    }

    private static String clip(String text, String token) {
        int at = Math.max(0, text.indexOf(token));
        return text.length() <= EXCERPT_TEXT ? text
                : "…" + text.substring(Math.max(0, at - EXCERPT_TEXT / 2), Math.min(text.length(), at + EXCERPT_TEXT / 2))
                + "…";
    }
}
