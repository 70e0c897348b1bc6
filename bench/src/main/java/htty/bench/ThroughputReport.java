package htty.bench;

import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The results of a throughput run: a table of medians, how htty compares with tmux against the
 * issue's targets, the JSON with every trial, and a page with the table and a chart.
 *
 * @param options what ran
 * @param corpora what was printed
 * @param paths the paths measured, in the order they were started
 * @param trials every trial, in the order run
 * @param skipped each path that did not run, and why
 * @param redraws for each path, the redraws its client got between trials (after a leader change
 *     or a reconnect)
 * @param stopped if a trial failed: why; the run ended there
 * @param loadBefore the machine's load average when the run began
 * @param loadAfter and when it ended
 */
record ThroughputReport(ThroughputBench.Options options, List<CorpusInfo> corpora, List<String> paths,
        List<Trial> trials, Map<String, String> skipped, Map<String, Integer> redraws, Optional<String> stopped,
        double loadBefore, double loadAfter) {
    static final String JSON_FILE = ResultFiles.jsonFile(ThroughputBench.BENCHMARK);
    static final String HTML_FILE = ResultFiles.htmlFile(ThroughputBench.BENCHMARK);
    private static final double MIB = 1024.0 * 1024.0;
    /** The targets: htty at least tmux's throughput on text, at least half of it on random data. */
    private static final Map<String, Double> TARGET_SHARE_OF_TMUX = Map.of("text", 1.0, "random", 0.5);

    /**
     * A corpus, as the report describes it.
     *
     * @param name its name
     * @param bytes its size
     * @param crc its CRC-32
     * @param description what it is made of
     */
    record CorpusInfo(String name, int bytes, long crc, String description) {
        static CorpusInfo of(Corpus c) {
            return new CorpusInfo(c.name(), c.bytes().length, c.crc(), c.description());
        }
    }

    /**
     * One corpus printed through one path.
     *
     * @param path the path
     * @param corpus the corpus
     * @param repeat which repeat, from 1
     * @param bytes the corpus's size
     * @param receivedS from the key typed to the client's last byte, in seconds
     * @param firstByteS from the key typed to the client's first byte
     * @param replicatedS through htty: from the key to every daemon having applied the corpus (or the
     *     client's last byte, if later)
     * @param digestsAgree through htty: whether every daemon's digest of the screen was the same then
     * @param entries through htty: how many log entries the leader committed meanwhile (the key's
     *     input, and the output in batches): the corpus's size over them is about the batches' size
     */
    record Trial(String path, String corpus, int repeat, int bytes, double receivedS, double firstByteS,
            Optional<Double> replicatedS, Optional<Boolean> digestsAgree, Optional<Long> entries) {

        double receivedMiBs() {
            return bytes / MIB / receivedS;
        }

        Optional<Double> replicatedMiBs() {
            return replicatedS.map(s -> bytes / MIB / s);
        }

        /** The trial's figures, for its progress line. */
        String describe() {
            return String.format(Locale.ROOT, "%.1f MiB/s received (%.2f s, first byte after %.0f ms)", receivedMiBs(),
                    receivedS, firstByteS * 1e3) + replicatedS.map(s -> String.format(Locale.ROOT,
                    "; on every daemon after %.2f s: %.1f MiB/s; digests %s; %d log entries, %.1f KiB each",
                    s, replicatedMiBs().orElseThrow(), digestsAgree.orElseThrow() ? "agree" : "DIFFER",
                    entries.orElseThrow(), bytes / 1024.0 / Math.max(1, entries.orElseThrow()))).orElse("");
        }

        Map<String, Object> json() {
            return Json.object("path", path, "corpus", corpus, "repeat", repeat, "bytes", bytes,
                    "receivedSeconds", round(receivedS, 4), "receivedMiBps", round(receivedMiBs(), 2),
                    "firstByteMs", round(firstByteS * 1e3, 1),
                    "replicatedSeconds", replicatedS.map(s -> round(s, 4)).orElse(null),
                    "replicatedMiBps", replicatedMiBs().map(v -> round(v, 2)).orElse(null),
                    "digestsAgree", digestsAgree.orElse(null), "logEntries", entries.orElse(null));
        }
    }

    /** The median of the figure {@code replicated} (or received) of {@code path} on {@code corpus}, in MiB/s. */
    OptionalDouble median(String path, String corpus, boolean replicated) {
        double[] values = trials.stream().filter(t -> t.path().equals(path) && t.corpus().equals(corpus))
                .map(t -> replicated ? t.replicatedMiBs() : Optional.of(t.receivedMiBs()))
                .flatMap(Optional::stream).mapToDouble(Double::doubleValue).sorted().toArray();
        if (values.length == 0) {
            return OptionalDouble.empty();
        }
        int middle = values.length / 2;
        return OptionalDouble.of(values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2);
    }

    /** Whether every htty trial ended with the daemons' digests of the screen agreeing. */
    boolean digestsAgree() {
        return trials.stream().allMatch(t -> t.digestsAgree().orElse(true));
    }

    /** The rows of the table: each path's received figure, and for htty its figure once on every daemon. */
    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String path : paths) {
            rows.add(new Row(path + ", client received", path, false));
            if (trials.stream().anyMatch(t -> t.path().equals(path) && t.replicatedS().isPresent())) {
                rows.add(new Row(path + ", on every daemon", path, true));
            }
        }
        return rows;
    }

    private record Row(String label, String path, boolean replicated) {
    }

    /** The command line, the table of medians, and htty against tmux and the targets: what a reader wants first. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("command: " + options.commandLine());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-40s", "MiB/s (median of "
                + options.repeats() + ")"));
        corpora.forEach(c -> header.append(String.format(Locale.ROOT, " %10s", c.name())));
        lines.add(header.toString());
        for (Row row : rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-40s", row.label()));
            for (CorpusInfo c : corpora) {
                OptionalDouble m = median(row.path(), c.name(), row.replicated());
                line.append(m.isPresent() ? String.format(Locale.ROOT, " %10.1f", m.getAsDouble())
                        : String.format(Locale.ROOT, " %10s", "-"));
            }
            lines.add(line.toString());
        }
        skipped.forEach((name, why) -> lines.add(String.format(Locale.ROOT, "%-40s skipped: %s", name, why)));
        redraws.forEach((name, n) -> {
            if (n > 0) {
                lines.add(String.format(Locale.ROOT, "%s: %d redraws between trials (a leader change or a reconnect)",
                        name, n));
            }
        });
        stopped.ifPresent(why -> lines.add("STOPPED after " + trials.size() + " trials: " + why));
        for (CorpusInfo c : corpora) {
            comparison(c.name()).ifPresent(lines::add);
        }
        lines.add(digestsAgree() ? "every htty trial ended with the three daemons' screens equal (digests agree)"
                : "DIGESTS DIFFER: some htty trial ended with the daemons holding different screens");
        return lines;
    }

    /** htty (standby, every byte on every daemon) against tmux on {@code corpus}, and the target. */
    private Optional<String> comparison(String corpus) {
        OptionalDouble htty = median(ThroughputBench.HTTY_STANDBY, corpus, true);
        OptionalDouble tmux = median(TmuxEchoPath.NAME, corpus, false);
        OptionalDouble pty = median(PtyEchoPath.NAME, corpus, false);
        if (htty.isEmpty() || tmux.isEmpty()) {
            return Optional.empty();
        }
        double ratio = htty.getAsDouble() / tmux.getAsDouble();
        double target = TARGET_SHARE_OF_TMUX.getOrDefault(corpus, 1.0);
        String verdict = options.quick() ? "(quick run: no verdict)" : ratio >= target ? "met"
                : String.format(Locale.ROOT, "NOT MET: %.0f%% short of it", 100 * (1 - ratio / target));
        return Optional.of(String.format(Locale.ROOT, "%s: htty (standby, on every daemon) is %.2fx tmux%s;"
                + " target >= %.1fx tmux: %s", corpus, ratio, pty.isPresent() ? String.format(Locale.ROOT,
                ", tmux %.2fx a bare PTY", tmux.getAsDouble() / pty.getAsDouble()) : "", target, verdict));
    }

    Map<String, Object> json() {
        List<Object> medians = new ArrayList<>();
        for (Row row : rows()) {
            for (CorpusInfo c : corpora) {
                median(row.path(), c.name(), row.replicated()).ifPresent(m -> medians.add(Json.object("path",
                        row.path(), "figure", row.replicated() ? "onEveryDaemon" : "clientReceived", "corpus",
                        c.name(), "medianMiBps", round(m, 2))));
            }
        }
        List<Object> ratios = new ArrayList<>();
        for (CorpusInfo c : corpora) {
            OptionalDouble htty = median(ThroughputBench.HTTY_STANDBY, c.name(), true);
            OptionalDouble tmux = median(TmuxEchoPath.NAME, c.name(), false);
            if (htty.isPresent() && tmux.isPresent()) {
                ratios.add(Json.object("corpus", c.name(), "httyOverTmux", round(htty.getAsDouble()
                        / tmux.getAsDouble(), 3), "target", TARGET_SHARE_OF_TMUX.getOrDefault(c.name(), 1.0)));
            }
        }
        return Json.object("benchmark", ThroughputBench.BENCHMARK, "commandLine", options.commandLine(),
                "jvm", Runtime.version().toString(), "processors", Runtime.getRuntime().availableProcessors(),
                "seed", options.seed(), "quick", options.quick(), "repeats", options.repeats(),
                "cols", LatencyBench.COLS, "rows", LatencyBench.ROWS,
                "corpora", corpora.stream().map(c -> Json.object("name", c.name(), "bytes", c.bytes(),
                        "crc32", String.format(Locale.ROOT, "%08x", c.crc()), "description", c.description())).toList(),
                "loadAverage", Json.object("before", loadBefore, "after", loadAfter),
                "medians", medians, "httyOverTmux", ratios, "digestsAgree", digestsAgree(),
                "trials", trials.stream().map(Trial::json).toList(), "skipped", skipped,
                "redrawsBetweenTrials", redraws, "stopped", stopped.orElse(null));
    }

    /** The chart of the medians: a bar per path and figure, coloured by corpus. */
    String svg() {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Row row : rows()) {
            for (int i = 0; i < corpora.size(); i++) {
                OptionalDouble m = median(row.path(), corpora.get(i).name(), row.replicated());
                if (m.isPresent()) {
                    bars.add(new BarChart.Bar(row.label(), m.getAsDouble(),
                            String.format(Locale.ROOT, "%.1f", m.getAsDouble()), i));
                }
            }
        }
        return BarChart.svg("Output throughput to an attached client (median of " + options.repeats() + ")",
                options.commandLine(), "MiB/s", corpora.stream().map(c -> String.format(Locale.ROOT,
                        "%s corpus, %.1f MiB", c.name(), c.bytes() / MIB)).toList(), bars);
    }

    /** Writes the JSON, the chart and a page with what ran ({@code preamble}), the table and the chart. */
    List<Path> write(Path dir, List<String> preamble) throws IOException {
        List<String> text = new ArrayList<>(preamble);
        text.add("");
        text.addAll(table());
        text.add("");
        text.add("every trial:");
        trials.forEach(t -> text.add(String.format(Locale.ROOT, "  repeat %d, %s corpus, %-15s %s", t.repeat(),
                t.corpus(), t.path() + ":", t.describe())));
        return new ResultFiles(ThroughputBench.BENCHMARK, "Output throughput: htty, tmux, a bare PTY", json(), text,
                List.of(new ResultFiles.Chart(ThroughputBench.SVG_FILE, svg()))).write(dir);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
