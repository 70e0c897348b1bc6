package htty.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis clients through which a daemon that does not lead (or is not yet ready to) proposes.
 *
 * <p><b>A fresh client for each new leader.</b> A Ratis client keeps its requests in order, so one
 * request stuck at a leader that stopped answering (paused, cut off) holds every later one up until
 * it times out (10 s and more); and a client that met a closed stream moves on to another daemon
 * than the one it was aimed at. A new leader therefore gets a client that has never been used,
 * aimed at it; the old one is closed once its requests had time to finish.
 *
 * <p><b>Made and connected in advance.</b> A client's first request opens its connection, which on
 * this machine took 50-60 ms during a leader change: the first inputs after a failover or a drain
 * waited for it. So each daemon has a spare client, connected by a request for the group's state
 * (which, unlike a proposal, does not point it at another daemon), and a new leader's spare is put
 * in use at once; another spare is made for next time. The spares are asked again now and then, so
 * that their connections stay open.
 */
final class LeaderClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderClients.class);
    /** A replaced client (its requests may still be on their way) is closed after this. */
    static final Duration RETIRE_AFTER = Duration.ofSeconds(30);
    /**
     * A request that has had no answer for this long fails (its fate unknown) and the client it went
     * through is replaced: well past the client's own retries, so that a caller is never left
     * waiting for good on a request Ratis lost track of, nor the requests queued behind it.
     */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(15);

    private final Function<RaftPeerId, RaftClient> factory;
    private final RaftGroupId group;
    /** Guarded by this: a connected, unused client for each daemon. */
    private final Map<RaftPeerId, RaftClient> spares = new LinkedHashMap<>();
    /** Guarded by this for changes: the client in use, and the daemon it was made for (null: none known). */
    private volatile RaftClient current;
    private RaftPeerId currentLeader;
    private volatile boolean closed;

    /**
     * @param factory makes a client whose requests go first to the given daemon (null: any)
     * @param peers every daemon of the group
     */
    LeaderClients(Function<RaftPeerId, RaftClient> factory, List<RaftPeerId> peers, RaftGroupId group) {
        this.factory = factory;
        this.group = group;
        for (RaftPeerId peer : peers) {
            spares.put(peer, factory.apply(peer));
        }
        this.current = factory.apply(null);
    }

    /** Connects every spare, by asking each daemon for its last entry; the answers do not matter. */
    void warm() {
        List<RaftPeerId> peers;
        synchronized (this) {
            peers = List.copyOf(spares.keySet());
        }
        peers.forEach(this::lastEntryOf);
    }

    /**
     * The last entry of {@code peer}'s log, asked through its spare client (connected already, and
     * kept so by the asking); empty if it did not answer.
     */
    Optional<TermIndex> lastEntryOf(RaftPeerId peer) {
        RaftClient spare;
        synchronized (this) {
            spare = spares.get(peer);
        }
        if (spare == null) {
            return Optional.empty();
        }
        try {
            var log = spare.getGroupManagementApi(peer).info(group).getLogInfoProto();
            return log.hasLastEntry() ? Optional.of(TermIndex.valueOf(log.getLastEntry())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Proposals go to {@code leader} from now on, through its spare client (see above). */
    void follow(RaftPeerId leader) {
        RaftClient old;
        synchronized (this) {
            if (closed || leader.equals(currentLeader)) {
                return;
            }
            old = current;
            RaftClient next = spares.remove(leader);
            current = next != null ? next : factory.apply(leader);
            currentLeader = leader;
            spares.put(leader, factory.apply(leader));
        }
        retire(old);
        Thread.ofVirtual().name("spare-client-" + leader).start(() -> lastEntryOf(leader)); // connects the new spare
    }

    /** The client in use, for requests that need no ordering (administration). */
    RaftClient current() {
        return current;
    }

    /**
     * Sends a request through the client in use. One with no answer in {@link #ANSWER_WAIT} fails
     * with a {@link TimeoutException}, and the client is replaced.
     */
    CompletableFuture<RaftClientReply> send(Function<RaftClient, CompletableFuture<RaftClientReply>> request) {
        RaftClient through = current;
        return request.apply(through).orTimeout(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((reply, error) -> {
                    if (error instanceof TimeoutException) {
                        replace(through);
                    }
                });
    }

    private void replace(RaftClient stuck) {
        synchronized (this) {
            if (closed || current != stuck) {
                return;
            }
            current = factory.apply(currentLeader);
        }
        LOG.warn("a proposal through this daemon's Raft client had no answer in {} s: using a fresh client",
                ANSWER_WAIT.toSeconds());
        retire(stuck);
    }

    private static void retire(RaftClient old) {
        CompletableFuture.delayedExecutor(RETIRE_AFTER.toSeconds(), TimeUnit.SECONDS).execute(() -> close(old));
    }

    private static void close(RaftClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // it was on its way out
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        close(current);
        spares.values().forEach(LeaderClients::close);
    }
}
