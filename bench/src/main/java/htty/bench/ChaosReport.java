package htty.bench;

import htty.bench.History.Ack;
import htty.bench.History.Event;
import htty.bench.History.Fail;
import htty.bench.History.Received;
import htty.bench.History.Send;
import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The results of a chaos run: a table, the JSON, and a page with the table, the violations and the
 * timeline.
 *
 * @param options what ran
 * @param kinds the fault kinds injected (partitions left out when they could not be made)
 * @param partitions how partitions were made, or why they were skipped
 * @param faults every fault, in order
 * @param typed what each client typed, the clients bound to a cut-off daemon included
 * @param violations what the checker found
 * @param events the history
 * @param spanNanos the history's length
 * @param loadBefore the machine's load average when the run began
 * @param loadAfter and when it ended
 */
record ChaosReport(ChaosBench.Options options, List<String> kinds, String partitions, List<Nemesis.Fault> faults,
        List<Typed> typed, List<Violation> violations, List<Event> events, long spanNanos, double loadBefore,
        double loadAfter) {

    /**
     * One client's inputs.
     *
     * @param client its name, the prefix of its tokens
     * @param sent inputs it sent
     * @param acked of those, acknowledged
     * @param failed of those, failed (their fate unknown)
     */
    record Typed(String client, int sent, int acked, int failed) {
        Map<String, Object> json() {
            return Json.object("client", client, "sent", sent, "acked", acked, "failed", failed);
        }
    }

    /** How many faults of each kind. */
    Map<String, Integer> faultsByKind() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        kinds.forEach(k -> counts.put(k, 0));
        faults.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        return counts;
    }

    /** How many violations of each kind. */
    Map<String, Integer> violationsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        violations.forEach(v -> counts.merge(v.kind(), 1, Integer::sum));
        return counts;
    }

    /** Each acknowledged input's time from sending to acknowledgement. */
    List<TimelineChart.Point> ackLatencies() {
        Map<String, Long> sentAt = sentAt();
        List<TimelineChart.Point> points = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Ack a && sentAt.containsKey(a.token())) {
                points.add(new TimelineChart.Point(sentAt.get(a.token()), a.t() - sentAt.get(a.token())));
            }
        }
        return points;
    }

    /** Each input's time from sending to the first bytes its client's attachment received that show it whole. */
    List<TimelineChart.Point> echoLatencies() {
        Map<String, Send> sends = new HashMap<>();
        events.forEach(e -> {
            if (e instanceof Send s) {
                sends.put(s.token(), s);
            }
        });
        Set<String> echoed = new HashSet<>();
        List<TimelineChart.Point> points = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Received r) {
                Matcher m = Checker.TOKEN.matcher(Keystrokes.printable(r.text()));
                while (m.find()) {
                    Send s = sends.get(m.group());
                    if (s != null && s.client().equals(r.client()) && echoed.add(s.token())) {
                        points.add(new TimelineChart.Point(s.t(), r.t() - s.t()));
                    }
                }
            }
        }
        return points;
    }

    private Map<String, Long> sentAt() {
        Map<String, Long> sentAt = new HashMap<>();
        events.forEach(e -> {
            if (e instanceof Send s) {
                sentAt.put(s.token(), s.t());
            }
        });
        return sentAt;
    }

    private List<Long> failures() {
        Map<String, Long> sentAt = sentAt();
        return events.stream().filter(e -> e instanceof Fail).map(e -> sentAt.get(((Fail) e).token())).toList();
    }

    /** The command line, faults by kind, inputs by client, latencies and violations. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("command: " + options.commandLine());
        lines.add("partitions: " + partitions);
        lines.add(String.format(Locale.ROOT, "%-12s %6s %12s %12s", "fault", "count", "on leader", "median s"));
        faultsByKind().forEach((kind, count) -> {
            List<Nemesis.Fault> these = faults.stream().filter(f -> f.kind().equals(kind)).toList();
            double[] seconds = these.stream().mapToDouble(f -> (f.endNanos() - f.startNanos()) / 1e9).sorted().toArray();
            lines.add(String.format(Locale.ROOT, "%-12s %6d %12d %12.1f", kind, count,
                    these.stream().filter(Nemesis.Fault::leader).count(),
                    seconds.length == 0 ? Double.NaN : seconds[seconds.length / 2]));
        });
        lines.add(String.format(Locale.ROOT, "%-12s %6d", "all faults", faults.size()));
        List<String> outcomes = faults.stream().filter(f -> !f.outcomeNow().isEmpty())
                .map(f -> String.format(Locale.ROOT, "  %s of %s at %.1f s: %s", f.kind(), f.node(), f.startNanos() / 1e9,
                        f.outcomeNow())).toList();
        if (!outcomes.isEmpty()) {
            lines.add("wiped daemons:");
            lines.addAll(outcomes);
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%-12s %8s %8s %8s", "client", "sent", "acked", "failed"));
        typed.forEach(t -> lines.add(String.format(Locale.ROOT, "%-12s %8d %8d %8d", t.client(), t.sent(), t.acked(),
                t.failed())));
        lines.add(String.format(Locale.ROOT, "%-12s %8d %8d %8d", "all", typed.stream().mapToInt(Typed::sent).sum(),
                typed.stream().mapToInt(Typed::acked).sum(), typed.stream().mapToInt(Typed::failed).sum()));
        lines.add("");
        lines.add(Percentiles.header("latency through the faults (ms)"));
        lines.add(ackPercentiles().row("sent -> acknowledged", 1));
        lines.add(echoPercentiles().row("sent -> echoed to its client", 1));
        lines.add("");
        lines.add("violations: " + (violations.isEmpty() ? "none" : violations.size() + " " + violationsByKind()));
        return lines;
    }

    private Percentiles ackPercentiles() {
        return Percentiles.ofNanos(ackLatencies().stream().mapToLong(TimelineChart.Point::nanos).toArray());
    }

    private Percentiles echoPercentiles() {
        return Percentiles.ofNanos(echoLatencies().stream().mapToLong(TimelineChart.Point::nanos).toArray());
    }

    Map<String, Object> json() {
        return Json.object("benchmark", "chaos", "commandLine", options.commandLine(),
                "jvm", Runtime.version().toString(), "processors", Runtime.getRuntime().availableProcessors(),
                "seed", options.seed(), "quick", options.quick(), "durationS", options.duration().toSeconds(),
                "clients", options.clients(), "intervalMs", options.interval().toMillis(),
                "electionTimeoutMs", options.electionTimeoutMs(), "daemons", ChaosBench.DAEMONS,
                "snapshotBytes", ChaosBench.SNAPSHOT_BYTES, "program", EchoProgram.ARGV,
                "sessions", ChaosBench.SESSIONS.stream().map(ChaosBench::sessionName).toList(),
                "partitions", partitions,
                "loadAverage", Json.object("before", loadBefore, "after", loadAfter),
                "faultsByKind", faultsByKind(), "faultCount", faults.size(),
                "faults", faults.stream().map(f -> Json.object("kind", f.kind(), "node", f.node(), "leader", f.leader(),
                        "startMs", History.ms(f.startNanos()), "endMs", History.ms(f.endNanos()),
                        "readyMs", History.ms(f.readyNanos()), "outcome", f.outcomeNow())).toList(),
                "inputs", typed.stream().map(Typed::json).toList(),
                "latencyMs", Json.object("acknowledged", ackPercentiles().json(1), "echoed", echoPercentiles().json(1)),
                "violationCount", violations.size(), "violationsByKind", violationsByKind(),
                "violations", violations.stream().map(Violation::json).toList());
    }

    /** The timeline: fault bands, and the latencies through them. */
    String svg() {
        return TimelineChart.svg("Chaos: faults and latency", options.commandLine(), spanNanos, kinds, faults,
                ackLatencies(), echoLatencies(), failures());
    }

    /**
     * Writes the JSON, the timeline and the page (see {@link ResultFiles}: what ran, the table and the
     * violations, the timeline inline), and the history beside them, into {@code dir}; returns their paths.
     */
    List<Path> write(Path dir, History history, List<String> preamble) throws IOException {
        List<String> text = new ArrayList<>(preamble);
        text.add("");
        text.addAll(table());
        violations.forEach(v -> text.add(v.text()));
        text.add("");
        text.add("The whole history is in " + ChaosBench.HISTORY_FILE + " beside this page, one event a line.");
        String title = "Chaos: " + (violations.isEmpty() ? "no violation" : violations.size() + " violations");
        List<Path> files = new ArrayList<>(new ResultFiles(ChaosBench.BENCHMARK, title, json(), text,
                List.of(new ResultFiles.Chart(ChaosBench.SVG_FILE, svg()))).write(dir));
        Path historyFile = dir.resolve(ChaosBench.HISTORY_FILE);
        history.write(historyFile);
        files.add(historyFile);
        return files;
    }
}
