package htty.bench;

import htty.client.HttyException;
import htty.client.Timeouts;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.LocalProcess;
import htty.proto.api.StatusReply;
import htty.proto.log.TakeoverMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * A Jepsen-style test of htty: clients type unique tokens into sessions of both takeover modes
 * while a {@link Nemesis} kills, pauses, wipes and cuts off daemons on a schedule drawn from the
 * seed; every send, acknowledgement, failure and received byte goes into a {@link History}, which
 * the {@link Checker} then judges. Starts a cluster of three daemons of its own, each taking a
 * snapshot every {@value #SNAPSHOT_BYTES} bytes of log so that a wiped daemon catches up from one.
 *
 * <p>The sessions run {@code sh -c 'stty raw -echo; exec cat'}: what {@code cat} prints is what it
 * was given, so a session's final scrollback is the list of inputs it applied, in order. That is
 * read from the replicated screen, not from a file the program writes: a {@code standby} session's
 * program runs on every daemon and a replayed standby runs its input again, and a {@code respawn}
 * session's program starts afresh on each new leader, so files would count what the programs did,
 * not what the session applied. Every replica's screen digest at the same index shows they agree.
 */
public final class ChaosBench {
    static final String BENCHMARK = "chaos";
    static final String JSON_FILE = ResultFiles.jsonFile(BENCHMARK);
    static final String HISTORY_FILE = "history.jsonl";
    static final String SVG_FILE = "chaos.svg";
    static final String HTML_FILE = ResultFiles.htmlFile(BENCHMARK);
    static final int DAEMONS = 3;
    static final long SNAPSHOT_BYTES = 64 * 1024;
    /** Wide, so that the run's tokens fit the scrollback many times over. */
    static final int COLS = 200;
    static final int ROWS = 40;
    /** A session of each takeover mode; client {@code i} types into {@code SESSIONS[i % 2]}. */
    static final List<TakeoverMode> SESSIONS = List.of(TakeoverMode.STANDBY, TakeoverMode.RESPAWN);
    /** A client bound to a cut-off daemon gives an input this long before counting it failed. */
    private static final Timeouts MINORITY_TIMEOUTS = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    /** Typists give up on an input after this long, a few elections' worth, and go on with the next. */
    private static final Timeouts CLIENT_TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(2));
    private static final Duration GAP_MIN = Duration.ofMillis(200);
    private static final Duration GAP_MAX = Duration.ofMillis(1000);
    /** After healing, the replicas count as converged once every applied index stayed equal this long. */
    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final Duration CONVERGE_WAIT = Duration.ofSeconds(60);
    /** Violations printed in full; the JSON has them all. */
    private static final int PRINTED_VIOLATIONS = 20;

    private static final String USAGE = """
            usage: htty-bench chaos [OPTIONS]
              --duration TIME  how long the nemesis injects faults: 90s, 10m, or seconds (default %s)
              --clients K      clients typing, alternately into a standby and a respawn session (default %d)
              --interval MS    each client's time between inputs (default %d)
              --faults KINDS   comma-separated, of %s (default: all)
              --seed N         seed of the fault schedule (default %d)
              --election-timeout-ms MS
                               the daemons' election timeout (default: theirs)
              --out DIR        where to write %s, %s, %s and the daemons' logs
                               (default target/htty-bench/chaos-TIME)
              --quick          %s of faults (%s unless --faults): a smoke test
            Partitions need root, iptables and cgroup v2; without them they are skipped, and the run says so.
            Exits with 1 if the checker finds a violation.
            """.formatted(Options.DEFAULT_DURATION.toSeconds() + "s", Options.DEFAULT_CLIENTS,
            Options.DEFAULT_INTERVAL_MS, String.join(",", Nemesis.KINDS), Options.DEFAULT_SEED, JSON_FILE,
            HISTORY_FILE, HTML_FILE, Options.QUICK_DURATION.toSeconds() + " s", String.join(",", Options.QUICK_FAULTS));

    private ChaosBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Options> options = Args.parseOrExit(args, USAGE, Options::parse);
        if (options.isPresent() && !run(options.get(), System.out).violations().isEmpty()) {
            System.exit(1);
        }
    }

    static String sessionName(TakeoverMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** Runs the test, printing progress, the table and the violations to {@code out}; writes the results. */
    static ChaosReport run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = options.out().toAbsolutePath().normalize();
        double loadBefore = Machine.loadAverage();
        List<String> preamble = List.of("htty chaos: " + options.commandLine(), Machine.describe(loadBefore),
                "results and daemon logs: " + dir);
        preamble.forEach(out::println);
        List<String> kinds = new ArrayList<>(options.faults());
        Optional<NetworkCut> cut = Optional.empty();
        String partitions = "not asked for";
        if (kinds.contains(Nemesis.PARTITION)) {
            NetworkCut.Setup setup = NetworkCut.setUp();
            cut = setup.cut();
            partitions = cut.isPresent() ? "cgroup v2 + iptables" : "skipped: " + setup.whyNot();
            if (cut.isEmpty()) {
                kinds.remove(Nemesis.PARTITION);
            }
            out.println("partitions: " + partitions);
        }
        if (kinds.isEmpty()) {
            throw new IllegalStateException("no fault kind left to inject");
        }
        History history = new History();
        List<Nemesis.Fault> faults = new ArrayList<>();
        List<ChaosClient> clients = new ArrayList<>();
        List<ChaosClient> minorityClients = new ArrayList<>();
        List<String> daemonOptions = new ArrayList<>(List.of("--snapshot-bytes", Long.toString(SNAPSHOT_BYTES)));
        if (options.electionTimeoutMs() > 0) {
            daemonOptions.addAll(List.of("--election-timeout-ms", Long.toString(options.electionTimeoutMs())));
        }
        Optional<NetworkCut> network = cut;
        try (BenchCluster cluster = BenchCluster.start(DAEMONS, dir, daemonOptions,
                (d, command) -> network.map(n -> n.launch(d, command)).orElse(command))) {
            out.println("started " + cluster.describe());
            startSessions(cluster, history);
            List<ChaosWatcher> watchers = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                String session = sessionName(SESSIONS.get(i % SESSIONS.size()));
                String name = "c" + i;
                watchers.add(new ChaosWatcher(cluster.client(), name, session, history));
                clients.add(new ChaosClient(name, session, History.Send.ANY,
                        cluster.newClient(cluster.daemons(), CLIENT_TIMEOUTS), history, options.interval()).start());
            }
            out.printf(Locale.ROOT, "%d clients typing every %d ms; injecting %s for %d s%n", clients.size(),
                    options.interval().toMillis(), kinds, options.duration().toSeconds());
            Nemesis nemesis = new Nemesis(cluster, cut, history, new Random(options.seed()), d -> {
                ChaosClient minority = new ChaosClient("m" + (minorityClients.size() + 1),
                        sessionName(TakeoverMode.STANDBY), d.id, cluster.newClient(List.of(d), MINORITY_TIMEOUTS),
                        history, options.interval());
                minorityClients.add(minority);
                return minority;
            }, out);
            long end = System.nanoTime() + options.duration().toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(nemesis.between(GAP_MIN, GAP_MAX).toMillis());
                Nemesis.Fault fault = nemesis.inject(nemesis.draw(kinds));
                faults.add(fault);
                out.println(progress(faults.size(), fault, clients));
            }
            for (ChaosClient c : clients) {
                c.stop();
            }
            settle(cluster, history, out);
            for (ChaosWatcher w : watchers) {
                w.close();
            }
        } finally {
            cut.ifPresent(NetworkCut::close);
        }
        List<Violation> violations = Checker.check(history.events());
        List<ChaosClient> everyClient = new ArrayList<>(clients);
        everyClient.addAll(minorityClients);
        ChaosReport report = new ChaosReport(options, kinds, partitions, faults, everyClient.stream()
                .map(c -> new ChaosReport.Typed(c.name(), c.sent(), c.acked(), c.failed())).toList(),
                violations, history.events(), history.now(), loadBefore, Machine.loadAverage());
        out.println();
        report.table().forEach(out::println);
        violations.stream().limit(PRINTED_VIOLATIONS).forEach(v -> out.println(v.text()));
        if (violations.size() > PRINTED_VIOLATIONS) {
            out.println("... and " + (violations.size() - PRINTED_VIOLATIONS) + " more in " + JSON_FILE);
        }
        out.println("wrote " + report.write(dir, history, preamble));
        return report;
    }

    /** Creates a session of each takeover mode and waits until its programs run {@code cat}. */
    private static void startSessions(BenchCluster cluster, History history) throws InterruptedException {
        cluster.awaitReady();
        for (TakeoverMode mode : SESSIONS) {
            cluster.createEchoSession(sessionName(mode), COLS, ROWS, mode);
            history.add(new History.Session(history.now(), sessionName(mode), sessionName(mode)));
        }
        cluster.awaitReady(sessionName(TakeoverMode.STANDBY));
        long deadline = System.nanoTime() + BenchCluster.READY_WAIT.toNanos();
        while (!leaderRuns(cluster, sessionName(TakeoverMode.RESPAWN))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the respawn session's voice did not start within "
                        + BenchCluster.READY_WAIT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** Whether the leader runs {@code session}'s voice, and it is {@code cat} by now. */
    private static boolean leaderRuns(BenchCluster cluster, String session) throws InterruptedException {
        BenchCluster.Daemon leader = cluster.awaitReady().leader();
        Optional<StatusReply> status = cluster.status(leader);
        return status.isPresent() && status.get().getProcessesList().stream()
                .filter(p -> p.getName().equals(session) && p.getRole().equals("voice"))
                .mapToLong(LocalProcess::getPid).anyMatch(EchoProgram::running);
    }

    /**
     * With the faults healed and the typing stopped: waits until every daemon has applied the same
     * index for a moment, then records each replica's digest of each session and the leader's text
     * of it, its whole scrollback.
     */
    private static void settle(BenchCluster cluster, History history, PrintStream out) throws InterruptedException {
        BenchCluster.Daemon leader = cluster.awaitReady().leader();
        Optional<Long> converged = converged(cluster);
        long index = converged.orElseGet(() -> highestApplied(cluster));
        out.println(converged.isPresent() ? "healed and quiet: every daemon has applied index " + index
                : "healed, but the daemons did not all apply one index within " + CONVERGE_WAIT.toSeconds()
                + " s; the highest is " + index);
        for (TakeoverMode mode : SESSIONS) {
            String session = sessionName(mode);
            for (BenchCluster.Daemon d : cluster.daemons()) {
                try {
                    CaptureReply reply = cluster.client().capture(CaptureRequest.newBuilder().setName(session)
                            .setMinIndex(index).build(), d.id);
                    history.add(new History.Digest(history.now(), d.id, session, reply.getAppliedIndex(),
                            reply.getDigest()));
                } catch (HttyException e) {
                    // The checker reports a replica that shows no screen at the index as not converged.
                    history.add(new History.Digest(history.now(), d.id, session, -1, "no capture: " + e.getMessage()));
                }
            }
            try {
                CaptureReply text = cluster.client().capture(CaptureRequest.newBuilder().setName(session)
                        .setStartOfHistory(true).setJoin(true).setMinIndex(index).build(), leader.id);
                history.add(new History.Final(history.now(), session, leader.id, text.getAppliedIndex(),
                        text.getText()));
            } catch (HttyException e) {
                // No text: the checker finds every acknowledged input of the session lost.
                out.println("the leader " + leader.id + " shows no " + session + ": " + e.getMessage());
                history.add(new History.Final(history.now(), session, leader.id, -1, ""));
            }
        }
    }

    /** The index every daemon has applied once none changed for {@link #QUIET}; empty if that did not come. */
    private static Optional<Long> converged(BenchCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE_WAIT.toNanos();
        long[] last = new long[0];
        long since = System.nanoTime();
        while (true) {
            long[] applied = cluster.daemons().stream()
                    .mapToLong(d -> cluster.status(d).map(StatusReply::getAppliedIndex).orElse(-1L)).toArray();
            long now = System.nanoTime();
            if (!Arrays.equals(applied, last)) {
                last = applied;
                since = now;
            }
            boolean equal = Arrays.stream(applied).distinct().count() == 1 && applied[0] >= 0;
            if (equal && now - since >= QUIET.toNanos()) {
                return Optional.of(applied[0]);
            }
            if (now > deadline) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
    }

    private static long highestApplied(BenchCluster cluster) {
        return cluster.daemons().stream().mapToLong(d -> cluster.status(d).map(StatusReply::getAppliedIndex).orElse(0L))
                .max().orElse(0);
    }

    private static String progress(int number, Nemesis.Fault f, List<ChaosClient> clients) {
        int sent = clients.stream().mapToInt(ChaosClient::sent).sum();
        int acked = clients.stream().mapToInt(ChaosClient::acked).sum();
        int failed = clients.stream().mapToInt(ChaosClient::failed).sum();
        return String.format(Locale.ROOT, "[%6.1f s] fault %d: %s of %s (%s), %.1f s; leader again %.1f s after healing;"
                        + "%s inputs so far: %d sent, %d acknowledged, %d failed",
                f.startNanos() / 1e9, number, f.kind(), f.node(), f.leader() ? "leader" : "follower",
                (f.endNanos() - f.startNanos()) / 1e9, (f.readyNanos() - f.endNanos()) / 1e9,
                f.outcomeNow().isEmpty() ? "" : " " + f.outcomeNow() + ";", sent, acked, failed);
    }

    /**
     * What a run does.
     *
     * @param args the command line's options, as given
     * @param duration how long faults are injected
     * @param clients how many clients type
     * @param interval each client's time between inputs
     * @param faults the kinds of fault to inject
     * @param seed seed of the fault schedule
     * @param electionTimeoutMs the daemons' {@code --election-timeout-ms}; 0: their default
     * @param out where the results and logs go
     * @param quick whether this is a smoke test
     */
    record Options(List<String> args, Duration duration, int clients, Duration interval, List<String> faults,
            long seed, long electionTimeoutMs, Path out, boolean quick) {
        static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);
        static final Duration QUICK_DURATION = Duration.ofSeconds(8);
        /**
         * A wiped daemon is brought up once its leader noticed it holds less than it acknowledged and
         * handed the leadership over (docs/bench.md): seconds, more than a smoke test lasts.
         */
        static final List<String> QUICK_FAULTS = List.of(Nemesis.KILL, Nemesis.PAUSE, Nemesis.PARTITION);
        static final int DEFAULT_CLIENTS = 4;
        static final int DEFAULT_INTERVAL_MS = 100;
        static final long DEFAULT_SEED = 42;

        /** Reads the command line; {@code --quick} sets a short duration, which {@code --duration} still overrides. */
        static Options parse(String... args) {
            boolean quick = false;
            Duration duration = null;
            int clients = DEFAULT_CLIENTS;
            int interval = DEFAULT_INTERVAL_MS;
            List<String> faults = null;
            long seed = DEFAULT_SEED;
            long electionTimeoutMs = 0;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--duration" -> duration = duration(Args.value(args, ++i, option));
                    case "--clients" -> clients = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--interval" -> interval = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--faults" -> faults = faults(Args.value(args, ++i, option));
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--election-timeout-ms" ->
                            electionTimeoutMs = Args.count(option, Args.value(args, ++i, option), 50);
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            return new Options(List.of(args), duration != null ? duration : quick ? QUICK_DURATION : DEFAULT_DURATION,
                    clients, Duration.ofMillis(interval), faults != null ? faults : quick ? QUICK_FAULTS : Nemesis.KINDS,
                    seed, electionTimeoutMs,
                    out != null ? out : Args.defaultOut("chaos"), quick);
        }

        private static Duration duration(String value) {
            try {
                Duration duration = value.endsWith("m")
                        ? Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)))
                        : Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1)
                        : value));
                if (duration.isPositive()) {
                    return duration;
                }
            } catch (NumberFormatException e) {
                // reported below, as for a time that is not positive
            }
            throw new IllegalArgumentException("--duration needs a time such as 90s, 10m or 600, not " + value);
        }

        private static List<String> faults(String value) {
            List<String> kinds = Arrays.stream(value.split(",")).map(String::strip).distinct().toList();
            for (String kind : kinds) {
                if (!Nemesis.KINDS.contains(kind)) {
                    throw new IllegalArgumentException("--faults takes " + String.join(",", Nemesis.KINDS) + ", not "
                            + kind);
                }
            }
            return kinds;
        }

        /** The command line as typed, and what it left to the defaults. */
        String commandLine() {
            return String.format(Locale.ROOT, "%s (%d s of %s, %d clients every %d ms, seed %d)",
                    String.join(" ", "htty-bench", "chaos", String.join(" ", args)).strip(), duration.toSeconds(),
                    String.join(",", faults), clients, interval.toMillis(), seed);
        }
    }
}
