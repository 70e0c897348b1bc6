package htty.bench;

import htty.proto.api.StatusReply;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Injects faults into a {@link BenchCluster}, one at a time, each drawn from the run's seed: which
 * kind, which daemon, how long. Each fault is recorded in the {@link History} when it begins and when
 * it heals; after healing, the nemesis waits until a majority names a leader again, not for a
 * restarted daemon to be up: the next fault may come while it starts, as faults do.
 *
 * <ul>
 *   <li>{@value #KILL}: SIGKILL, down for a moment, restart with the same data;
 *   <li>{@value #PAUSE}: SIGSTOP for longer than an election timeout, then SIGCONT;
 *   <li>{@value #WIPE}: SIGKILL a follower, remove its data, restart it empty: it catches up from
 *       the leader's log or snapshot (the daemons take one every few dozen KiB of log for this). A
 *       thread of its own watches it apply what the leader had, and says when it did, or that it
 *       did not within a minute; the faults go on meanwhile. Until it has caught up, a wipe hits it
 *       again rather than another daemon: Raft counts on a majority keeping what it acknowledged,
 *       and two empty daemons of three would elect a leader with an empty log (an early version of
 *       this nemesis did that, and the cluster forgot its sessions);
 *   <li>{@value #PARTITION}: cut a daemon off from the others ({@link NetworkCut}) while a client
 *       bound to it types, then heal.
 * </ul>
 * The target of a kill, pause or partition is the leader half of the time, a random follower otherwise.
 */
final class Nemesis {
    static final String KILL = "kill";
    static final String PAUSE = "pause";
    static final String WIPE = "wipe";
    static final String PARTITION = "partition";
    static final List<String> KINDS = List.of(KILL, PAUSE, WIPE, PARTITION);

    /** A killed or wiped daemon stays down this long at most before its restart. */
    private static final Duration DOWN_MAX = Duration.ofMillis(500);
    /** A paused daemon stays stopped this long: well beyond the default election timeout's 300 ms upper end. */
    private static final Duration PAUSE_MIN = Duration.ofMillis(1200);
    private static final Duration PAUSE_MAX = Duration.ofMillis(2500);
    private static final Duration CUT_MIN = Duration.ofMillis(1500);
    private static final Duration CUT_MAX = Duration.ofMillis(3000);
    /** How long a wiped daemon is given, from its restart, to start and apply what the leader had applied. */
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(60);

    /**
     * One fault, once healed.
     *
     * @param kind one of {@link #KINDS}
     * @param node the daemon it hit
     * @param leader whether that daemon led when it was hit
     * @param startNanos when it began, on the history's clock
     * @param endNanos when it healed
     * @param readyNanos when the cluster had a leader a majority named again
     * @param outcome what became of the daemon, if there is more to say (a wiped one's catching up): empty
     *     if not, incomplete while it is being watched
     */
    record Fault(String kind, String node, boolean leader, long startNanos, long endNanos, long readyNanos,
            CompletableFuture<String> outcome) {

        /** The outcome so far. */
        String outcomeNow() {
            return outcome.getNow("still being watched");
        }
    }

    private final BenchCluster cluster;
    private final Optional<NetworkCut> cut;
    private final History history;
    private final Random random;
    /** Starts a client bound to the daemon that is cut off; it is stopped when the cut heals. */
    private final Function<BenchCluster.Daemon, ChaosClient> minorityClient;
    private final PrintStream out;
    /** Wiped daemons not known to have caught up yet, with the index they must reach. */
    private final Map<BenchCluster.Daemon, Long> behind = new HashMap<>();

    Nemesis(BenchCluster cluster, Optional<NetworkCut> cut, History history, Random random,
            Function<BenchCluster.Daemon, ChaosClient> minorityClient, PrintStream out) {
        this.out = out;
        this.cluster = cluster;
        this.cut = cut;
        this.history = history;
        this.random = random;
        this.minorityClient = minorityClient;
    }

    /** One of {@code kinds}, drawn from the seed. */
    String draw(List<String> kinds) {
        return kinds.get(random.nextInt(kinds.size()));
    }

    /** A random time in [{@code min}, {@code max}], drawn from the seed. */
    Duration between(Duration min, Duration max) {
        return min.plusMillis(random.nextLong(max.toMillis() - min.toMillis() + 1));
    }

    /** Injects a fault of {@code kind}, holds it, heals it, and waits for a leader. */
    Fault inject(String kind) throws IOException, InterruptedException {
        BenchCluster.Daemon leader = cluster.awaitLeader();
        List<BenchCluster.Daemon> followers = cluster.daemons().stream().filter(d -> d != leader).toList();
        BenchCluster.Daemon follower = followers.get(random.nextInt(followers.size()));
        BenchCluster.Daemon target = kind.equals(WIPE) ? stillBehind().orElse(follower)
                : random.nextBoolean() ? follower : leader;
        String role = target == leader ? "leader" : "follower";
        long start = history.now();
        switch (kind) {
            case KILL, WIPE -> {
                Duration down = between(Duration.ZERO, DOWN_MAX);
                history.add(new History.FaultStart(start, kind, target.id, role + " (pid " + target.pid()
                        + ") SIGKILLed" + (kind.equals(WIPE) ? ", its data removed" : "") + ", restarted after "
                        + down.toMillis() + " ms"));
                cluster.kill(target);
                cluster.awaitExit(target);
                if (kind.equals(WIPE)) {
                    cluster.wipe(target);
                }
                sleep(down);
                cluster.start(target);
            }
            case PAUSE -> {
                Duration stopped = between(PAUSE_MIN, PAUSE_MAX);
                history.add(new History.FaultStart(start, kind, target.id, role + " (pid " + target.pid()
                        + ") SIGSTOPped for " + stopped.toMillis() + " ms"));
                cluster.signal(target, false);
                sleep(stopped);
                cluster.signal(target, true);
            }
            case PARTITION -> {
                NetworkCut network = cut.orElseThrow(() -> new IllegalStateException("partitions are not available"));
                Duration cutOff = between(CUT_MIN, CUT_MAX);
                history.add(new History.FaultStart(start, kind, target.id, role + " cut off from the others for "
                        + cutOff.toMillis() + " ms"));
                network.isolate(target, cluster.daemons().stream().filter(d -> d != target).toList());
                ChaosClient minority = minorityClient.apply(target).start();
                long healed;
                try {
                    sleep(cutOff);
                } finally {
                    // Timed before the rules go: an acknowledgement after this time is no minority's progress.
                    healed = history.now();
                    network.heal();
                }
                history.add(new History.FaultEnd(healed, kind, target.id));
                minority.stop();
                return new Fault(kind, target.id, target == leader, start, healed, ready(),
                        CompletableFuture.completedFuture(""));
            }
            default -> throw new IllegalArgumentException("no fault " + kind);
        }
        long healed = history.now();
        history.add(new History.FaultEnd(healed, kind, target.id));
        long ready = ready();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        if (kind.equals(WIPE)) {
            long applied = cluster.status(cluster.awaitLeader()).map(StatusReply::getAppliedIndex).orElse(0L);
            behind.put(target, applied);
            Thread.ofVirtual().name("catch-up-" + target.id).start(() -> {
                outcome.complete(catchUp(target, healed, applied));
                out.printf(Locale.ROOT, "[%6.1f s] %s, wiped at %.1f s: %s%n", history.now() / 1e9, target.id,
                        start / 1e9, outcome.join());
            });
        } else {
            outcome.complete("");
        }
        return new Fault(kind, target.id, target == leader, start, healed, ready, outcome);
    }

    /** A wiped daemon that has not yet applied what the leader had when it came back, if any. */
    private Optional<BenchCluster.Daemon> stillBehind() {
        behind.entrySet().removeIf(e -> cluster.status(e.getKey()).map(StatusReply::getAppliedIndex).orElse(-1L)
                >= e.getValue());
        return behind.keySet().stream().findFirst();
    }

    private long ready() throws InterruptedException {
        cluster.awaitLeader();
        return history.now();
    }

    /**
     * Waits until wiped daemon {@code d}, restarted at {@code restart}, has applied index
     * {@code target}; says how long that took, or how far behind it still was.
     */
    private String catchUp(BenchCluster.Daemon d, long restart, long target) {
        long deadline = System.nanoTime() + CATCH_UP_WAIT.toNanos() - (history.now() - restart);
        long applied = -1;
        try {
            while (System.nanoTime() < deadline) {
                applied = cluster.status(d).map(StatusReply::getAppliedIndex).orElse(-1L);
                if (applied >= target) {
                    return String.format(Locale.ROOT, "caught up %.1f s after its restart",
                            (history.now() - restart) / 1e9);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException | RuntimeException e) {
            return "no longer watched (" + e + ")";
        }
        return "NOT caught up " + CATCH_UP_WAIT.toSeconds() + " s after its restart: "
                + (applied < 0 ? "its status did not answer" : "applied " + applied) + ", the leader had applied "
                + target + " (its leader's log shows the appender)";
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
