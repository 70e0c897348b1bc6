package htty.bench;

import htty.cli.Json;
import htty.client.Attachment;
import htty.client.HttyClient;
import htty.proto.api.AttachStart;
import htty.proto.api.DrainReply;
import htty.proto.log.TakeoverMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Measures failover as an attached user sees it. Starts a cluster of three daemons of its own, runs
 * {@code sh -c 'stty raw -echo; exec cat'} in a session (standby takeover) and attaches a client. For
 * each trial, with every standby warm, the client types a distinct keystroke every few milliseconds
 * ({@link Keystrokes}) for a random while, and then the benchmark:
 *
 * <ul>
 *   <li>kills the leader daemon with SIGKILL, measures how long until a survivor says it leads, how
 *       long until the first keystroke typed after the kill is echoed, and the longest gap between
 *       echoes around the kill; then restarts the daemon (same id, ports and data);
 *   <li>drains the leader ({@code htty node drain}'s handover to the daemon it would pick), measures
 *       the same, and the pause: the longest gap between echoes from the drain to a second after it,
 *       less the typing interval.
 * </ul>
 *
 * <p>Every keystroke typed must be echoed exactly once: the run reports any that were not. The
 * daemons' logs are kept beside the results; each trial also records their lines from its time, with
 * times relative to the kill or drain, to show where the time went.
 */
public final class FailoverBench {
    static final String BENCHMARK = "failover";
    static final String RESULT_FILE = ResultFiles.jsonFile(BENCHMARK);
    static final String SVG_FILE = "failover.svg";
    static final String HTML_FILE = ResultFiles.htmlFile(BENCHMARK);
    /** The chart's logarithmic axis has no zero: shorter pauses are drawn at this. */
    private static final double CHART_FLOOR_MS = 1;
    static final String SESSION = "failover";
    /** 80 columns hold 16 five-byte keystrokes to a row exactly. */
    static final int COLS = 80;
    static final int ROWS = 24;
    static final int DAEMONS = 3;
    /** The targets: p99 of kill to first echo, and of the drain pause. */
    static final Duration KILL_ECHO_TARGET = Duration.ofSeconds(1);
    static final Duration DRAIN_PAUSE_TARGET = Duration.ofMillis(100);
    /** The longest anything is waited for: an election, a restart, a warm standby, an echo. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a drain may take to move the leadership, as long as {@code htty node drain} waits. */
    private static final Duration HANDOVER_WAIT = Duration.ofSeconds(10);
    /** How often a survivor is asked whether it leads yet. */
    private static final Duration POLL = Duration.ofMillis(5);
    /** The echoes that arrived this long before a kill or drain tell how far behind they were. */
    private static final Duration BEFORE = Duration.ofMillis(300);
    /** How long after the first echo (kill) or the drain the echoes are watched for gaps. */
    private static final Duration WATCH = Duration.ofSeconds(1);
    /** Typing goes on for a random time (of the seed's) in this span before a kill or drain: it lands anywhere. */
    private static final Duration SETTLE_MIN = Duration.ofMillis(300);
    private static final Duration SETTLE_MAX = Duration.ofMillis(1000);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final String LEADS = "this daemon leads the group in term";
    private static final String VOICE = "is the session's voice from epoch";

    private static final String USAGE = """
            usage: htty-bench failover [OPTIONS]
              --kills N        leader kills (SIGKILL, then a restart) (default %d)
              --drains N       leader drains (planned handovers) (default %d)
              --interval MS    time between keystrokes (default %d)
              --seed N         seed of the random pause before each trial (default %d)
              --election-timeout-ms MS
                               the daemons' election timeout (default: theirs)
              --out DIR        where to write %s, %s, %s and the daemons' logs
                               (default target/htty-bench/failover-TIME)
              --quick          %d kills and %d drains: a smoke test
              --no-rehearsal   drain without first having the target rehearse leading, as
                               htty node drain does (to measure what the rehearsal saves)
            Exits with 1 if a keystroke was lost, duplicated or reordered, or a drain did not move
            the leadership.
            """.formatted(Options.DEFAULT_KILLS, Options.DEFAULT_DRAINS, Options.DEFAULT_INTERVAL_MS,
            Options.DEFAULT_SEED, RESULT_FILE, SVG_FILE, HTML_FILE, Options.QUICK_KILLS, Options.QUICK_DRAINS);

    private FailoverBench() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<Options> parsed = Args.parseOrExit(args, USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        Report report = run(options, System.out);
        if (!report.keystrokes().exactlyOnce() || !report.failedDrains().isEmpty()) {
            System.exit(1);
        }
    }

    /** Runs the benchmark, printing progress and then a table to {@code out}; writes the JSON, chart and page. */
    static Report run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = options.out().toAbsolutePath().normalize();
        Keystrokes keys = new Keystrokes();
        List<Trial> kills = new ArrayList<>();
        List<Trial> drains = new ArrayList<>();
        List<String> failedDrains = new ArrayList<>();
        Keystrokes.Integrity integrity;
        double loadBefore = Machine.loadAverage();
        List<String> preamble = preamble(options, dir, loadBefore);
        preamble.forEach(out::println);
        List<String> daemonOptions = options.electionTimeoutMs() > 0
                ? List.of("--election-timeout-ms", Long.toString(options.electionTimeoutMs())) : List.of();
        try (BenchCluster cluster = BenchCluster.start(DAEMONS, dir, daemonOptions)) {
            out.println("started " + cluster.describe());
            cluster.awaitReady();
            cluster.createEchoSession(SESSION, COLS, ROWS, TakeoverMode.STANDBY);
            // Typing starts once every replica runs cat.
            cluster.awaitReady(SESSION);
            Attachment attachment = cluster.client().attach(AttachStart.newBuilder().setName(SESSION).setCols(COLS)
                    .setRows(ROWS).build(), bytes -> keys.received(bytes, System.nanoTime()));
            out.println("session " + SESSION + " runs " + EchoProgram.ARGV + "; typing a keystroke every "
                    + options.interval().toMillis() + " ms during each trial");
            out.println();
            Run run = new Run(options, cluster, keys, attachment, new Random(options.seed()), out);
            for (int i = 1; i <= options.kills(); i++) {
                kills.add(run.kill(i));
            }
            for (int i = 1; i <= options.drains(); i++) {
                try {
                    drains.add(run.drain(i));
                } catch (HandoverFailed e) {
                    out.printf(Locale.ROOT, "drain %d/%d: %s%n", i, options.drains(), e.getMessage());
                    failedDrains.add(e.getMessage());
                }
            }
            integrity = keys.integrity();
            attachment.close();
        }
        Report report = new Report(options, kills, drains, failedDrains, integrity, keys.echoLatencies(), loadBefore,
                Machine.loadAverage());
        out.println();
        List<String> table = table(report);
        table.forEach(out::println);
        List<String> text = new ArrayList<>(preamble);
        text.add("");
        text.addAll(table);
        List<Path> files = new ResultFiles(BENCHMARK, "Failover under an attached client's typing", report.json(), text,
                List.of(new ResultFiles.Chart(SVG_FILE, report.svg()))).write(dir);
        out.println("wrote " + files + " (and the daemons' logs beside them)");
        return report;
    }

    private static List<String> preamble(Options options, Path dir, double load) {
        List<String> lines = new ArrayList<>();
        lines.add("htty failover: leader kills and drains under an attached client's typing");
        lines.add(String.format(Locale.ROOT, "%s; seed %d; %d kills, %d drains%s", Machine.describe(load),
                options.seed(), options.kills(), options.drains(),
                options.rehearse() ? "" : " (their targets rehearse no leadership)"));
        if (options.quick()) {
            lines.add("quick run: a smoke test; too few trials for percentiles to mean much");
        }
        lines.add("results and daemon logs: " + dir);
        return lines;
    }

    /** The trials of one run, on one cluster and session. */
    private static final class Run {
        private final Options options;
        private final BenchCluster cluster;
        private final Keystrokes keys;
        private final Attachment attachment;
        private final Random random;
        private final PrintStream out;

        Run(Options options, BenchCluster cluster, Keystrokes keys, Attachment attachment, Random random,
                PrintStream out) {
            this.options = options;
            this.cluster = cluster;
            this.keys = keys;
            this.attachment = attachment;
            this.random = random;
            this.out = out;
        }

        /**
         * One kill: with all warm, type for a while, SIGKILL the leader; poll the survivors until one
         * leads; wait for the first echo of a keystroke typed after the kill, and a second more; stop
         * typing, then restart the daemon and wait until its standby is warm. (Typing pauses for that:
         * a fresh standby counts as warm after its program has been quiet for a moment, which cat is
         * not while it echoes.)
         */
        Trial kill(int number) throws IOException, InterruptedException {
            cluster.awaitReady(SESSION);
            Trial trial;
            BenchCluster.Daemon leader;
            int firstKeystroke = keys.typed();
            int duplicatedBefore = keys.duplicated();
            Typist typist = new Typist(attachment, keys, options.interval());
            try {
                settle();
                leader = cluster.awaitReady(SESSION).leader();
                Map<BenchCluster.Daemon, Long> logStarts = logSizes(cluster);
                Instant wall = Instant.now();
                long t0 = System.nanoTime();
                cluster.kill(leader);
                BenchCluster.Daemon next = awaitLeaderOtherThan(leader, null, WAIT);
                long leaderAt = System.nanoTime();
                long firstEcho = awaitFirstEchoAfter(t0);
                long watchEnd = firstEcho + WATCH.toNanos();
                sleepUntil(watchEnd);
                trial = measured("kill", number, leader, next, new Moments(t0, leaderAt, firstEcho, watchEnd),
                        logStarts, wall);
            } finally {
                typist.stop();
            }
            awaitEchoes();
            trial = trial.withFate(keys.lost(firstKeystroke, keys.typed()),
                    keys.duplicated() - duplicatedBefore);
            cluster.awaitExit(leader);
            long restart = System.nanoTime();
            cluster.start(leader);
            trial = trial.withCatchUp(millis(cluster.awaitCaughtUp(leader)));
            cluster.awaitReady(SESSION);
            out.printf(Locale.ROOT, "kill %d/%d: echo latency %s before; %s SIGKILLed; %s leads after %.0f ms"
                            + " (its log: leads %s, voice %s); first echo %.0f ms; longest echo gap %.0f ms (%.0f to"
                            + " %.0f; typing %.0f); %d of %d keystrokes lost, %d duplicated; %s restarted, caught up"
                            + " %.0f ms after it answered, warm in %.1f s%n",
                    number, options.kills(), msText(trial.lagBeforeMs()), leader.id, trial.to(), trial.leaderMs(),
                    msText(trial.leaderLogMs()), msText(trial.voiceLogMs()), trial.firstEchoMs(),
                    trial.longestGapMs(), trial.echoGap().startMs(), trial.echoGap().endMs(),
                    trial.longestSendGapMs(), trial.lost(), trial.typed(), trial.duplicated(), leader.id,
                    trial.catchUpMs(), (System.nanoTime() - restart) / 1e9);
            return trial;
        }

        /**
         * One drain: with all warm, type for a while, ask for the handover {@code htty node drain}
         * would make; poll the target until it leads; watch the echoes until a second after the drain
         * began (and until the first echo of a keystroke typed after it).
         */
        Trial drain(int number) throws IOException, InterruptedException {
            cluster.awaitReady(SESSION);
            Trial trial;
            BenchCluster.Daemon target;
            int firstKeystroke = keys.typed();
            int duplicatedBefore = keys.duplicated();
            Typist typist = new Typist(attachment, keys, options.interval());
            try {
                settle();
                BenchCluster.Ready ready = cluster.awaitReady(SESSION);
                BenchCluster.Daemon leader = ready.leader();
                target = cluster.daemon(HttyClient.drainTarget(ready.statuses(), leader.id)
                        .orElseThrow().getId());
                if (options.rehearse()) { // as htty node drain does, before the handover that is measured
                    long r0 = System.nanoTime();
                    if (cluster.client().rehearse(target.id)) {
                        out.printf(Locale.ROOT, "drain %d/%d: %s rehearsed leading in %.0f ms%n", number,
                                options.drains(), target, (System.nanoTime() - r0) / 1e6);
                    }
                }
                Map<BenchCluster.Daemon, Long> logStarts = logSizes(cluster);
                Instant wall = Instant.now();
                long t0 = System.nanoTime();
                // Asked on another thread: the reply comes once the handover is done, and the handover is
                // what is measured.
                CompletableFuture<DrainReply> drain = CompletableFuture.supplyAsync(
                        () -> cluster.client().drain(leader.id, target.id));
                BenchCluster.Daemon next;
                try {
                    next = awaitLeaderOtherThan(leader, drain, HANDOVER_WAIT);
                } catch (IllegalStateException e) {
                    throw new HandoverFailed("the leadership did not move from " + leader + " to " + target + ": "
                            + e.getMessage());
                }
                long leaderAt = System.nanoTime();
                try {
                    drain.join();
                } catch (CompletionException e) {
                    throw new HandoverFailed("the drain of " + leader + " to " + target + " failed: " + e.getCause());
                }
                long firstEcho = awaitFirstEchoAfter(t0);
                long watchEnd = t0 + WATCH.toNanos();
                sleepUntil(Math.max(watchEnd, firstEcho));
                trial = measured("drain", number, leader, next, new Moments(t0, leaderAt, firstEcho, watchEnd),
                        logStarts, wall);
            } finally {
                typist.stop();
            }
            awaitEchoes();
            trial = trial.withFate(keys.lost(firstKeystroke, keys.typed()),
                    keys.duplicated() - duplicatedBefore);
            out.printf(Locale.ROOT, "drain %d/%d: echo latency %s before; %s to %s; %s leads after %.0f ms"
                            + " (its log: leads %s, voice %s); first echo %.0f ms; pause %.0f ms (longest echo gap"
                            + " %.0f, %.0f to %.0f; typing %.0f); %d of %d keystrokes lost, %d duplicated%n",
                    number, options.drains(), msText(trial.lagBeforeMs()), trial.from(), target, trial.to(),
                    trial.leaderMs(), msText(trial.leaderLogMs()), msText(trial.voiceLogMs()), trial.firstEchoMs(),
                    trial.pauseMs(options.interval()), trial.longestGapMs(), trial.echoGap().startMs(),
                    trial.echoGap().endMs(), trial.longestSendGapMs(), trial.lost(), trial.typed(),
                    trial.duplicated());
            return trial;
        }

        /**
         * When a trial's events happened (System.nanoTime).
         *
         * @param start the kill or drain
         * @param leader a daemon other than the old leader said it leads
         * @param firstEcho the first echo of a keystroke typed after {@code start} arrived
         * @param watchEnd the end of the time whose echo gaps count
         */
        private record Moments(long start, long leader, long firstEcho, long watchEnd) {
        }

        /** The figures of a kill or drain of {@code from}, which {@code next} took over: from keystrokes and logs. */
        private Trial measured(String kind, int number, BenchCluster.Daemon from, BenchCluster.Daemon next,
                               Moments at, Map<BenchCluster.Daemon, Long> logStarts, Instant wall) throws IOException {
            List<LogLine> log = logLines(cluster, logStarts, wall);
            long t0 = at.start();
            return new Trial(kind, number, from.id, next.id, lagBefore(t0), millis(at.leader() - t0),
                    millis(at.firstEcho() - t0), gap(keys.longestEchoGap(t0, at.watchEnd()), t0),
                    millis(keys.longestSendGap(t0, at.watchEnd()).length()), logged(log, next.id, LEADS),
                    logged(log, next.id, VOICE), log, 0, 0, 0, null);
        }

        /**
         * Polls the daemons other than {@code old} until one says it leads, and returns it. Stops early
         * if {@code drain} (when there is one) has failed.
         */
        private BenchCluster.Daemon awaitLeaderOtherThan(BenchCluster.Daemon old, CompletableFuture<?> drain,
                                                         Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (drain == null || !drain.isCompletedExceptionally()) {
                for (BenchCluster.Daemon d : cluster.daemons()) {
                    if (d != old && cluster.status(d).map(s -> s.getRole().equals("LEADER")).orElse(false)) {
                        return d;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no daemon but " + old + " led within " + wait.toSeconds() + " s");
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
            return old; // the drain's failure is reported by its caller
        }

        /** A gap in milliseconds, its start and end relative to {@code t0}. */
        private static Gap gap(Keystrokes.Gap gap, long t0) {
            return new Gap(millis(gap.start() - t0), millis(gap.end() - t0));
        }

        /** The median echo latency just before {@code t0}, in milliseconds, or null if no echo came then. */
        private Double lagBefore(long t0) {
            long lag = keys.medianEchoLatency(t0 - BEFORE.toNanos(), t0);
            return lag < 0 ? null : millis(lag);
        }

        /** Waits for the first echo of a keystroke sent after {@code t}; returns when it arrived. */
        private long awaitFirstEchoAfter(long t) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                OptionalLong echo = keys.firstEchoOfSentAfter(t);
                if (echo.isPresent()) {
                    return echo.getAsLong();
                }
                requireAttached();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no keystroke was echoed within " + WAIT.toSeconds() + " s;"
                            + cluster.describeState());
                }
                Thread.sleep(1);
            }
        }

        /**
         * Waits, once typing has stopped, for the echoes still on their way: until the last keystroke's
         * has come (they come in order, so one missing then never comes).
         */
        private void awaitEchoes() throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!keys.lastEchoed() && System.nanoTime() < deadline) {
                requireAttached();
                Thread.sleep(10);
            }
        }

        private void requireAttached() {
            if (!attachment.isOpen()) {
                attachment.awaitEnd(); // throws the reason it ended, if it was an error
                throw new IllegalStateException("the session ended");
            }
        }

        private void settle() throws InterruptedException {
            long span = SETTLE_MAX.toNanos() - SETTLE_MIN.toNanos();
            sleepUntil(System.nanoTime() + SETTLE_MIN.toNanos() + (long) (random.nextDouble() * span));
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static Map<BenchCluster.Daemon, Long> logSizes(BenchCluster cluster) throws IOException {
        Map<BenchCluster.Daemon, Long> sizes = new LinkedHashMap<>();
        for (BenchCluster.Daemon d : cluster.daemons()) {
            sizes.put(d, Files.exists(d.log) ? Files.size(d.log) : 0);
        }
        return sizes;
    }

    /**
     * A line a daemon logged during a trial.
     *
     * @param node the daemon
     * @param ms when, in milliseconds after the kill or drain (the log's clock has milliseconds)
     * @param text the line without its time
     */
    record LogLine(String node, double ms, String text) {
    }

    /** What each daemon logged since {@code starts}, with times relative to {@code t0}, in time order. */
    private static List<LogLine> logLines(BenchCluster cluster, Map<BenchCluster.Daemon, Long> starts, Instant t0)
            throws IOException {
        List<LogLine> lines = new ArrayList<>();
        for (Map.Entry<BenchCluster.Daemon, Long> start : starts.entrySet()) {
            byte[] text;
            try (RandomAccessFile file = new RandomAccessFile(start.getKey().log.toFile(), "r")) {
                long from = Math.min(start.getValue(), file.length());
                text = new byte[(int) (file.length() - from)];
                file.seek(from);
                file.readFully(text);
            }
            for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                try {
                    Instant at = OffsetDateTime.parse(line.substring(0, space), LOG_TIME).toInstant();
                    lines.add(new LogLine(start.getKey().id, Duration.between(t0, at).toNanos() / 1e6,
                            line.substring(space + 1)));
                } catch (DateTimeParseException e) {
                    // A line without a time of its own: a stack trace's, say.
                }
            }
        }
        lines.sort((a, b) -> Double.compare(a.ms(), b.ms()));
        return lines;
    }

    /** When daemon {@code node} first logged a line containing {@code text}, or null. */
    private static Double logged(List<LogLine> lines, String node, String text) {
        return lines.stream().filter(l -> l.node().equals(node) && l.text().contains(text)).findFirst()
                .map(LogLine::ms).orElse(null);
    }

    private static String msText(Double ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static List<String> table(Report report) {
        List<String> lines = new ArrayList<>();
        lines.add(Percentiles.header("figure (ms; percentiles by nearest rank)") + "  target (p99)");
        for (Figure f : report.figures()) {
            Percentiles p = f.percentiles();
            String target = f.target() == null ? "" : String.format(Locale.ROOT, "< %.0f %s", f.target(),
                    report.options().quick() ? "" : p.p99() < f.target() ? "met" : "NOT MET");
            lines.add(p.row(f.name(), 1) + "  " + target);
        }
        if (!report.failedDrains().isEmpty()) {
            lines.add(String.format(Locale.ROOT, "drains that did not move the leadership: %d of %d",
                    report.failedDrains().size(), report.options().drains()));
        }
        Keystrokes.Integrity k = report.keystrokes();
        lines.add(String.format(Locale.ROOT, "keystrokes: %d typed, %d echoed; %d lost, %d duplicated, %d reordered,"
                + " %d garbled: %s", k.typed(), k.echoed(), k.lost(), k.duplicated(), k.reordered(), k.garbled(),
                k.exactlyOnce() ? "each echoed exactly once, in order" : "VIOLATED"));
        k.examples().forEach(e -> lines.add("  " + e));
        return lines;
    }

    /**
     * One kill or drain.
     *
     * @param kind "kill" or "drain"
     * @param number its number among its kind, from 1
     * @param from the leader killed or drained
     * @param to the daemon that led next
     * @param lagBeforeMs the median echo latency in the 300 ms before (null if no echo came then): time
     *     the first echo after spent queued behind earlier keystrokes rather than waiting for the failover
     * @param leaderMs from the kill or drain until {@code to} said it leads (polled every 5 ms)
     * @param firstEchoMs until the first echo of a keystroke typed after the kill or drain
     * @param echoGap the longest time without an echo around the kill or drain
     * @param longestSendGapMs the longest time without a keystroke typed in the same span: if it
     *     nears the gap, the typist stalled rather than the cluster
     * @param leaderLogMs when {@code to} logged that it leads, or null
     * @param voiceLogMs when {@code to} logged that its program is the voice, or null
     * @param log every daemon's log lines of the trial
     * @param typed keystrokes typed during the trial
     * @param lost of those, how many the screen did not show once the echoes were in
     * @param duplicated echoes of keystrokes shown again, seen during the trial
     * @param catchUpMs a killed daemon, restarted: from its first answer until it had applied what the
     *     leader had committed then (null for a drain)
     */
    record Trial(String kind, int number, String from, String to, Double lagBeforeMs, double leaderMs,
            double firstEchoMs,
            Gap echoGap, double longestSendGapMs, Double leaderLogMs, Double voiceLogMs, List<LogLine> log,
            int typed, int lost, int duplicated, Double catchUpMs) {

        /** The trial once its keystrokes' fate is known. */
        Trial withFate(Keystrokes.Lost count, int duplicated) {
            return new Trial(kind, number, from, to, lagBeforeMs, leaderMs, firstEchoMs, echoGap, longestSendGapMs,
                    leaderLogMs, voiceLogMs, log, count.typed(), count.lost(), duplicated, catchUpMs);
        }

        /** The trial once its killed daemon, restarted, has caught up. */
        Trial withCatchUp(double ms) {
            return new Trial(kind, number, from, to, lagBeforeMs, leaderMs, firstEchoMs, echoGap, longestSendGapMs,
                    leaderLogMs, voiceLogMs, log, typed, lost, duplicated, ms);
        }

        double longestGapMs() {
            return echoGap.endMs() - echoGap.startMs();
        }

        /** The echo gap less the typing interval: how much longer than usual the screen stood still. */
        double pauseMs(Duration interval) {
            return Math.max(0, longestGapMs() - interval.toNanos() / 1e6);
        }

        Map<String, Object> json(Duration interval) {
            return Json.object("kind", kind, "number", number, "from", from, "to", to,
                    "echoLatencyBeforeMs", lagBeforeMs == null ? null : round(lagBeforeMs),
                    "leaderMs", round(leaderMs), "firstEchoMs", round(firstEchoMs),
                    "longestEchoGapMs", round(longestGapMs()), "echoGapFromMs", round(echoGap.startMs()),
                    "echoGapToMs", round(echoGap.endMs()), "pauseMs", round(pauseMs(interval)),
                    "longestTypingGapMs", round(longestSendGapMs),
                    "leaderLoggedMs", leaderLogMs, "voiceLoggedMs", voiceLogMs, "typed", typed, "lost", lost,
                    "duplicated", duplicated, "catchUpMs", catchUpMs == null ? null : round(catchUpMs),
                    "log", log.stream().map(l -> Json.object("node", l.node(), "ms", l.ms(), "text", l.text()))
                            .toList());
        }
    }

    /**
     * A time without echoes, in milliseconds after the kill or drain.
     *
     * @param startMs when the echo before it came (negative: before the kill or drain)
     * @param endMs when the echo after it came
     */
    record Gap(double startMs, double endMs) {
    }

    /**
     * The distribution of one figure over the trials, in milliseconds.
     *
     * @param name what it measures
     * @param key its name in the JSON
     * @param values one per trial
     * @param target the bound on its p99, or null
     */
    record Figure(String name, String key, double[] values, Double target) {

        /** Percentiles by nearest rank: the smallest value at least that share of the values are at most. */
        Percentiles percentiles() {
            if (values.length == 0) {
                return Percentiles.NONE;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 90),
                    nearestRank(sorted, 99), sorted[sorted.length - 1]);
        }

        private static double nearestRank(double[] sorted, double p) {
            return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
        }

        Map<String, Object> json() {
            Map<String, Object> json = percentiles().json(1);
            if (values.length > 0) {
                json.put("targetP99", target);
            }
            return json;
        }
    }

    /**
     * A run's results.
     *
     * @param options what ran
     * @param kills the kill trials
     * @param drains the drain trials
     * @param keystrokes how the keystrokes fared
     * @param echoLatencies every echoed keystroke's time from typing to echo, in nanoseconds
     * @param loadBefore the machine's load average when the run began
     * @param loadAfter and when it ended
     */
    /** @param failedDrains for each drain that did not move the leadership, what happened */
    record Report(Options options, List<Trial> kills, List<Trial> drains, List<String> failedDrains,
            Keystrokes.Integrity keystrokes,
            long[] echoLatencies, double loadBefore, double loadAfter) {

        List<Figure> figures() {
            Duration interval = options.interval();
            double[] latencies = Arrays.stream(echoLatencies).mapToDouble(FailoverBench::millis).toArray();
            return List.of(
                    new Figure("echo latency just before a kill", "killEchoLatencyBefore",
                            values(kills, Trial::lagBeforeMs), null),
                    new Figure("kill -> a survivor leads", "killToLeader", values(kills, Trial::leaderMs), null),
                    new Figure("kill -> its log: leads", "killToLeadsLogged", values(kills, Trial::leaderLogMs), null),
                    new Figure("kill -> its log: voice", "killToVoiceLogged", values(kills, Trial::voiceLogMs), null),
                    new Figure("kill -> first echo of a later keystroke", "killToFirstEcho",
                            values(kills, Trial::firstEchoMs), (double) KILL_ECHO_TARGET.toMillis()),
                    new Figure("kill: longest echo gap", "killLongestEchoGap", values(kills, Trial::longestGapMs),
                            null),
                    new Figure("restart -> caught up, once it answers", "restartToCaughtUp",
                            values(kills, Trial::catchUpMs), null),
                    new Figure("echo latency just before a drain", "drainEchoLatencyBefore",
                            values(drains, Trial::lagBeforeMs), null),
                    new Figure("drain -> a new leader", "drainToLeader", values(drains, Trial::leaderMs), null),
                    new Figure("drain -> its log: leads", "drainToLeadsLogged", values(drains, Trial::leaderLogMs),
                            null),
                    new Figure("drain -> its log: voice", "drainToVoiceLogged", values(drains, Trial::voiceLogMs),
                            null),
                    new Figure("drain -> first echo of a later keystroke", "drainToFirstEcho",
                            values(drains, Trial::firstEchoMs), null),
                    new Figure("drain pause (echo gap - interval)", "drainPause",
                            values(drains, t -> t.pauseMs(interval)), (double) DRAIN_PAUSE_TARGET.toMillis()),
                    new Figure("echo latency, every keystroke", "echoLatency", latencies, null));
        }

        /**
         * The chart of the trials' distributions: for kills and drains, the time to a new leader and to
         * the first echo, and the drains' pauses.
         */
        String svg() {
            Duration interval = options.interval();
            List<CdfChart.Line> lines = new ArrayList<>();
            line(lines, "kill -> a survivor leads", values(kills, Trial::leaderMs));
            line(lines, "kill -> first echo", values(kills, Trial::firstEchoMs));
            line(lines, "drain -> a new leader", values(drains, Trial::leaderMs));
            line(lines, "drain -> first echo", values(drains, Trial::firstEchoMs));
            line(lines, "drain pause (< " + (int) CHART_FLOOR_MS + " ms drawn at " + (int) CHART_FLOOR_MS + ")",
                    values(drains, t -> t.pauseMs(interval)));
            return CdfChart.svg("Failover as an attached client sees it, " + kills.size() + " kills and "
                            + drains.size() + " drains", String.format(Locale.ROOT,
                            "%d daemons; a keystroke every %d ms; seed %d; election timeout %s", DAEMONS,
                            interval.toMillis(), options.seed(), options.electionTimeoutMs() > 0
                                    ? options.electionTimeoutMs() + " ms" : "the daemons' default"),
                    "time after the kill or drain (logarithmic)", "trials within", lines);
        }

        /** A line of {@code values} in milliseconds, if there are any, with its median and p99 in the legend. */
        private static void line(List<CdfChart.Line> lines, String name, double[] values) {
            if (values.length == 0) {
                return;
            }
            Percentiles p = new Figure(name, name, values, null).percentiles();
            lines.add(new CdfChart.Line(String.format(Locale.ROOT, "%s: median %.0f ms, p99 %.0f ms (n %d)", name,
                    p.median(), p.p99(), p.n()), Arrays.stream(values)
                    .mapToLong(ms -> Math.round(Math.max(CHART_FLOOR_MS, ms) * 1e6)).toArray()));
        }

        /** One figure of each trial that has it. */
        private static double[] values(List<Trial> trials, Function<Trial, Double> figure) {
            return trials.stream().map(figure).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        }

        Map<String, Object> json() {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures().forEach(f -> figures.put(f.key(), f.json()));
            Keystrokes.Integrity k = keystrokes;
            List<Object> trials = new ArrayList<>();
            kills.forEach(t -> trials.add(t.json(options.interval())));
            drains.forEach(t -> trials.add(t.json(options.interval())));
            return Json.object("benchmark", "failover", "jvm", Runtime.version().toString(),
                    "processors", Runtime.getRuntime().availableProcessors(), "seed", options.seed(),
                    "quick", options.quick(), "kills", options.kills(), "drains", options.drains(),
                    "intervalMs", options.interval().toMillis(), "electionTimeoutMs", options.electionTimeoutMs(),
                    "rehearsal", options.rehearse(),
                    "daemons", DAEMONS, "program", EchoProgram.ARGV,
                    "loadAverage", Json.object("before", loadBefore, "after", loadAfter),
                    "figuresMs", figures, "failedDrains", failedDrains,
                    "keystrokes", Json.object("typed", k.typed(), "echoed", k.echoed(), "lost", k.lost(),
                            "duplicated", k.duplicated(), "reordered", k.reordered(), "garbled", k.garbled(),
                            "exactlyOnce", k.exactlyOnce(), "examples", k.examples()),
                    "trials", trials);
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    /** Types keystroke after keystroke at a steady pace on a thread of its own until stopped. */
    private static final class Typist {
        private final Thread thread;
        private volatile boolean typing = true;

        Typist(Attachment attachment, Keystrokes keys, Duration interval) {
            long step = interval.toNanos();
            thread = Thread.ofPlatform().name("typist").daemon().start(() -> {
                long next = System.nanoTime();
                while (typing) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    attachment.sendInput(Keystrokes.bytes(keys.send(now)));
                    next += step;
                    if (next < now) {
                        // Stalled for more than a keystroke: go on at the pace rather than in a burst.
                        next = now + step;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            typing = false;
            thread.join();
        }
    }

    /**
     * What a run does.
     *
     * @param kills leader kills
     * @param drains leader drains
     * @param interval time between keystrokes
     * @param seed seed of the random pause before each trial
     * @param out where the results and logs go
     * @param quick whether this is a smoke test
     * @param electionTimeoutMs the daemons' {@code --election-timeout-ms}; 0: their default
     * @param rehearse whether a drain's target first rehearses leading, as {@code htty node drain} has it do
     */
    record Options(int kills, int drains, Duration interval, long seed, Path out, boolean quick, long electionTimeoutMs,
            boolean rehearse) {
        static final int DEFAULT_KILLS = 20;
        static final int DEFAULT_DRAINS = 10;
        static final int QUICK_KILLS = 2;
        static final int QUICK_DRAINS = 2;
        /** A fast typist's burst (20 keys a second); a few milliseconds is a paste, which queues up. */
        static final int DEFAULT_INTERVAL_MS = 50;
        static final long DEFAULT_SEED = 42;

        /** Reads the command line; {@code --quick} sets fewer trials, which explicit options still override. */
        static Options parse(String... args) {
            boolean quick = false;
            Integer kills = null;
            Integer drains = null;
            int interval = DEFAULT_INTERVAL_MS;
            long seed = DEFAULT_SEED;
            Path out = null;
            long electionTimeoutMs = 0;
            boolean rehearse = true;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--quick" -> quick = true;
                    case "--no-rehearsal" -> rehearse = false;
                    case "--kills" -> kills = Args.count(option, Args.value(args, ++i, option), 0);
                    case "--drains" -> drains = Args.count(option, Args.value(args, ++i, option), 0);
                    case "--interval" -> interval = Args.count(option, Args.value(args, ++i, option), 1);
                    case "--seed" -> seed = Args.seed(Args.value(args, ++i, option));
                    case "--out" -> out = Path.of(Args.value(args, ++i, option));
                    case "--election-timeout-ms" -> electionTimeoutMs = Args.count(option, Args.value(args, ++i, option), 50);
                    default -> throw new IllegalArgumentException("unknown option: " + option);
                }
            }
            if (out == null) {
                out = Args.defaultOut("failover");
            }
            return new Options(kills != null ? kills : quick ? QUICK_KILLS : DEFAULT_KILLS,
                    drains != null ? drains : quick ? QUICK_DRAINS : DEFAULT_DRAINS,
                    Duration.ofMillis(interval), seed, out, quick, electionTimeoutMs, rehearse);
        }
    }

    /** A drain that did not hand the leadership over: the run goes on, and says so at the end. */
    static final class HandoverFailed extends RuntimeException {
        HandoverFailed(String message) {
            super(message);
        }
    }
}
