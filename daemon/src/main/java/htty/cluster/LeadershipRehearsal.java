package htty.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon leads a throwaway Raft group of the same daemons once, before a drain hands it the real one.
 *
 * <p>A JVM runs code it has never run slowly, and a daemon that has only followed has never run
 * Ratis's leader code: its first leadership took twice as long as a later one, and a drain to it
 * paused the sessions up to 289 ms, mostly over 100, where a drain to a daemon that had led paused
 * 5-75 (docs/failover.md, "A drain's target rehearses leading"). Nobody waits on the rehearsal
 * group: it has the daemons' servers and connections in common with the real group, but not its log.
 * Its election, leader state, log appenders to the other daemons and commits are the code a drain
 * then runs warm.
 * Only the rehearsing daemon can win the rehearsal group's election: it alone has a priority, and
 * Ratis's members refuse their vote to a candidate of lower priority than their own.
 */
final class LeadershipRehearsal {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipRehearsal.class);

    /** One id for every rehearsal, so that what one stopped half way left is found and removed. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.fromString("5e6ea25a-1000-4000-8000-68747479a001"));

    /** Entries the rehearsing leader commits: enough to make its per-entry code hot, in well under a second. */
    private static final int ENTRIES = 200;
    /** The group's first election waits Ratis's first-election timeout (1-2 s) after it is added. */
    private static final Duration LEAD_WAIT = Duration.ofSeconds(10);

    private final RaftServer server;
    private final RaftPeerId self;
    private final List<RaftPeer> peers;
    private final BiFunction<RaftGroup, RaftPeerId, RaftClient> clientFor;
    private volatile boolean led;

    /**
     * @param server this daemon's Ratis server, which hosts its member of the rehearsal group
     * @param clientFor a client of a group whose requests go first to the given daemon, tried once
     */
    LeadershipRehearsal(RaftServer server, RaftPeerId self, List<RaftPeer> peers,
            BiFunction<RaftGroup, RaftPeerId, RaftClient> clientFor) {
        this.server = server;
        this.self = self;
        this.peers = peers;
        this.clientFor = clientFor;
    }

    /** This daemon has led the group: its JVM has run the leader's code. */
    void markLed() {
        led = true;
    }

    /**
     * Leads the rehearsal group and commits some entries through it, then removes it from every
     * daemon; nothing if this daemon has led since it started. Needs a majority of the daemons.
     *
     * @return whether it rehearsed (false: it had led)
     */
    synchronized boolean rehearse() throws IOException {
        if (led) {
            return false;
        }
        long start = System.nanoTime();
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers.stream()
                .map(p -> RaftPeer.newBuilder(p).setPriority(p.getId().equals(self) ? 1 : 0).build()).toList());
        try (RaftClient client = clientFor.apply(group, self)) {
            removeEverywhere(client); // what a rehearsal stopped half way left
            try {
                int members = 0;
                for (RaftPeer peer : peers) {
                    try {
                        client.getGroupManagementApi(peer.getId()).add(group, true);
                        members++;
                    } catch (IOException e) {
                        LOG.info("{} could not join the leadership rehearsal: {}", peer.getId(), e.toString());
                    }
                }
                if (members <= peers.size() / 2) {
                    throw new IOException("only " + members + " of " + peers.size()
                            + " daemons joined the rehearsal group");
                }
                long added = System.nanoTime();
                awaitLeaderReady();
                long elected = System.nanoTime();
                List<CompletableFuture<RaftClientReply>> replies = new ArrayList<>();
                for (int i = 0; i < ENTRIES; i++) {
                    replies.add(client.async().send(Message.valueOf("rehearsal " + i)));
                }
                CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).join();
                led = true;
                LOG.info("rehearsed a leadership, so that a drain to this daemon runs warm code: the rehearsal group "
                        + "was added in {} ms, elected this daemon {} ms later, and committed {} entries in {} ms",
                        ms(added - start), ms(elected - added), ENTRIES, ms(System.nanoTime() - elected));
                return true;
            } catch (RuntimeException e) {
                throw new IOException("the leadership rehearsal failed: " + e, e);
            } finally {
                long removing = System.nanoTime();
                removeEverywhere(client);
                LOG.info("the rehearsal group was removed from every daemon in {} ms", ms(System.nanoTime() - removing));
            }
        }
    }

    /** Deletes what a rehearsal stopped half way left in this daemon's Raft storage, before its server starts. */
    static void clearLeftovers(Path raftStorage) throws IOException {
        Path left = raftStorage.resolve(GROUP_ID.getUuid().toString());
        if (Files.exists(left)) {
            Membership.deleteTree(left);
        }
    }

    /** Waits until this daemon leads the rehearsal group and has committed its first entry: it takes requests then. */
    private void awaitLeaderReady() throws IOException {
        long deadline = System.nanoTime() + LEAD_WAIT.toNanos();
        try {
            while (!server.getDivision(GROUP_ID).getInfo().isLeaderReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("this daemon was not elected in the rehearsal group within " + LEAD_WAIT);
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to lead the rehearsal group", e);
        }
    }

    /** Removes the group from every daemon that has it, all at once: Ratis takes a second or two to close a member. */
    private void removeEverywhere(RaftClient client) {
        try (ExecutorService removals = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RaftPeer peer : peers) {
                removals.execute(() -> removeFrom(client, peer.getId()));
            }
        }
    }

    private static void removeFrom(RaftClient client, RaftPeerId peer) {
        try {
            client.getGroupManagementApi(peer).remove(GROUP_ID, true, false);
        } catch (GroupMismatchException e) {
            // it has none
        } catch (IOException e) {
            if (!(e.getCause() instanceof GroupMismatchException)) {
                LOG.warn("could not remove the leadership rehearsal group from {} ({}); it is removed when that "
                        + "daemon restarts or the next rehearsal starts", peer, e.toString());
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
