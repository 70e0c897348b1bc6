package htty.bench;

import htty.client.Attachment;
import htty.client.HttyException;
import htty.proto.api.AttachStart;
import htty.proto.log.TakeoverMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Measures how htty scales with sessions: a cluster of three daemons of its own gets N sessions, each
 * running the {@link EchoProgram}, one create at a time (each create's latency is measured); once
 * every program runs wherever it is to run (with standby takeover: the leader's voice and a warm
 * standby on each other daemon, so three processes and three PTYs a session), each daemon's resident
 * memory and CPU are read from {@code /proc} over a window of idleness, and again over a window in
 * which K clients, each attached to a session drawn from the seed, type at a fixed rate.
 */
public final class ScaleBench {
    static final String BENCHMARK = "scale";
    static final String CREATE_SVG = "scale-create.svg";
    static final String MEMORY_SVG = "scale-memory.svg";
    static final String CPU_SVG = "scale-cpu.svg";
    static final int DAEMONS = 3;
    /** How long the typists' echoes may take to come in once they stop: a loaded cluster lags seconds behind. */
    private static final Duration ECHO_WAIT = Duration.ofSeconds(60);
    private static final Path PTY_MAX = Path.of("/proc/sys/kernel/pty/max");
    private static final Path PTY_IN_USE = Path.of("/proc/sys/kernel/pty/nr");

    private static final String USAGE = """
            usage: htty-bench scale [OPTIONS]
              --sessions N     sessions to create (default %d)
              --takeover MODE  standby (a program on every daemon) or respawn (on the leader only)
                               (default standby)
              --typists K      clients that type during the load window (default %d)
              --rate N         keystrokes a second each typist types (default %d)
              --window S       seconds each of the idle and the load window lasts (default %d)
              --seed N         seed of the sessions the typists attach to (default %d)
              --out DIR        where to write %s.json, %s, %s, %s, %s.html and the daemons'
                               logs (default target/htty-bench/scale-TIME)
              --quick          %d sessions, %d typists, %d s windows: a smoke test
            Checks first that the PTYs fit (/proc/sys/kernel/pty/max less those in use).
            """.formatted(Options.DEFAULT_SESSIONS, Options.DEFAULT_TYPISTS, Options.DEFAULT_RATE,
            Options.DEFAULT_WINDOW_S, Options.DEFAULT_SEED, BENCHMARK, CREATE_SVG, MEMORY_SVG, CPU_SVG, BENCHMARK,
            Options.QUICK_SESSIONS, Options.QUICK_TYPISTS, Options.QUICK_WINDOW_S);

    private ScaleBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Options> options = Args.parseOrExit(args, USAGE, Options::parse);
        if (options.isPresent()) {
            try {
                if (run(options.get(), System.out).stopped().isPresent()) {
                    System.exit(1);
                }
            } catch (TooFewPtys e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
        }
    }

    /** The sessions' programs would need more PTYs than are free: the run does not start. */
    static final class TooFewPtys extends RuntimeException {
        TooFewPtys(String message) {
            super(message);
        }
    }

    /** Runs the benchmark, printing progress and then a table to {@code out}; writes the results. */
    static ScaleReport run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = options.out().toAbsolutePath().normalize();
        double loadBefore = Machine.loadAverage();
        List<String> preamble = new ArrayList<>();
        Consumer<String> say = line -> {
            preamble.add(line);
            out.println(line);
        };
        say.accept("htty scale: " + options.sessions() + " sessions on " + DAEMONS + " daemons, idle and under typing");
        say.accept(Machine.describe(loadBefore) + "; seed " + options.seed() + " (the sessions typed into)");
        say.accept(String.format(Locale.ROOT, "each session runs %s, %s takeover; %d typists at %d keys/s each;"
                        + " %d s windows", EchoProgram.ARGV, options.mode().name().toLowerCase(Locale.ROOT),
                options.typists(), options.rate(), options.window().toSeconds()));
        say.accept(limits(options));
        if (options.quick()) {
            say.accept("quick run: a smoke test; too few sessions for the figures to mean much");
        }
        say.accept("results and daemon logs: " + dir);
        ScaleReport report;
        try (BenchCluster cluster = BenchCluster.start(DAEMONS, dir, List.of())) {
            out.println("started " + cluster.describe());
            cluster.awaitReady();
            long termBefore = cluster.highestTerm();
            List<String> names = new ArrayList<>();
            Creates creates = create(cluster, options, names, out);
            if (creates.stopped().isPresent()) {
                out.println("stopped creating: " + creates.stopped().get());
                report = new ScaleReport(options, creates.nanos(), creates.stopped(), Double.NaN, termBefore,
                        cluster.highestTerm(), Map.of(), Map.of(), Map.of(), 0, 0, Double.NaN, loadBefore,
                        Machine.loadAverage());
            } else {
                long waitStart = System.nanoTime();
                out.println("waiting until every program runs cat" + (options.mode() == TakeoverMode.STANDBY
                        ? ", the standbys warm" : ""));
                BenchCluster.Ready ready = cluster.awaitReady(names);
                double readySeconds = (System.nanoTime() - waitStart) / 1e9;
                out.printf(Locale.ROOT, "every program ready %.1f s after the last create; %s leads%n", readySeconds,
                        ready.leader());
                out.println("idle window: " + options.window().toSeconds() + " s");
                Map<String, ScaleReport.Window> idle = window(cluster, options.window(), () -> { });
                out.println("load window: " + options.typists() + " typists, " + options.window().toSeconds() + " s");
                Typing typing = new Typing(cluster, names, options);
                Map<String, ScaleReport.Window> load;
                try {
                    load = window(cluster, options.window(), typing::typeRound);
                } finally {
                    typing.close();
                }
                Map<String, String> roles = new LinkedHashMap<>();
                cluster.daemons().forEach(d -> roles.put(d.id, d == ready.leader() ? "leader" : "follower"));
                report = new ScaleReport(options, creates.nanos(), Optional.empty(), readySeconds, termBefore,
                        cluster.highestTerm(), roles, idle, load, typing.typed.get(), typing.echoed.get(),
                        typing.catchUpSeconds, loadBefore, Machine.loadAverage());
            }
        }
        out.println();
        report.table().forEach(out::println);
        out.println("wrote " + report.write(dir, preamble));
        return report;
    }

    /** The PTYs the sessions need against those free, and the process limit; fails early if the PTYs do not fit. */
    private static String limits(Options options) throws IOException {
        int perSession = options.mode() == TakeoverMode.STANDBY ? DAEMONS : 1;
        long needed = (long) options.sessions() * perSession;
        long max = sysctl(PTY_MAX);
        long inUse = sysctl(PTY_IN_USE);
        String processes = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max processes")).map(l -> l.substring(26).strip().split("\\s+")[0])
                .findFirst().orElse("unknown");
        if (needed > max - inUse) {
            throw new TooFewPtys(String.format(Locale.ROOT, "%d sessions with %s takeover need %d PTYs;"
                    + " only %d of %d are free (%s, %s): fewer --sessions, or --takeover respawn (one PTY a"
                    + " session)", options.sessions(), options.mode().name().toLowerCase(Locale.ROOT), needed,
                    max - inUse, max, PTY_MAX, PTY_IN_USE));
        }
        return String.format(Locale.ROOT, "limits: %d PTYs needed, %d of %d free; max user processes %s (%d programs)",
                needed, max - inUse, max, processes, needed);
    }

    /**
     * A number from /proc/sys. Read line by line: {@code Files.readString} gets only the first byte
     * of these files (JDK 25, this kernel).
     */
    private static long sysctl(Path file) throws IOException {
        return Long.parseLong(Files.readAllLines(file).getFirst().strip());
    }

    /**
     * The creates' latencies, in nanoseconds, in order; and if the cluster stopped answering before
     * the last, what it said: the sessions that fit.
     */
    private record Creates(long[] nanos, Optional<String> stopped) {
    }

    /** Creates the sessions one at a time, until the last or until a create fails. */
    private static Creates create(BenchCluster cluster, Options options, List<String> names, PrintStream out)
            throws InterruptedException {
        long[] nanos = new long[options.sessions()];
        int progressEvery = Math.max(1, options.sessions() / 10);
        long start = System.nanoTime();
        for (int i = 0; i < options.sessions(); i++) {
            String name = String.format(Locale.ROOT, "s%05d", i + 1);
            long t0 = System.nanoTime();
            try {
                cluster.createSession(name, EchoProgram.PROGRAM, options.mode(), LatencyBench.COLS,
                        LatencyBench.ROWS);
            } catch (HttyException e) {
                return new Creates(Arrays.copyOf(nanos, i), Optional.of(String.format(Locale.ROOT,
                        "create %d of %d failed after %.1f s: %s", i + 1, options.sessions(),
                        (System.nanoTime() - t0) / 1e9, e.getMessage())));
            }
            nanos[i] = System.nanoTime() - t0;
            names.add(name);
            if ((i + 1) % progressEvery == 0) {
                out.printf(Locale.ROOT, "created %d of %d sessions (%.1f s); last create %.1f ms%n", i + 1,
                        options.sessions(), (System.nanoTime() - start) / 1e9, nanos[i] / 1e6);
            }
        }
        return new Creates(nanos, Optional.empty());
    }

    /**
     * Samples every daemon's /proc, runs {@code work} until {@code length} has passed (work that
     * returns at once is called again after a pause of its own), samples again, and returns each
     * daemon's figures over the window.
     */
    private static Map<String, ScaleReport.Window> window(BenchCluster cluster, Duration length, Runnable work)
            throws IOException {
        Map<String, ProcessSample> before = new LinkedHashMap<>();
        for (BenchCluster.Daemon d : cluster.daemons()) {
            before.put(d.id, ProcessSample.of(d.pid()));
        }
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() < end) {
            work.run();
            LockSupport.parkNanos(Math.min(Typing.TICK.toNanos(), Math.max(0, end - System.nanoTime())));
        }
        Map<String, ScaleReport.Window> figures = new LinkedHashMap<>();
        for (BenchCluster.Daemon d : cluster.daemons()) {
            ProcessSample after = ProcessSample.of(d.pid());
            figures.put(d.id, new ScaleReport.Window(after.rssMiB(), after.cpuPercentSince(before.get(d.id)),
                    after.threads(), after.children()));
        }
        return figures;
    }

    /**
     * The typists: clients attached to sessions drawn from the seed, each typing a keystroke whenever
     * its time has come, from one thread; the echoes are counted as the attachments receive them.
     */
    private static final class Typing implements AutoCloseable {
        /** How often the typing thread wakes to type what is due. */
        static final Duration TICK = Duration.ofMillis(5);

        private final List<Attachment> attachments = new ArrayList<>();
        private final long interval;
        /** When the first round was typed: the attachments are all open by then. */
        private long start;
        final AtomicLong typed = new AtomicLong();
        final AtomicLong echoed = new AtomicLong();
        /** From the end of typing until the last echo came (or the wait for it ended), in seconds. */
        double catchUpSeconds;

        Typing(BenchCluster cluster, List<String> names, Options options) {
            this.interval = 1_000_000_000L / options.rate();
            Random random = new Random(options.seed());
            for (int i = 0; i < options.typists(); i++) {
                String session = names.get(random.nextInt(names.size()));
                boolean[] shown = {false};
                attachments.add(cluster.client().attach(AttachStart.newBuilder().setName(session)
                        .setCols(LatencyBench.COLS).setRows(LatencyBench.ROWS).build(), bytes -> {
                            // The first screen is the redraw of the session, not an echo.
                            if (shown[0]) {
                                echoed.addAndGet(bytes.size());
                            }
                            shown[0] = true;
                        }));
            }
        }

        /** Types, into every attachment, each keystroke that is due by now. */
        void typeRound() {
            if (start == 0) {
                start = System.nanoTime();
            }
            long due = (System.nanoTime() - start) / interval + 1;
            while (typed.get() < due * attachments.size()) {
                long n = typed.get() / attachments.size();
                for (Attachment a : attachments) {
                    a.sendInput(new byte[] {(byte) ('a' + n % 26)});
                    typed.incrementAndGet();
                }
            }
        }

        /** Waits a while for the echoes still on their way, then detaches every typist. */
        @Override
        public void close() {
            long stopped = System.nanoTime();
            long deadline = stopped + ECHO_WAIT.toNanos();
            while (echoed.get() < typed.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TICK.toNanos());
            }
            catchUpSeconds = (System.nanoTime() - stopped) / 1e9;
            attachments.forEach(Attachment::close);
        }
    }

    /**
     * What a run does.
     *
     * @param args the command line's options, as given
     * @param sessions sessions to create
     * @param mode their takeover mode
     * @param typists clients typing in the load window
     * @param rate keystrokes a second each
     * @param window how long the idle and the load window last
     * @param seed seed of the sessions typed into
     * @param out where the results and the daemons' logs go
     * @param quick whether this is a smoke test
     */
    record Options(List<String> args, int sessions, TakeoverMode mode, int typists, int rate, Duration window,
            long seed, Path out, boolean quick) {
        static final int DEFAULT_SESSIONS = 1000;
        static final int QUICK_SESSIONS = 20;
        static final int DEFAULT_TYPISTS = 10;
        static final int QUICK_TYPISTS = 3;
        static final int DEFAULT_RATE = 20;
        static final int DEFAULT_WINDOW_S = 10;
        static final int QUICK_WINDOW_S = 2;
        static final long DEFAULT_SEED = 42;

        /** Reads the command line; {@code --quick} sets a small run, which the options still override. */
        static Options parse(String... args) {
            boolean quick = false;
            Integer sessions = null;
            Integer typists = null;
            Integer window = null;
            TakeoverMode mode = TakeoverMode.STANDBY;
            int rate = DEFAULT_RATE;
            long seed = DEFAULT_SEED;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--sessions" -> sessions = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--typists" -> typists = Args.count(option, Args.value(args, ++i, option), 0);
                    case "--rate" -> rate = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--window" -> window = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    case "--takeover" -> mode = switch (Args.value(args, ++i, option)) {
                        case "standby" -> TakeoverMode.STANDBY;
                        case "respawn" -> TakeoverMode.RESPAWN;
                        default -> throw new IllegalArgumentException("--takeover needs standby or respawn, not "
                                + args[i]);
                    };
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            return new Options(List.of(args), sessions != null ? sessions : quick ? QUICK_SESSIONS : DEFAULT_SESSIONS,
                    mode, typists != null ? typists : quick ? QUICK_TYPISTS : DEFAULT_TYPISTS, rate,
                    Duration.ofSeconds(window != null ? window : quick ? QUICK_WINDOW_S : DEFAULT_WINDOW_S), seed,
                    out != null ? out : Args.defaultOut(BENCHMARK), quick);
        }

        /** The command line as typed, and what it left to the defaults. */
        String commandLine() {
            return String.format(Locale.ROOT, "%s (%d sessions, %s takeover, %d typists at %d keys/s, %d s windows,"
                            + " seed %d)", String.join(" ", "htty-bench", BENCHMARK, String.join(" ", args)).strip(),
                    sessions, mode.name().toLowerCase(Locale.ROOT), typists, rate, window.toSeconds(), seed);
        }
    }
}
