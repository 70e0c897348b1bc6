package htty.bench;

import htty.term.FeedResult;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures the terminal emulator's throughput on one core: how many bytes of program output per
 * second {@link Terminal#feed} parses and applies, the {@link FeedResult} it returns included, since
 * that is what a replica does with every Output batch. Each workload ({@link Workload}) is fed in
 * batch-sized chunks to a fresh terminal, first in warm-up rounds that let the JIT compile the hot
 * paths, then in measured rounds whose median is reported along with the slowest and fastest.
 *
 * <p>Everything runs on the calling thread. The JVM's compiler and collector threads may use other
 * cores; pin the process ({@code taskset -c 0}) to deny them that as well.
 */
public final class EmulatorThroughput {
    /** The size of an Output batch: what a replica feeds its emulator at a time. */
    static final int CHUNK_BYTES = 64 * 1024;
    static final String RESULT_FILE = "emulator.json";
    /** Where the script, run from the repository root, finds recorded program output. */
    static final Path DEFAULT_CORPUS = Path.of("raft-state/src/test/resources/corpus");
    /** Each workload runs on both: the common default, and a large window with more to scroll and erase. */
    static final List<TerminalConfig> SCREENS = List.of(TerminalConfig.of(80, 24), TerminalConfig.of(200, 50));
    /** The targets in MB/s on one core, by workload. */
    static final Map<String, Integer> TARGETS = Map.of(Workload.PLAIN, 200, Workload.SGR, 80);

    private static final String USAGE = """
            usage: htty-bench emulator [OPTIONS]
              --seed N           seed of the synthetic workloads (default %d)
              --warmup N         unmeasured rounds per workload and screen (default %d)
              --rounds N         measured rounds per workload and screen (default %d)
              --workloads A,B    run only these, of: %s
              --corpus DIR       where the recorded workload's *.bin files are (default %s)
              --out DIR          also write the results to DIR/%s
              --quick            1 MiB workloads, no warm-up, one round: a smoke test, not a measurement
            The last line printed is the results as JSON.
            """.formatted(Options.DEFAULT_SEED, Options.DEFAULT_WARMUP, Options.DEFAULT_ROUNDS,
            String.join(",", Workload.NAMES), DEFAULT_CORPUS, RESULT_FILE);

    private EmulatorThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Optional<Options> parsed = Args.parseOrExit(args, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        run(options, System.out);
    }

    /** Runs the benchmark, printing a table to {@code out} as it goes; returns one result per workload and screen. */
    static List<Result> run(Options options, PrintStream out) throws IOException {
        List<Workload> workloads = Workload.all(options.seed(), options.workloadBytes(), options.corpus()).stream()
                .filter(w -> options.workloads().contains(w.name()))
                .toList();
        printPreamble(out, options, workloads);
        out.printf(Locale.ROOT, "%-11s %-7s %8s %11s %9s %9s %9s  %s%n",
                "workload", "screen", "MiB", "median MB/s", "min MB/s", "max MB/s", "client/in", "target");
        List<Result> results = new ArrayList<>();
        for (Workload workload : workloads) {
            for (TerminalConfig screen : SCREENS) {
                Result result = measure(workload.name(), workload.source().bytes(screen.cols(), screen.rows()),
                        screen, options);
                out.println(row(result, options.quick()));
                results.add(result);
            }
        }
        String json = json(options, results);
        out.println();
        if (options.out() != null) {
            Path file = options.out().resolve(RESULT_FILE);
            Files.createDirectories(options.out());
            Files.writeString(file, json + "\n");
            out.println("wrote " + file);
        }
        out.println(json); // last, so that scripts can take it with tail -n 1
        return results;
    }

    private static void printPreamble(PrintStream out, Options options, List<Workload> workloads) {
        out.println("htty emulator throughput: Terminal.feed (parse, apply, FeedResult) on one thread");
        out.printf("JVM %s (%s %s), %d processors available%n", Runtime.version(),
                System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "seed %d; workloads of %.1f MiB fed in %d KiB chunks (one Output batch);"
                + " %d warm-up and %d measured rounds, each into a fresh terminal%n",
                options.seed(), options.workloadBytes() / (double) (1 << 20), CHUNK_BYTES / 1024,
                options.warmupRounds(), options.rounds());
        if (options.quick()) {
            out.println("quick run: a smoke test; its figures measure a cold JVM, not the emulator");
        }
        out.println("targets from the issue: plain >= " + TARGETS.get(Workload.PLAIN) + " MB/s and sgr >= "
                + TARGETS.get(Workload.SGR) + " MB/s on one core");
        out.println("MB/s: 10^6 bytes of program output per second; client/in: bytes of client stream per byte fed");
        for (Workload workload : workloads) {
            out.printf("  %-11s %s%n", workload.name(), workload.description());
        }
        if (options.workloads().contains(Workload.RECORDED)
                && workloads.stream().noneMatch(w -> w.name().equals(Workload.RECORDED))) {
            out.printf("  %-11s skipped: no *.bin files in %s%n", Workload.RECORDED, options.corpus());
        }
        out.println();
    }

    private static Result measure(String workload, byte[] stream, TerminalConfig screen, Options options) {
        for (int round = 0; round < options.warmupRounds(); round++) {
            feed(new Terminal(screen), stream);
        }
        double[] rates = new double[options.rounds()];
        long clientBytes = 0;
        for (int round = 0; round < rates.length; round++) {
            // Each round starts from a collected heap rather than paying for the previous round's garbage.
            System.gc();
            Terminal terminal = new Terminal(screen);
            long start = System.nanoTime();
            clientBytes = feed(terminal, stream);
            long nanos = System.nanoTime() - start;
            rates[round] = stream.length * 1e3 / nanos; // bytes per nanosecond * 10^9 / 10^6
        }
        return new Result(workload, screen, stream.length, rates, clientBytes / (double) stream.length);
    }

    /**
     * Feeds the whole stream in Output-batch-sized chunks, as a replica would; returns the length of
     * the client stream it produced, which also keeps the results from being optimised away.
     */
    private static long feed(Terminal terminal, byte[] stream) {
        long clientBytes = 0;
        for (int offset = 0; offset < stream.length; offset += CHUNK_BYTES) {
            FeedResult result = terminal.feed(stream, offset, Math.min(CHUNK_BYTES, stream.length - offset));
            clientBytes += result.clientBytes().length;
        }
        return clientBytes;
    }

    /** A line of the table; a quick run's figures are not held against the targets. */
    private static String row(Result r, boolean quick) {
        Integer target = TARGETS.get(r.workload());
        String verdict = "";
        if (target != null) {
            verdict = ">= " + target;
            if (!quick) {
                verdict += r.median() >= target ? " met" : " NOT MET";
            }
        }
        return String.format(Locale.ROOT, "%-11s %-7s %8.1f %11.1f %9.1f %9.1f %9.2f  %s",
                r.workload(), r.screenName(), r.bytes() / (double) (1 << 20), r.median(), r.min(), r.max(),
                r.clientRatio(), verdict);
    }

    private static String json(Options options, List<Result> results) {
        StringBuilder json = new StringBuilder(1024);
        json.append("{\"benchmark\":\"emulator\",\"jvm\":").append(quote(Runtime.version().toString()))
                .append(",\"vm\":").append(quote(System.getProperty("java.vm.name")))
                .append(",\"processors\":").append(Runtime.getRuntime().availableProcessors())
                .append(",\"seed\":").append(options.seed())
                .append(",\"quick\":").append(options.quick())
                .append(",\"warmupRounds\":").append(options.warmupRounds())
                .append(",\"rounds\":").append(options.rounds())
                .append(",\"chunkBytes\":").append(CHUNK_BYTES)
                .append(",\"targetsMBps\":{\"plain\":").append(TARGETS.get(Workload.PLAIN))
                .append(",\"sgr\":").append(TARGETS.get(Workload.SGR)).append("},\"results\":[");
        for (Result r : results) {
            json.append(r == results.getFirst() ? "" : ",")
                    .append("{\"workload\":").append(quote(r.workload()))
                    .append(",\"cols\":").append(r.screen().cols())
                    .append(",\"rows\":").append(r.screen().rows())
                    .append(",\"bytes\":").append(r.bytes())
                    .append(",\"medianMBps\":").append(number(r.median()))
                    .append(",\"minMBps\":").append(number(r.min()))
                    .append(",\"maxMBps\":").append(number(r.max()))
                    .append(",\"clientBytesPerInputByte\":").append(number(r.clientRatio()))
                    .append(",\"roundsMBps\":[");
            for (int i = 0; i < r.roundsMBps().length; i++) {
                json.append(i == 0 ? "" : ",").append(number(r.roundsMBps()[i]));
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * One workload on one screen.
     *
     * @param workload the workload's name
     * @param screen the size of the terminal it was fed to
     * @param bytes the length of the stream
     * @param roundsMBps the throughput of each measured round, in 10^6 bytes per second
     * @param clientRatio bytes of client stream per byte of program output
     */
    record Result(String workload, TerminalConfig screen, long bytes, double[] roundsMBps, double clientRatio) {
        String screenName() {
            return screen.cols() + "x" + screen.rows();
        }

        double median() {
            double[] sorted = roundsMBps.clone();
            Arrays.sort(sorted);
            int middle = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        double min() {
            return Arrays.stream(roundsMBps).min().orElseThrow();
        }

        double max() {
            return Arrays.stream(roundsMBps).max().orElseThrow();
        }
    }

    /**
     * What a run does.
     *
     * @param seed seed of the synthetic workloads
     * @param workloadBytes the size each workload is built to
     * @param warmupRounds unmeasured rounds per workload and screen
     * @param rounds measured rounds per workload and screen
     * @param workloads the names of the workloads to run
     * @param corpus the directory of recorded output
     * @param out where to write {@value #RESULT_FILE}, or null
     * @param quick whether this is a smoke test rather than a measurement
     */
    record Options(long seed, int workloadBytes, int warmupRounds, int rounds, Set<String> workloads, Path corpus,
            Path out, boolean quick) {
        static final long DEFAULT_SEED = 42;
        static final int DEFAULT_WARMUP = 3;
        static final int DEFAULT_ROUNDS = 7;
        static final int WORKLOAD_BYTES = 32 << 20;
        static final int QUICK_WORKLOAD_BYTES = 1 << 20;

        /** Reads the command line; {@code --quick} sets smaller defaults, which explicit options still override. */
        static Options parse(String... args) {
            boolean quick = false;
            long seed = DEFAULT_SEED;
            Integer warmup = null;
            Integer rounds = null;
            Set<String> workloads = new LinkedHashSet<>(Workload.NAMES);
            Path corpus = DEFAULT_CORPUS;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--warmup" -> warmup = Args.count(option, Args.value(args, ++i, option), 0);
                    case "--rounds" -> rounds = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--workloads" -> workloads = workloads(Args.value(args, ++i, option));
                    case "--corpus" -> corpus = Path.of(Args.value(args, ++i, option));
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            return new Options(seed, quick ? QUICK_WORKLOAD_BYTES : WORKLOAD_BYTES,
                    warmup != null ? warmup : quick ? 0 : DEFAULT_WARMUP,
                    rounds != null ? rounds : quick ? 1 : DEFAULT_ROUNDS,
                    workloads, corpus, out, quick);
        }

        private static Set<String> workloads(String list) {
            Set<String> names = new LinkedHashSet<>(Arrays.asList(list.split(",")));
            for (String name : names) {
                if (!Workload.NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown workload: " + name + " (there are "
                            + String.join(", ", Workload.NAMES) + ")");
                }
            }
            return names;
        }
    }
}
