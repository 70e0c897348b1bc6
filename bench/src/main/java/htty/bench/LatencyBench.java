package htty.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures keystroke-to-echo latency as a user typing into {@code cat} would feel it, through three
 * paths side by side in one run: htty ({@link HttyEchoPath}), tmux ({@link TmuxEchoPath}, skipped
 * when tmux is not installed) and a bare PTY ({@link PtyEchoPath}), each running the same
 * {@link EchoProgram}. One keystroke is in flight at a time: typed, its echo awaited, then a pause,
 * so that this is latency and not throughput.
 *
 * <p>The paths take turns: each round types one keystroke through every path, in an order drawn
 * from the seed, so that the machine's other work and the JVM's pauses fall on all paths alike and
 * no path always follows the same one. The first {@value #WARMUP} rounds warm up the JITs and
 * connections and are not counted. Each path's latencies go into an HdrHistogram, and the run
 * writes {@value LatencyReport#JSON_FILE}, the chart of their distributions
 * ({@value LatencyReport#SVG_FILE}) and a page with both ({@value LatencyReport#HTML_FILE}).
 */
public final class LatencyBench {
    static final int COLS = 80;
    static final int ROWS = 24;
    static final int WARMUP = 20;
    private static final int PROGRESS_EVERY = 250;

    private static final String USAGE = """
            usage: htty-bench latency [OPTIONS]
              --samples N      keystrokes counted per path (default %d)
              --interval MS    pause after each echo (default %d)
              --seed N         seed of the order of the paths in each round (default %d)
              --out DIR        where to write %s, %s, %s and the daemons' logs
                               (default target/htty-bench/latency-TIME)
              --quick          %d keystrokes per path: a smoke test
            Paths: htty (three daemons of its own, an attached client), tmux (a server of its own,
            control mode; skipped if tmux is not installed), a bare PTY (pty4j).
            """.formatted(Options.DEFAULT_SAMPLES, Options.DEFAULT_INTERVAL_MS, Options.DEFAULT_SEED,
            LatencyReport.JSON_FILE, LatencyReport.SVG_FILE, LatencyReport.HTML_FILE, Options.QUICK_SAMPLES);

    private LatencyBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Options> parsed = Args.parseOrExit(args, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        run(options, System.out);
    }

    /** Runs the benchmark, printing what it runs and then a table to {@code out}; writes the results. */
    static LatencyReport run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = options.out().toAbsolutePath().normalize();
        double loadBefore = Machine.loadAverage();
        List<String> preamble = new ArrayList<>();
        Consumer<String> say = line -> {
            preamble.add(line);
            out.println(line);
        };
        say.accept("htty latency: keystroke to echo through htty, tmux and a bare PTY, one keystroke in flight");
        say.accept(Machine.describe(loadBefore) + "; seed " + options.seed() + " (the order of the paths in each round)");
        say.accept(String.format(Locale.ROOT, "%d keystrokes per path after %d warm-up rounds; the paths take turns,"
                + " a pause of %d ms after each echo; the program: %s on %dx%d", options.samples(), WARMUP,
                options.interval().toMillis(), EchoProgram.ARGV, COLS, ROWS));
        if (options.quick()) {
            say.accept("quick run: a smoke test; too few keystrokes for the p99 to mean much");
        }
        say.accept("results and daemon logs: " + dir);
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Probe> probes = new ArrayList<>();
        List<LatencyReport.PathLatency> results;
        try {
            probes.add(Probe.start(HttyEchoPath.NAME, echo -> HttyEchoPath.start(dir, echo, out)));
            Optional<String> tmux = TmuxEchoPath.version();
            if (tmux.isPresent()) {
                probes.add(Probe.start(TmuxEchoPath.NAME, echo -> TmuxEchoPath.start(tmux.get(), echo)));
            } else {
                skipped.put(TmuxEchoPath.NAME, "tmux is not installed ('tmux -V' did not run)");
            }
            probes.add(Probe.start(PtyEchoPath.NAME, PtyEchoPath::start));
            probes.forEach(p -> say.accept(String.format("  %-9s %s", p.path().name(), p.path().description())));
            skipped.forEach((name, why) -> say.accept(String.format("  %-9s skipped: %s", name, why)));
            measure(probes, options, out);
            results = probes.stream().map(Probe::result).toList();
        } finally {
            for (Probe probe : probes.reversed()) {
                probe.close();
            }
        }
        LatencyReport report = new LatencyReport(options, results, skipped, loadBefore, Machine.loadAverage());
        out.println();
        report.table().forEach(out::println);
        out.println("wrote " + report.write(dir, preamble));
        return report;
    }

    /**
     * Types {@link #WARMUP} rounds and then the samples, each round a keystroke through every path in
     * a random order, and counts the latencies after the warm-up.
     */
    private static void measure(List<Probe> probes, Options options, PrintStream out)
            throws IOException, InterruptedException {
        Random random = new Random(options.seed());
        List<Probe> order = new ArrayList<>(probes);
        int rounds = WARMUP + options.samples();
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(order, random);
            // A letter of its own for each round: an echo of the previous keystroke again would not match.
            byte keystroke = (byte) ('a' + round % 26);
            for (Probe probe : order) {
                long nanos = probe.roundTrip(keystroke);
                if (round >= WARMUP) {
                    probe.record(nanos);
                }
                Thread.sleep(options.interval());
            }
            if ((round + 1) % PROGRESS_EVERY == 0) {
                out.println((round + 1) + " of " + rounds + " rounds typed");
            }
        }
    }

    /**
     * What a run does.
     *
     * @param args the command line's options, as given
     * @param samples keystrokes counted per path
     * @param interval the pause after each echo
     * @param seed seed of the order of the paths in each round
     * @param out where the results and the daemons' logs go
     * @param quick whether this is a smoke test
     */
    record Options(List<String> args, int samples, Duration interval, long seed, Path out, boolean quick) {
        static final int DEFAULT_SAMPLES = 1000;
        static final int QUICK_SAMPLES = 50;
        static final int DEFAULT_INTERVAL_MS = 20;
        static final long DEFAULT_SEED = 42;

        /** Reads the command line; {@code --quick} sets fewer samples, which {@code --samples} still overrides. */
        static Options parse(String... args) {
            boolean quick = false;
            Integer samples = null;
            int interval = DEFAULT_INTERVAL_MS;
            long seed = DEFAULT_SEED;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--samples" -> samples = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--interval" -> interval = Args.count(option, Args.value(args, ++i, option), 0);
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            return new Options(List.of(args), samples != null ? samples : quick ? QUICK_SAMPLES : DEFAULT_SAMPLES,
                    Duration.ofMillis(interval), seed, out != null ? out : Args.defaultOut("latency"), quick);
        }

        /** The command line as typed, and what it left to the defaults. */
        String commandLine() {
            return String.format(Locale.ROOT, "%s (%d samples per path, %d ms apart, seed %d)",
                    String.join(" ", "htty-bench", "latency", String.join(" ", args)).strip(), samples,
                    interval.toMillis(), seed);
        }
    }
}
