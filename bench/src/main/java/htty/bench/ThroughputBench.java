package htty.bench;

import htty.proto.log.TakeoverMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Measures output throughput: how fast a program's output reaches an attached client, through htty
 * (three daemons of its own, standby takeover, and again with respawn takeover, where only the leader
 * runs the program), tmux (a control-mode client) and a bare PTY, side by side in one run.
 *
 * <p>Every path runs the same {@link CorpusPrinter}, which prints a {@link Corpus} when a key is
 * typed: source-code-like text, which compresses well, and random base64, which does not, both made
 * from the seed. A trial types the key and waits until the client has received every byte of the
 * corpus (counted, and checked against its CRC-32); through htty it then waits until every daemon
 * has applied the log as far as the leader had committed (and checks that their digests of the
 * screen agree). The figure is the corpus's size over the time from the key to the last byte: the
 * key's own way in is a few milliseconds of seconds.
 *
 * <p>Each repeat prints each corpus once through every path, in an order drawn from the seed, so
 * that the machine's other work falls on all paths alike; the report gives the medians. The run
 * writes {@value #BENCHMARK}.json, a chart of the medians ({@value #SVG_FILE}) and a page with both.
 */
public final class ThroughputBench {
    static final String BENCHMARK = "throughput";
    static final String SVG_FILE = "throughput.svg";
    static final String HTTY_STANDBY = "htty (standby)";
    static final String HTTY_RESPAWN = "htty (respawn)";
    /** The slowest a path may be before a trial counts as stuck: 1 MiB/s, and at least a minute. */
    private static final double SLOWEST_MIB_PER_S = 1;
    private static final Duration LEAST_WAIT = Duration.ofSeconds(60);

    private static final String USAGE = """
            usage: htty-bench throughput [OPTIONS]
              --size MIB       size of each corpus in MiB (default %d)
              --repeats N      times each corpus is printed through each path (default %d)
              --seed N         seed of the corpora and of the order of the paths (default %d)
              --out DIR        where to write %s.json, %s, %s.html and the daemons' logs
                               (default target/htty-bench/throughput-TIME)
              --quick          %d KiB, once: a smoke test
            Paths: htty with standby takeover and with respawn takeover (three daemons of its own each,
            an attached client), tmux (a server of its own, control mode; skipped if tmux is not
            installed), a bare PTY (pty4j). Corpora: source-code-like text, random base64.
            """.formatted(Options.DEFAULT_SIZE_MIB, Options.DEFAULT_REPEATS, Options.DEFAULT_SEED, BENCHMARK,
            SVG_FILE, BENCHMARK, Options.QUICK_SIZE_BYTES / 1024);

    private ThroughputBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Options> options = Args.parseOrExit(args, USAGE, Options::parse);
        if (options.isPresent() && run(options.get(), System.out).stopped().isPresent()) {
            System.exit(1);
        }
    }

    /** One path under measurement, and what its reader hands the output to. */
    private record Runner(EchoPath path, Delivery delivery) {
    }

    /** Starts a path whose output goes to the {@link Delivery} it is given. */
    @FunctionalInterface
    private interface Starter {
        EchoPath start(Delivery delivery) throws IOException, InterruptedException;
    }

    /** Runs the benchmark, printing what it runs, a line per trial and a table to {@code out}; writes the results. */
    static ThroughputReport run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = options.out().toAbsolutePath().normalize();
        double loadBefore = Machine.loadAverage();
        List<String> preamble = new ArrayList<>();
        Consumer<String> say = line -> {
            preamble.add(line);
            out.println(line);
        };
        say.accept("htty throughput: output of a corpus through htty, tmux and a bare PTY to an attached client");
        say.accept(Machine.describe(loadBefore) + "; seed " + options.seed()
                + " (the corpora, the order of the paths)");
        List<Corpus> corpora = List.of(Corpus.text(options.seed(), options.sizeBytes()),
                Corpus.random(options.seed(), options.sizeBytes()));
        for (Corpus c : corpora) {
            say.accept(String.format(Locale.ROOT, "corpus %-6s %.1f MiB, CRC-32 %08x: %s", c.name(), c.mebibytes(),
                    c.crc(), c.description()));
        }
        say.accept(String.format(Locale.ROOT, "%d repeats; each prints each corpus once through every path; terminal"
                + " %dx%d", options.repeats(), LatencyBench.COLS, LatencyBench.ROWS));
        if (options.quick()) {
            say.accept("quick run: a smoke test; the corpora are too small for the figures to mean much");
        }
        say.accept("results and daemon logs: " + dir);
        Path corpusDir = Files.createTempDirectory("htty-bench-corpus-");
        ExitHook removeCorpora = ExitHook.register("htty-bench-corpus-cleanup",
                () -> BenchCluster.deleteTree(corpusDir));
        Map<String, String> skipped = new LinkedHashMap<>();
        List<Runner> runners = new ArrayList<>();
        List<ThroughputReport.Trial> trials = new ArrayList<>();
        Map<String, Integer> redraws = new LinkedHashMap<>();
        Optional<String> stopped = Optional.empty();
        try {
            for (Corpus c : corpora) {
                c.writeInto(corpusDir);
            }
            Program program = CorpusPrinter.program(corpusDir);
            say.accept("the program on every path: " + program.argv());
            runners.add(start(HTTY_STANDBY, d -> HttyEchoPath.start(HTTY_STANDBY, dir.resolve("standby"), program,
                    TakeoverMode.STANDBY, d, out)));
            runners.add(start(HTTY_RESPAWN, d -> HttyEchoPath.start(HTTY_RESPAWN, dir.resolve("respawn"), program,
                    TakeoverMode.RESPAWN, d, out)));
            Optional<String> tmux = TmuxEchoPath.version();
            if (tmux.isPresent()) {
                runners.add(start(TmuxEchoPath.NAME, d -> TmuxEchoPath.start(tmux.get(), program, d)));
            } else {
                skipped.put(TmuxEchoPath.NAME, "tmux is not installed ('tmux -V' did not run)");
            }
            runners.add(start(PtyEchoPath.NAME, d -> PtyEchoPath.start(program, d)));
            runners.forEach(r -> say.accept(String.format("  %-15s %s", r.path().name(), r.path().description())));
            skipped.forEach((name, why) -> say.accept(String.format("  %-15s skipped: %s", name, why)));
            out.println();
            try {
                measure(runners, corpora, options, trials, out);
            } catch (IllegalStateException e) {
                // A path that lost or garbled output, or an htty client redrawn mid-corpus after a leader
                // change: the trials so far still stand, and the report says why the run ended.
                stopped = Optional.of(e.getMessage());
                out.println("stopped: " + e.getMessage());
            }
        } finally {
            runners.forEach(r -> redraws.put(r.path().name(), r.delivery().redrawsBetween()));
            for (Runner r : runners.reversed()) {
                r.path().close();
            }
            BenchCluster.deleteTree(corpusDir);
            removeCorpora.unregister();
        }
        ThroughputReport report = new ThroughputReport(options, corpora.stream()
                .map(ThroughputReport.CorpusInfo::of).toList(), runners.stream().map(r -> r.path().name()).toList(),
                trials, skipped, redraws, stopped, loadBefore, Machine.loadAverage());
        out.println();
        report.table().forEach(out::println);
        out.println("wrote " + report.write(dir, preamble));
        return report;
    }

    private static Runner start(String name, Starter starter) throws IOException, InterruptedException {
        Delivery delivery = new Delivery(name);
        return new Runner(starter.start(delivery), delivery);
    }

    /** Every repeat: each corpus through every path, the paths in an order drawn from the seed. */
    private static void measure(List<Runner> runners, List<Corpus> corpora, Options options,
            List<ThroughputReport.Trial> trials, PrintStream out) throws IOException, InterruptedException {
        Random random = new Random(options.seed());
        List<Runner> order = new ArrayList<>(runners);
        int total = options.repeats() * corpora.size() * runners.size();
        for (int repeat = 1; repeat <= options.repeats(); repeat++) {
            for (Corpus corpus : corpora) {
                Collections.shuffle(order, random);
                for (Runner runner : order) {
                    ThroughputReport.Trial trial = trial(runner, corpus, repeat);
                    trials.add(trial);
                    out.printf(Locale.ROOT, "%d/%d repeat %d, %s corpus, %-15s %s%n", trials.size(), total, repeat,
                            corpus.name(), runner.path().name() + ":", trial.describe());
                }
            }
        }
    }

    /**
     * Waits until the program is ready wherever it runs, types the corpus's key, and waits for the
     * client to receive the corpus; through htty, then for every daemon to have applied it.
     */
    private static ThroughputReport.Trial trial(Runner runner, Corpus corpus, int repeat)
            throws IOException, InterruptedException {
        EchoPath path = runner.path();
        path.awaitReady();
        Duration wait = Duration.ofSeconds(Math.max(LEAST_WAIT.toSeconds(),
                (long) Math.ceil(corpus.mebibytes() / SLOWEST_MIB_PER_S)));
        OptionalLong indexBefore = path instanceof HttyEchoPath htty ? OptionalLong.of(htty.cluster().commitIndex())
                : OptionalLong.empty();
        CompletableFuture<Long> arrival = runner.delivery().expect(corpus);
        long typed = System.nanoTime();
        path.type((byte) corpus.key());
        long received = runner.delivery().await(arrival, wait);
        long firstByte = runner.delivery().firstAt();
        Optional<BenchCluster.Replicated> replicated = Optional.empty();
        if (path instanceof HttyEchoPath htty) {
            replicated = Optional.of(htty.cluster().awaitReplicated(htty.session()));
        }
        return new ThroughputReport.Trial(path.name(), corpus.name(), repeat, corpus.bytes().length,
                seconds(received - typed), seconds(firstByte - typed),
                replicated.map(r -> seconds(Math.max(r.at(), received) - typed)),
                replicated.map(BenchCluster.Replicated::digestsAgree),
                replicated.map(r -> r.index() - indexBefore.orElseThrow()));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * What a run does.
     *
     * @param args the command line's options, as given
     * @param sizeBytes each corpus's size (about: a corpus ends with a whole line)
     * @param repeats times each corpus goes through each path
     * @param seed seed of the corpora and of the order of the paths
     * @param out where the results and the daemons' logs go
     * @param quick whether this is a smoke test
     */
    record Options(List<String> args, int sizeBytes, int repeats, long seed, Path out, boolean quick) {
        static final int DEFAULT_SIZE_MIB = 16;
        static final int DEFAULT_REPEATS = 3;
        static final int QUICK_SIZE_BYTES = 256 * 1024;
        private static final int MIB = 1024 * 1024;
        static final long DEFAULT_SEED = 42;
        /** A corpus must fit in an array, and each path holds a copy of it only in its file. */
        static final int MAX_SIZE_MIB = 1024;

        /** Reads the command line; {@code --quick} sets a small corpus and one repeat, which options still override. */
        static Options parse(String... args) {
            boolean quick = false;
            Integer size = null;
            Integer repeats = null;
            long seed = DEFAULT_SEED;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--size" -> size = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--repeats" -> repeats = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            if (size != null && size > MAX_SIZE_MIB) {
                throw new IllegalArgumentException("--size needs at most " + MAX_SIZE_MIB + " MiB, not " + size);
            }
            int sizeBytes = size != null ? size * MIB : quick ? QUICK_SIZE_BYTES : DEFAULT_SIZE_MIB * MIB;
            return new Options(List.of(args), sizeBytes, repeats != null ? repeats : quick ? 1 : DEFAULT_REPEATS, seed,
                    out != null ? out : Args.defaultOut(BENCHMARK), quick);
        }

        /** The command line as typed, and what it left to the defaults. */
        String commandLine() {
            return String.format(Locale.ROOT, "%s (%.2f MiB corpora, %d repeats, seed %d)",
                    String.join(" ", "htty-bench", BENCHMARK, String.join(" ", args)).strip(), sizeBytes / (double) MIB,
                    repeats, seed);
        }
    }
}
