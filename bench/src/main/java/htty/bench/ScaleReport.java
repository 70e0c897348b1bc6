package htty.bench;

import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of a scale run: session create latency, and each daemon's memory and CPU idle and
 * under typing, as a table, the JSON, and a page with the table and three charts.
 *
 * @param options what ran
 * @param createNanos each create's latency, in order
 * @param stopped if a create failed: what happened; then no window was measured
 * @param readySeconds from the last create until every program was ready wherever it runs
 * @param termBefore the Raft term before the first create
 * @param termAfter and after the last window (or the failed create): more than one apart means
 *     elections during the run
 * @param roles each daemon's role during the windows, by id
 * @param idle each daemon's figures over the idle window, by id
 * @param load and over the load window
 * @param typed keystrokes the typists typed
 * @param echoed echoes they received
 * @param catchUpSeconds from the end of typing until the last echo came, or the wait for it ended
 * @param loadBefore the machine's load average when the run began
 * @param loadAfter and when it ended
 */
record ScaleReport(ScaleBench.Options options, long[] createNanos, Optional<String> stopped, double readySeconds,
        long termBefore, long termAfter, Map<String, String> roles,
        Map<String, Window> idle, Map<String, Window> load, long typed, long echoed, double catchUpSeconds,
        double loadBefore,
        double loadAfter) {
    static final String JSON_FILE = ResultFiles.jsonFile(ScaleBench.BENCHMARK);
    static final String HTML_FILE = ResultFiles.htmlFile(ScaleBench.BENCHMARK);

    /**
     * A daemon over one window.
     *
     * @param rssMiB its resident memory at the window's end
     * @param cpuPercent its CPU over the window, in percent of one core
     * @param threads its threads at the end
     * @param programs its child processes at the end: the sessions' programs it runs
     */
    record Window(double rssMiB, double cpuPercent, int threads, int programs) {
        Map<String, Object> json() {
            return Json.object("rssMiB", round(rssMiB, 1), "cpuPercent", round(cpuPercent, 1), "threads", threads,
                    "programs", programs);
        }
    }

    Percentiles createLatency() {
        return Percentiles.ofNanos(createNanos);
    }

    /** The command line, create latency, and a row per daemon: what a reader wants first. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("command: " + options.commandLine());
        lines.add(Percentiles.header("session create (ms; HdrHistogram)"));
        lines.add(createLatency().row("create, one at a time", 1));
        lines.add(String.format(Locale.ROOT, "Raft term %d before the first create, %d at the end: %d elections",
                termBefore, termAfter, termAfter - termBefore));
        if (stopped.isPresent()) {
            lines.add("STOPPED after " + createNanos.length + " of " + options.sessions() + " sessions: "
                    + stopped.get());
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "every program ready (%s) %.1f s after the last create",
                options.mode().name().toLowerCase(Locale.ROOT), readySeconds));
        lines.add(String.format(Locale.ROOT, "%-6s %-8s %8s %8s %10s %9s %10s %9s", "daemon", "role", "programs",
                "threads", "idle MiB", "idle CPU", "load MiB", "load CPU"));
        for (Map.Entry<String, String> d : roles.entrySet()) {
            Window i = idle.get(d.getKey());
            Window l = load.get(d.getKey());
            lines.add(String.format(Locale.ROOT, "%-6s %-8s %8d %8d %10.1f %8.1f%% %10.1f %8.1f%%", d.getKey(),
                    d.getValue(), i.programs(), i.threads(), i.rssMiB(), i.cpuPercent(), l.rssMiB(), l.cpuPercent()));
        }
        lines.add(String.format(Locale.ROOT, "typing: %d typists at %d keys/s for %d s: %d keystrokes typed, %d"
                        + " echoes received%s, the last %.1f s after typing stopped", options.typists(), options.rate(),
                options.window().toSeconds(), typed, echoed, echoed == typed ? "" : " (" + (typed - echoed)
                        + " MISSING)", catchUpSeconds));
        return lines;
    }

    Map<String, Object> json() {
        Map<String, Object> daemons = new LinkedHashMap<>();
        roles.forEach((id, role) -> daemons.put(id, Json.object("role", role, "idle", idle.get(id).json(),
                "load", load.get(id).json())));
        return Json.object("benchmark", ScaleBench.BENCHMARK, "commandLine", options.commandLine(),
                "jvm", Runtime.version().toString(), "processors", Runtime.getRuntime().availableProcessors(),
                "seed", options.seed(), "quick", options.quick(), "sessions", options.sessions(),
                "takeover", options.mode().name().toLowerCase(Locale.ROOT), "program", EchoProgram.ARGV,
                "typists", options.typists(), "keysPerSecond", options.rate(),
                "windowSeconds", options.window().toSeconds(),
                "loadAverage", Json.object("before", loadBefore, "after", loadAfter),
                "createMs", createLatency().json(2), "created", createNanos.length,
                "stopped", stopped.orElse(null), "termBefore", termBefore, "termAfter", termAfter,
                "readySeconds", Double.isNaN(readySeconds) ? null : round(readySeconds, 2),
                "daemons", daemons, "typed", typed, "echoed", echoed,
                "echoCatchUpSeconds", Double.isNaN(catchUpSeconds) ? null : round(catchUpSeconds, 2),
                "createSamplesUs", Arrays.stream(createNanos).map(n -> Math.round(n / 1e3)).boxed().toList());
    }

    private List<ResultFiles.Chart> charts() {
        Percentiles p = createLatency();
        String create = CdfChart.svg("Session create latency, " + createNanos.length + " creates one at a time",
                options.commandLine(), "create latency (logarithmic)", "creates within",
                List.of(new CdfChart.Line(String.format(Locale.ROOT, "create: median %.1f ms, p99 %.1f ms",
                        p.median(), p.p99()), createNanos)));
        List<BarChart.Bar> memory = new ArrayList<>();
        List<BarChart.Bar> cpu = new ArrayList<>();
        roles.forEach((id, role) -> {
            String label = id + " (" + role + ")";
            memory.add(bar(label + ", idle", idle.get(id).rssMiB(), "%.0f MiB", 0));
            memory.add(bar(label + ", typing", load.get(id).rssMiB(), "%.0f MiB", 1));
            cpu.add(bar(label + ", idle", idle.get(id).cpuPercent(), "%.1f%%", 0));
            cpu.add(bar(label + ", typing", load.get(id).cpuPercent(), "%.1f%%", 1));
        });
        List<String> series = List.of("idle window", options.typists() + " typists at " + options.rate() + " keys/s");
        String subtitle = options.sessions() + " sessions, " + options.mode().name().toLowerCase(Locale.ROOT)
                + " takeover; " + options.window().toSeconds() + " s windows";
        if (stopped.isPresent()) {
            return List.of(new ResultFiles.Chart(ScaleBench.CREATE_SVG, create));
        }
        return List.of(new ResultFiles.Chart(ScaleBench.CREATE_SVG, create),
                new ResultFiles.Chart(ScaleBench.MEMORY_SVG, BarChart.svg("Resident memory per daemon (VmRSS)",
                        subtitle, "MiB", series, memory)),
                new ResultFiles.Chart(ScaleBench.CPU_SVG, BarChart.svg("CPU per daemon (utime + stime over the window)",
                        subtitle, "% of one core", series, cpu)));
    }

    private static BarChart.Bar bar(String label, double value, String format, int series) {
        return new BarChart.Bar(label, value, String.format(Locale.ROOT, format, value), series);
    }

    /** Writes the JSON, the charts and a page with what ran ({@code preamble}), the table and the charts. */
    List<Path> write(Path dir, List<String> preamble) throws IOException {
        List<String> text = new ArrayList<>(preamble);
        text.add("");
        text.addAll(table());
        return new ResultFiles(ScaleBench.BENCHMARK, "Scale: sessions on three daemons", json(), text, charts())
                .write(dir);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
