package htty.bench;

import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a latency run: a table, the JSON, and a page with the table and the chart.
 *
 * @param options what ran
 * @param paths each path measured, in the order {@link LatencyBench} starts them
 * @param skipped each path that did not run, and why
 * @param loadBefore the machine's load average when the run began
 * @param loadAfter and when it ended
 */
record LatencyReport(LatencyBench.Options options, List<PathLatency> paths, Map<String, String> skipped,
        double loadBefore, double loadAfter) {
    static final String BENCHMARK = "latency";
    static final String JSON_FILE = ResultFiles.jsonFile(BENCHMARK);
    static final String SVG_FILE = "latency.svg";
    static final String HTML_FILE = ResultFiles.htmlFile(BENCHMARK);
    /** Places after the point of a millisecond: microseconds, the bare PTY's scale. */
    private static final int DECIMALS = 3;

    /**
     * One path's keystrokes.
     *
     * @param name what the report calls it
     * @param description what it ran
     * @param percentiles of its latencies, in milliseconds, from an HdrHistogram
     * @param nanos every latency counted, in nanoseconds, in the order typed
     */
    record PathLatency(String name, String description, Percentiles percentiles, long[] nanos) {

        Map<String, Object> json() {
            return Json.object("name", name, "description", description, "latencyMs", percentiles.json(DECIMALS),
                    "samplesUs", Arrays.stream(nanos).map(n -> Math.round(n / 1e3)).boxed().toList());
        }
    }

    /** The path called {@code name}, if it ran. */
    Optional<PathLatency> path(String name) {
        return paths.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The command line, the table of percentiles, and how htty compares with tmux: what a reader wants first. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("command: " + options.commandLine());
        lines.add(Percentiles.header("keystroke to echo (ms; HdrHistogram)"));
        paths.forEach(p -> lines.add(p.percentiles().row(p.name(), DECIMALS)));
        skipped.forEach((name, why) -> lines.add(String.format(Locale.ROOT, "%-40s skipped: %s", name, why)));
        Optional<PathLatency> htty = path(HttyEchoPath.NAME);
        Optional<PathLatency> tmux = path(TmuxEchoPath.NAME);
        if (htty.isPresent() && tmux.isPresent()) {
            Percentiles h = htty.get().percentiles();
            Percentiles t = tmux.get().percentiles();
            lines.add(String.format(Locale.ROOT, "htty takes %.0fx tmux's time at the median, %.0fx at p99",
                    h.median() / t.median(), h.p99() / t.p99()));
        }
        return lines;
    }

    Map<String, Object> json() {
        return Json.object("benchmark", "latency", "commandLine", options.commandLine(),
                "jvm", Runtime.version().toString(), "processors", Runtime.getRuntime().availableProcessors(),
                "seed", options.seed(), "quick", options.quick(), "samples", options.samples(),
                "warmup", LatencyBench.WARMUP, "intervalMs", options.interval().toMillis(),
                "program", EchoProgram.ARGV, "cols", LatencyBench.COLS, "rows", LatencyBench.ROWS,
                "loadAverage", Json.object("before", loadBefore, "after", loadAfter),
                "paths", paths.stream().map(PathLatency::json).toList(), "skipped", skipped);
    }

    /** The chart of every path's distribution. */
    String svg() {
        return CdfChart.svg("Keystroke to echo, one keystroke in flight", options.commandLine(),
                "keystroke to echo (logarithmic)", "echoed within",
                paths.stream().map(p -> new CdfChart.Line(String.format(Locale.ROOT, "%s: median %.3f ms, p99 %.3f ms",
                        p.name(), p.percentiles().median(), p.percentiles().p99()), p.nanos())).toList());
    }

    /** Writes the JSON, the chart and a page with what ran ({@code preamble}), the table and the chart. */
    List<Path> write(Path dir, List<String> preamble) throws IOException {
        List<String> text = new ArrayList<>(preamble);
        text.add("");
        text.addAll(table());
        return new ResultFiles(BENCHMARK, "Keystroke to echo: htty, tmux, a bare PTY", json(), text,
                List.of(new ResultFiles.Chart(SVG_FILE, svg()))).write(dir);
    }
}
