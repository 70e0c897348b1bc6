package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Snapshots and log compaction with real daemons: with a small snapshot threshold every daemon
 * snapshots and purges its log as output flows; a daemon killed with SIGKILL comes back from its
 * snapshot and the rest of its log; a daemon whose data is wiped rejoins the group as a new member,
 * brought up by the leader sending it a snapshot, none of its votes counting meanwhile. Each time,
 * every daemon ends with the same screen at the same applied index.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotTest {
    private static final Duration WAIT = Duration.ofMinutes(2);
    /** Small, so that a few megabytes of output make many snapshots (and 1 MiB log segments). */
    private static final String SNAPSHOT_BYTES = Integer.toString(64 * 1024);
    private static final String SESSION = "flood";
    /** Ratis's log segment files: closed ones name their first and last index, the open one its first. */
    private static final Pattern SEGMENT = Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");

    private static LocalCluster cluster;
    private static Cli htty;
    private static int floods;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LocalCluster(3, List.of("--snapshot-bytes", SNAPSHOT_BYTES));
        cluster.awaitLeader(Duration.ofSeconds(90));
        htty = new Cli(cluster);
        Cli.Result created = htty.run("new", "-d", "-s", SESSION, "-x", "80", "-y", "24", "--", "/bin/sh");
        assertEquals(0, created.exit(), created.stderr());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    @Order(1)
    void aKilledDaemonRestartsFromItsSnapshotAndLog() throws Exception {
        flood();
        LocalCluster.Node victim = cluster.follower(WAIT);
        // Its log no longer starts at the beginning: only its snapshot can rebuild its state.
        Await.until(WAIT, victim.id + " to snapshot and purge its log",
                () -> firstLogIndex(victim) > 0 && !snapshots(victim).isEmpty() ? true : null);

        cluster.kill(victim);
        cluster.start(victim);
        awaitAgreement();
    }

    @Test
    @Order(2)
    void aWipedDaemonIsBroughtUpBySnapshotInstallation() throws Exception {
        LocalCluster.Node victim = cluster.follower(WAIT);
        cluster.kill(victim);
        flood(); // the two others carry on, snapshot and purge without it
        LocalCluster.Node leader = cluster.awaitLeader(WAIT);
        Await.until(WAIT, "the leader to purge its log", () -> firstLogIndex(leader) > 0 ? true : null);
        cluster.wipe(victim);

        cluster.start(victim);
        awaitAgreement();
        // It started empty, and the leader no longer had the log's first entries: it was sent a snapshot.
        assertTrue(firstLogIndex(victim) > 0, victim.id + "'s log starts at " + firstLogIndex(victim));
        assertFalse(snapshots(victim).isEmpty(), victim.id + " holds the installed snapshot");
    }

    /**
     * Raft counts on a daemon keeping what it acknowledged. Input is committed by the leader and one
     * follower (the other is down); both stop, and the follower's data is wiped. The daemon that missed
     * the input and the wiped one come back first: together they are a majority, and had the wiped one
     * voted, they could have elected the one that never saw the input, and lost it. The wiped daemon
     * must instead see that the group runs, and wait to leave it and join it again as a new member;
     * once the leader is back, the input is still there, on every daemon.
     */
    @Test
    @Order(3)
    void aWipedDaemonDoesNotVoteAwayWhatItHadAcknowledged() throws Exception {
        LocalCluster.Node leader = cluster.awaitLeader(WAIT);
        List<LocalCluster.Node> followers = cluster.nodes.stream().filter(n -> n != leader).toList();
        LocalCluster.Node wiped = followers.get(0);
        LocalCluster.Node missed = followers.get(1);
        cluster.kill(missed);
        Cli.Result sent = htty.run("send-keys", "-t", SESSION, "echo acknowledged-by-two-$((6*7))", "Enter");
        assertEquals(0, sent.exit(), sent.stderr());
        awaitOnScreen("acknowledged-by-two-42");
        cluster.kill(leader);
        cluster.kill(wiped);
        cluster.wipe(wiped);

        cluster.start(missed);
        cluster.start(wiped);
        Await.until(WAIT, wiped.id + " to see that it lost its data", () ->
                cluster.log(wiped).contains("it lost its data") ? true : null);
        cluster.start(leader);
        awaitAgreement();
        Await.until(WAIT, wiped.id + " to rejoin", () ->
                cluster.log(wiped).contains("rejoined the group as a new member") ? true : null);
        awaitOnScreen("acknowledged-by-two-42");
    }

    private static void awaitOnScreen(String text) throws Exception {
        Await.until(WAIT, text + " on the screen", () -> {
            Cli.Result c = htty.run("capture", "-t", SESSION, "-p");
            return c.exit() == 0 && c.stdout().contains(text) ? true : null;
        });
    }

    /**
     * Output enough for several snapshots (about 2 MB), then waits until the screen shows its end. The
     * output is the same every time, so that standby copies of the program agree with the voice.
     */
    private static void flood() throws Exception {
        int n = ++floods;
        Cli.Result sent = htty.run("send-keys", "-t", SESSION,
                "seq 1 280000; echo flood-done-$((100+" + n + "))", "Enter");
        assertEquals(0, sent.exit(), sent.stderr());
        awaitOnScreen("flood-done-" + (100 + n));
    }

    /** What {@code htty status} says of one daemon. */
    private record NodeView(String id, long applied, Map<String, String> digests) {
    }

    /**
     * Waits until {@code htty status} hears from every daemon and they all report the same applied
     * index and the same screen digest of the session.
     */
    private static Map<String, NodeView> awaitAgreement() throws Exception {
        return Await.until(WAIT, "every daemon at the same applied index with the same digest", () -> {
            Map<String, NodeView> views = status();
            boolean agree = views.size() == cluster.nodes.size()
                    && views.values().stream().map(NodeView::applied).distinct().count() == 1
                    && views.values().stream().map(v -> v.digests().get(SESSION)).distinct().count() == 1
                    && views.values().iterator().next().digests().get(SESSION) != null;
            return agree ? views : null;
        });
    }

    /** Parses {@code htty status}: a row per daemon that answered, each followed by its sessions' digests. */
    private static Map<String, NodeView> status() throws Exception {
        Cli.Result r = htty.run("status");
        Map<String, NodeView> views = new TreeMap<>();
        NodeView current = null;
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("session") && f[2].equals("digest") && current != null) {
                current.digests().put(f[1], f[3]);
            } else if (f.length == 8 && !f[0].equals("NODE")) {
                current = new NodeView(f[0], Long.parseLong(f[6]), new TreeMap<>());
                views.put(current.id(), current);
            } else {
                current = null;
            }
        }
        return views;
    }

    /** The Raft storage directory of node {@code n}'s group (there is one). */
    private static Path groupDir(LocalCluster.Node n) throws IOException {
        try (Stream<Path> groups = Files.list(cluster.data(n).resolve("raft"))) {
            return groups.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /**
     * The first index of node {@code n}'s Raft log: 0 until it purged its log or was sent a snapshot,
     * and {@code Long.MAX_VALUE} while its log is empty (right after a snapshot was installed).
     */
    private static long firstLogIndex(LocalCluster.Node n) throws IOException {
        List<Long> starts = new ArrayList<>();
        try (Stream<Path> files = Files.list(groupDir(n).resolve("current"))) {
            for (Path p : files.toList()) {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    starts.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return starts.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    /** Node {@code n}'s snapshot files. */
    private static List<Path> snapshots(LocalCluster.Node n) throws IOException {
        Path sm = groupDir(n).resolve("sm");
        if (!Files.isDirectory(sm)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(sm)) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
        }
    }
}
