package htty.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.statemachine.HttyStateMachine;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.impl.DivisionTransfer;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's member of the Raft group: a Ratis server (gRPC transport, storage under the data
 * directory) driving the {@link HttyStateMachine}; Ratis clients through which this daemon proposes
 * commands when it does not lead ({@link LeaderClients}), so that any daemon accepts writes; and a
 * watch on the leader's daemon, to stand for election as soon as it is gone ({@link LeaderWatch}).
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    /** One group per cluster, its id fixed so that every daemon names the same group. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.nameUUIDFromBytes("htty".getBytes(StandardCharsets.UTF_8)));
    /** Bounds what the leader sends a follower at once: many output batches. */
    static final SizeInBytes APPEND_LIMIT = SizeInBytes.valueOf("4MB");
    /** Ratis requires its gRPC messages to exceed the append limit by 1 MB. */
    static final SizeInBytes MESSAGE_LIMIT = SizeInBytes.valueOf("8MB");
    /** The shortest election timeout by default; the longest is twice it (see {@link #tuneTimeouts}). */
    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(150);
    /** The shortest timeout of a daemon's first election after it starts; the longest is twice it. */
    static final Duration FIRST_ELECTION_TIMEOUT = Duration.ofSeconds(1);
    /** How often a leader tries again a follower it cannot reach (after ten quick tries; see {@link #tuneTimeouts}). */
    static final Duration APPENDER_RETRY = Duration.ofMillis(100);
    /** The client id of the proposals this daemon submits to its own server while it leads. */
    private static final ClientId DIRECT_CLIENT = ClientId.randomId();
    /**
     * A proposal made while there is no leader is retried every 5 ms, 1200 times (6 s): a
     * failover takes well under a second, and the retry picks the new leader up as soon as it is
     * ready (it answers "not ready" until then).
     */
    static final RetryPolicy CLIENT_RETRY = RetryPolicies.retryUpToMaximumCountWithFixedSleep(1200,
            TimeDuration.valueOf(5, TimeUnit.MILLISECONDS));
    /**
     * How long a proposal made after an election waits for its leader to be ready (its first entry
     * committed) before it goes on regardless; and how often it looks again meanwhile, should the
     * settling go unannounced.
     */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(3);
    static final Duration SETTLE_RECHECK = Duration.ofMillis(50);
    /** How long a drained leader waits for a moment when its whole log is committed (see {@link #transferLeadership}). */
    static final Duration QUIET_LOG_WAIT = Duration.ofMillis(100);
    /** How long a leadership transfer may take: a drain's. */
    static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(5);
    /** How often this daemon's connections to the others are used, so that they stay open and warm. */
    static final Duration KEEP_WARM_EVERY = Duration.ofMinutes(1);
    /**
     * Ratis writes this much ahead of a log segment's data (zeros) when it opens one, 4 MB by
     * default; every daemon opens a new segment when a new leader's first entry arrives, and the
     * first sync of a 4 MB write took 4-9 ms here, on the way to the new leader's first commit
     * (docs/failover.md, "Where a drain's time goes").
     */
    static final SizeInBytes SEGMENT_PREALLOCATION = SizeInBytes.valueOf("64KB");
    /** By default a snapshot is taken after this many bytes of log entries. */
    public static final long DEFAULT_SNAPSHOT_BYTES = 64L << 20;
    /** How often the log applied since the last snapshot is measured against the threshold. */
    static final long SNAPSHOT_CHECK_MS = 250;
    /** How long Ratis may take to write a snapshot before the request is given up (and made again). */
    static final long SNAPSHOT_TIMEOUT_MS = 120_000;
    /** Snapshot files kept: the one a lagging follower is being sent survives the next snapshot. */
    static final int SNAPSHOTS_KEPT = 2;

    private final RaftServer server;
    private final LeadershipRehearsal rehearsal;
    private final RaftProperties properties;
    /** Numbers this daemon's direct submissions: Ratis keys its retry cache on client id and call id. */
    private final AtomicLong directCalls = new AtomicLong();
    private final LeaderClients clients;
    private final LeaderWatch leaderWatch;
    /**
     * Completed when the leadership settles after an election (this daemon is ready to lead, or it
     * applied the first entry of the new leader's term), then replaced: proposals made meanwhile
     * wait for it.
     */
    private final AtomicReference<CompletableFuture<Void>> leadershipSettled =
            new AtomicReference<>(new CompletableFuture<>());
    private final RaftPeerId self;
    private final HttyStateMachine stateMachine;
    private final RaftGroup group;
    private final long snapshotBytes;
    private final ClientId snapshotClientId = ClientId.randomId();
    private final ScheduledExecutorService snapshotCheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-check");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean snapshotting = new AtomicBoolean();
    /** Set when this daemon's storage holds no member of the group: it must found or rejoin it first. */
    private final Membership membership;
    private volatile boolean closed;

    /**
     * How a daemon's Raft is tuned.
     *
     * @param snapshotBytes after how many bytes of applied log entries this daemon takes a snapshot
     *     (and purges its log behind it)
     * @param electionTimeout the shortest time without a leader's word after which a follower starts an
     *     election; the longest is twice it
     */
    public record Tuning(long snapshotBytes, Duration electionTimeout) {
        public Tuning {
            if (snapshotBytes < 1) {
                throw new IllegalArgumentException("the snapshot threshold must be at least 1 byte, not " + snapshotBytes);
            }
            if (electionTimeout.toMillis() < 50 || electionTimeout.toMillis() > 10_000) {
                throw new IllegalArgumentException("the election timeout must be 50..10000 ms, not "
                        + electionTimeout.toMillis());
            }
        }
    }

    public RaftNode(Peers peers, String selfId, Path dataDir, HttyStateMachine stateMachine, Tuning tuning)
            throws IOException {
        this.snapshotBytes = tuning.snapshotBytes();
        this.stateMachine = stateMachine;
        this.self = RaftPeerId.valueOf(selfId);
        List<RaftPeer> raftPeers = peers.all().stream()
                .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build()).toList();
        this.group = RaftGroup.valueOf(GROUP_ID, raftPeers);
        Peers.Peer me = peers.get(selfId);

        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftServerConfigKeys.setStorageDir(properties, List.of(dataDir.resolve("raft").toFile()));
        GrpcConfigKeys.Server.setHost(properties, me.host());
        GrpcConfigKeys.Server.setPort(properties, me.port());
        GrpcConfigKeys.setMessageSizeMax(properties, MESSAGE_LIMIT);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties, APPEND_LIMIT);
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, segmentSize(snapshotBytes));
        // Snapshots are taken by log bytes (snapshotIfDue), not by Ratis's count of entries.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, false);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, SNAPSHOTS_KEPT);
        // Behind each snapshot the log goes, even the entries a lagging or dead follower still lacks:
        // that follower is sent the snapshot instead (which installSnapshotEnabled, Ratis's default, allows).
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
        RaftServerConfigKeys.Log.setPurgeGap(properties, 1);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, true);
        // A follower appends what each request carries itself, in order, as Ratis did before 3.2's
        // "compose". Compose drops a request whose first index matches an append still in flight,
        // whatever its term, and answers success, so a new leader counts entries the follower never
        // wrote and then cycles between two refused appends for good; and it chains every append on
        // one future per server, so one that never completes holds up all later ones (docs/failover.md).
        RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(properties, false);
        RaftServerConfigKeys.Log.setPreallocatedSize(properties, SEGMENT_PREALLOCATION);
        // A Ratis client sends a request of its own first (to open its ordered stream) and holds
        // every proposal back until it is answered: after a leader change that cost a round trip
        // through a leader still settling. Without it, the first proposal opens the stream.
        RaftClientConfigKeys.Async.Experimental.setSendDummyRequest(properties, false);
        tuneTimeouts(properties, tuning.electionTimeout());

        LeadershipRehearsal.clearLeftovers(dataDir.resolve("raft"));
        // With empty storage the server starts with no member of the group: Membership decides.
        boolean mustJoin = Membership.mustJoin(dataDir, dataDir.resolve("raft").resolve(GROUP_ID.getUuid().toString()));
        RaftServer.Builder builder = RaftServer.newBuilder()
                .setServerId(self)
                .setStateMachineRegistry(id -> id.equals(GROUP_ID) ? stateMachine : new BaseStateMachine())
                .setProperties(properties)
                .setOption(RaftStorage.StartupOption.RECOVER);
        this.server = (mustJoin ? builder : builder.setGroup(group)).build();
        this.properties = properties;
        this.clients = new LeaderClients(leader -> newClient(group, leader, CLIENT_RETRY),
                raftPeers.stream().map(RaftPeer::getId).toList(), GROUP_ID);
        this.rehearsal = new LeadershipRehearsal(server, self, raftPeers, this::singleTryClient);
        this.leaderWatch = new LeaderWatch(server, group, self, clients::lastEntryOf);
        this.membership = mustJoin ? new Membership(server, group, self, dataDir, this::singleTryClient) : null;
    }

    /** A client of {@code group} aimed at {@code daemon} that tries each request once (group management). */
    private RaftClient singleTryClient(RaftGroup group, RaftPeerId daemon) {
        return newClient(group, daemon, RetryPolicies.noRetry());
    }

    /** A client of {@code group} whose requests go first to {@code leader} (null: any). */
    private RaftClient newClient(RaftGroup group, RaftPeerId leader, RetryPolicy retry) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setLeaderId(leader)
                .setRetryPolicy(retry)
                .build();
    }

    /** {@code leader} leads now (empty: none known): this daemon proposes to it, and watches its daemon. */
    public void followLeader(String leader) {
        RaftPeerId id = leader.isEmpty() ? null : RaftPeerId.valueOf(leader);
        leaderWatch.follow(id);
        if (id != null) {
            clients.follow(id);
        }
        if (self.equals(id)) {
            rehearsal.markLed();
        }
    }

    /**
     * How fast a dead leader is replaced, which is most of what a failover costs a user. A follower
     * that hears no heartbeat for a random time in [{@code min}, 2 {@code min}] starts an election
     * (with a pre-vote, so a node that was merely cut off cannot depose a healthy leader when it
     * comes back). Ratis checks only every election timeout, so a follower starts its election
     * 1-2 timeouts after the leader's last word. Ratis's default, 150-300 ms, is what a failover
     * under a second from kill to echo needs (docs/failover.md has the figures). On a machine too
     * busy for it (leaders changing under an output flood, from GC and JIT pauses of three JVMs on
     * two cores) a longer one (--election-timeout-ms) trades a slower failover for fewer elections.
     *
     * <p>A daemon that has just started waits longer before its first election (at least
     * {@link #FIRST_ELECTION_TIMEOUT}): daemons started together come up a second or more apart on
     * a busy machine, and with 150 ms the first ones elected leaders that lost the leadership again
     * before the last was up, one of which was once left following nobody for a minute. A daemon
     * that restarts into a running group hears its leader long before that.
     *
     * <p>A leader retries a follower it cannot reach, or that answers "inconsistent" while catching
     * up, every {@link #APPENDER_RETRY}, never every 5 s as Ratis does after 30 errors: with that, a
     * daemon restarted after ten seconds down was brought its missing entries in 5 s steps, and was
     * still far behind when the leader died next (a CI run's cluster then had no majority to commit
     * with). And every 100 ms, not Ratis's 1 s: a restarted daemon is then caught up within 50 ms of
     * its start, where with 1 s half of the restarts in the failover bench took 0.4 to 1.9 s
     * (docs/failover.md, the timeouts table).
     *
     * <p>A leader that stepped down because no majority answered in time stands again after the
     * longest first-election timeout (2 s), not Ratis's 10 s: when it alone holds the longest log,
     * nobody else can win, and the group would wait those 10 s without a leader. Not sooner: the
     * others, just started perhaps, get a whole first election to win among themselves. (Ratis also
     * steps a leader down after a JVM pause that long.)
     */
    private static void tuneTimeouts(RaftProperties properties, Duration min) {
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(min.toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(2 * min.toMillis()));
        long first = Math.max(min.toMillis(), FIRST_ELECTION_TIMEOUT.toMillis());
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties, millis(first));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties, millis(2 * first));
        RaftServerConfigKeys.LeaderElection.setPreVote(properties, true);
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10," + APPENDER_RETRY.toMillis() + "ms,"
                + Integer.MAX_VALUE);
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(properties, millis(2 * first));
        // A proposal sent to a leader that stopped answering (paused, cut off) is retried elsewhere
        // after this, instead of Ratis's 3 s.
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    }

    private static TimeDuration millis(long ms) {
        return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts this daemon's Raft server: its member of the group, unless its storage is empty (then see
     * {@link #awaitMembership}).
     */
    public void start() throws IOException {
        server.start();
    }

    /**
     * Returns once this daemon is a member of the group: at once, unless its storage was empty; then
     * it first founds the group with the others or rejoins it ({@link Membership}), which waits for
     * the other daemons as long as it takes. Then its background work starts.
     */
    public void awaitMembership() throws IOException, InterruptedException {
        if (membership != null) {
            membership.join();
        }
        RaftClasses.preloadInBackground();
        Thread.ofPlatform().daemon().name("raft-peer-warm-up").start(this::keepPeersWarm);
        snapshotCheck.scheduleWithFixedDelay(this::snapshotIfDue, SNAPSHOT_CHECK_MS, SNAPSHOT_CHECK_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Once this daemon follows a leader, and then every {@link #KEEP_WARM_EVERY}, uses its
     * connections to the other daemons that an election or a leader change needs: the spare Ratis
     * clients ({@link LeaderClients#warm}), and its server's own, by sending each other daemon a
     * pre-vote request of term 0. Every daemon refuses that without a change of state (it has a
     * leader, or a log longer than the request's empty one), but it opens the connection and runs the
     * vote code once: a daemon restarted into a running group otherwise talks to no other daemon until
     * its leader dies, and its first vote requests then took 200 ms to arrive (docs/failover.md, "The
     * appender retry, measured").
     */
    private void keepPeersWarm() {
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (server.getDivision(GROUP_ID).getInfo().getLeaderId() == null) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(50);
            }
            while (!closed) {
                clients.warm();
                warmServerChannels();
                Thread.sleep(KEEP_WARM_EVERY);
            }
        } catch (IOException e) {
            LOG.debug("no warm-up: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warmServerChannels() {
        for (RaftPeer peer : group.getPeers()) {
            if (peer.getId().equals(self)) {
                continue;
            }
            RequestVoteRequestProto request = RequestVoteRequestProto.newBuilder()
                    .setServerRequest(RaftRpcRequestProto.newBuilder()
                            .setRequestorId(self.toByteString())
                            .setReplyId(peer.getId().toByteString())
                            .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(GROUP_ID.toByteString()))
                            .setCallId(CallId.getAndIncrement()))
                    .setCandidateTerm(0)
                    .setPreVote(true)
                    .build();
            try {
                server.getServerRpc().requestVote(request);
            } catch (IOException e) {
                LOG.debug("daemon {} did not answer the warm-up: {}", peer.getId(), e.toString());
            }
        }
    }

    /**
     * Ratis purges whole closed log segments only: a segment is at most half the snapshot threshold
     * (and no more than 32 MB, no less than 1 MB), so that the log kept is about one threshold long.
     */
    static SizeInBytes segmentSize(long snapshotBytes) {
        return SizeInBytes.valueOf(Math.min(32L << 20, Math.max(1L << 20, snapshotBytes / 2)));
    }

    /**
     * Asks Ratis for a snapshot once enough log was applied since the last one. Ratis takes it on its
     * applying thread, between two entries; this thread only asks, and asks again only once answered.
     */
    private void snapshotIfDue() {
        if (stateMachine.logBytesSinceSnapshot() < snapshotBytes || !snapshotting.compareAndSet(false, true)) {
            return;
        }
        try {
            server.snapshotManagementAsync(SnapshotManagementRequest.newCreate(snapshotClientId, self, GROUP_ID,
                    CallId.getAndIncrement(), SNAPSHOT_TIMEOUT_MS, 1)).whenComplete((reply, error) -> {
                        snapshotting.set(false);
                        if (error != null || !reply.isSuccess()) {
                            LOG.warn("snapshot not taken: {}", error != null ? error : reply.getException());
                        }
                    });
        } catch (RuntimeException e) {
            snapshotting.set(false);
            LOG.warn("snapshot not requested: {}", e.toString());
        }
    }

    public String id() {
        return self.toString();
    }

    public HttyStateMachine stateMachine() {
        return stateMachine;
    }

    /**
     * Proposes a command; completes with the state machine's answer once it is committed and applied,
     * or fails with UNAVAILABLE (not committed) or INTERNAL (an unreadable answer). An answer may
     * still carry an error: the command was applied as a no-op.
     *
     * <p>While this daemon leads (and is ready to), the proposal goes straight to its own server: no
     * gRPC hop through a client, which after an election has a channel to open first; and no retry,
     * so a proposal whose fate is unknown fails rather than being appended twice (a Ratis client
     * resends a request that met a leader stepping down, which for an output batch would print it
     * twice). Proposals one thread makes this way are appended in the order it makes them.
     *
     * <p>A proposal made after an election, before its leader is ready (this daemon, or another
     * whose first entry this daemon has not applied yet), waits for that, at most {@link #SETTLE_WAIT}.
     */
    public CompletableFuture<Applied> propose(Command command) {
        return applied(submit(message(command), false));
    }

    /**
     * Proposes a command straight to this daemon's server, if it leads and is ready to. When this
     * returns, either the entry is in this daemon's log, ahead of every proposal made after it, or
     * the future has failed already (UNAVAILABLE) and nothing was appended. A new voice proposes its
     * output right after its takeover so, without waiting for the takeover to commit.
     */
    public CompletableFuture<Applied> proposeHere(Command command) {
        if (!info().map(i -> i.isLeader() && i.isLeaderReady()).orElse(false)) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("daemon " + self + " does not lead, or is not ready to")
                    .withCause(new NotLeaderException(RaftGroupMemberId.valueOf(self, GROUP_ID), null, List.of()))
                    .asRuntimeException());
        }
        return applied(submitHere(message(command), false));
    }

    /**
     * Whether a proposal failed because the daemon it was made at does not lead, or no longer does:
     * for a voice, the normal end of its leadership, which a new leader's takeover follows.
     */
    public static boolean leadershipLost(Throwable error) {
        Throwable failure = error;
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure instanceof StatusRuntimeException s
                && (s.getCause() instanceof NotLeaderException || s.getCause() instanceof LeaderSteppingDownException
                        || s.getCause() instanceof LeaderNotReadyException);
    }

    private static Message message(Command command) {
        return Message.valueOf(ByteString.copyFrom(command.toByteArray()));
    }

    /** The state machine's answer in a reply (see {@link #propose}). */
    private static CompletableFuture<Applied> applied(CompletableFuture<RaftClientReply> submitted) {
        return submitted.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw Status.UNAVAILABLE.withDescription("the cluster did not commit the request: "
                        + (reply.getException() == null ? "no leader" : reply.getException().getMessage()))
                        .withCause(reply.getException()).asRuntimeException();
            }
            try {
                return Applied.parseFrom(reply.getMessage().getContent().toByteArray());
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL.withDescription("unreadable reply from the state machine").asRuntimeException();
            }
        });
    }

    private CompletableFuture<RaftClientReply> submit(Message message, boolean readOnly) {
        return submit(message, readOnly, System.nanoTime() + SETTLE_WAIT.toNanos());
    }

    private CompletableFuture<RaftClientReply> submit(Message message, boolean readOnly, long settleBy) {
        // Taken before the role is read: a settling after it completes this one. A plain read: this
        // is every proposal's path.
        CompletableFuture<Void> settled = leadershipSettled.get();
        Optional<DivisionInfo> info = info();
        boolean leads = info.map(DivisionInfo::isLeader).orElse(false);
        boolean ready = leads && info.get().isLeaderReady();
        // Elected, its first entry not yet committed; or another daemon was, and this one has not yet
        // applied an entry of the new term. Sent to a leader not ready, a proposal is refused, and
        // the Ratis client gives up its stream and tries the other daemons first: a detour of
        // 30-100 ms, where waiting here costs a few.
        boolean settling = leads ? !ready
                : info.isPresent() && stateMachine.appliedTerm() < info.get().getCurrentTerm();
        if (settling && System.nanoTime() < settleBy) {
            return settled.copy().completeOnTimeout(null, SETTLE_RECHECK.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(v -> submit(message, readOnly, settleBy));
        }
        if (!ready) {
            return clients.send(c -> readOnly ? c.async().sendReadOnly(message) : c.async().send(message));
        }
        return submitHere(message, readOnly);
    }

    /** Submits to this daemon's own server, which appends a write before the call returns. */
    private CompletableFuture<RaftClientReply> submitHere(Message message, boolean readOnly) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(DIRECT_CLIENT)
                .setServerId(self)
                .setGroupId(GROUP_ID)
                .setCallId(directCalls.incrementAndGet())
                .setMessage(message)
                .setType(readOnly ? RaftClientRequest.readRequestType() : RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("this daemon could not take the request: " + e.getMessage()).asRuntimeException());
        }
    }

    /**
     * The leadership settled: this daemon became ready to lead (its first entry as leader is
     * committed), or it applied an entry of the current term, or another daemon leads while this one
     * was waiting to be ready. Proposals waiting for that go on.
     */
    public void leadershipSettled() {
        leadershipSettled.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /** This daemon's place in the group; empty if its server is not (or no longer) running the group. */
    private Optional<DivisionInfo> info() {
        try {
            return Optional.of(server.getDivision(GROUP_ID).getInfo());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The leader's applied index, asked through Raft (a read-only request served by the leader's
     * state machine): at least the index of every write any client has seen acknowledged.
     */
    public CompletableFuture<Long> leaderAppliedIndex() {
        return submit(Message.EMPTY, true).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new IllegalStateException("the leader did not answer: " + reply.getException());
            }
            return Long.parseLong(reply.getMessage().getContent().toStringUtf8());
        });
    }

    /** This daemon's view of the group: role, term, leader, indexes. */
    public RaftStatus status() throws IOException {
        var division = server.getDivision(GROUP_ID);
        var info = division.getInfo();
        String leader = info.getLeaderId() == null ? "" : info.getLeaderId().toString();
        return new RaftStatus(self.toString(), info.getCurrentRole().name(), info.getCurrentTerm(), leader,
                division.getRaftLog().getLastCommittedIndex(), stateMachine.appliedIndex(),
                group.getPeers().stream().map(p -> p.getId() + "=" + p.getAddress()).toList());
    }

    /** The index of the last entry in this daemon's log as it started (0 when empty, its storage too). */
    public long lastLogIndexAtStart() throws IOException {
        if (membership != null) {
            return 0;
        }
        var last = server.getDivision(GROUP_ID).getRaftLog().getLastEntryTermIndex();
        return last == null ? 0 : last.getIndex();
    }

    /** This daemon's current Raft term: a new leader's term is the epoch it takes sessions over at. */
    public long term() {
        return info().map(DivisionInfo::getCurrentTerm).orElse(0L);
    }

    /**
     * Hands the leadership to {@code target} (Ratis leadership transfer): the leader stops taking
     * writes, brings the target up to date, and tells it to start an election at once.
     *
     * <p>On the leader, the transfer starts at a moment when its whole log is committed and ends
     * with Ratis's record of the commit index (waiting at most {@link #QUIET_LOG_WAIT}), found and
     * started under the lock Ratis appends writes under. Ratis 3.3 tells the target to stand as soon
     * as it holds the leader's last entry; if that reply commits an entry, the leader then appends its
     * record of the new commit index, which the other followers get and the target does not, and
     * they refuse it their votes: the transfer fails, and the group has no leader for an election
     * timeout (docs/failover.md, "Where a drain's time goes").
     */
    public RaftClientReply transferLeadership(String target) throws IOException {
        long timeoutMs = TRANSFER_TIMEOUT.toMillis();
        if (!isLeader()) {
            return clients.current().admin().transferLeadership(RaftPeerId.valueOf(target), timeoutMs);
        }
        TransferLeadershipRequest request = new TransferLeadershipRequest(DIRECT_CLIENT, self, GROUP_ID,
                directCalls.incrementAndGet(), RaftPeerId.valueOf(target), timeoutMs);
        RaftServer.Division division = server.getDivision(GROUP_ID);
        long deadline = System.nanoTime() + QUIET_LOG_WAIT.toNanos();
        CompletableFuture<RaftClientReply> transfer = null;
        while (transfer == null) {
            boolean late = System.nanoTime() > deadline;
            // Ratis appends a client's write holding the division's monitor, and refuses it there once a
            // transfer has started: held here, nothing is appended between finding the log quiet and the start.
            synchronized (division) {
                if (late || isQuiet(division.getRaftLog())) {
                    transfer = DivisionTransfer.start(division, request);
                }
            }
            if (late) {
                LOG.info("handing the leadership to {} with entries still uncommitted (the log was not quiet for {} "
                        + "ms): if it loses its election, the group waits an election timeout", target,
                        QUIET_LOG_WAIT.toMillis());
            } else if (transfer == null) {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }
        return transfer.join();
    }

    /**
     * Has this daemon lead a throwaway group of the same daemons once ({@link LeadershipRehearsal}),
     * so that a drain to it runs warm code; nothing if it has led since it started.
     *
     * @return whether it rehearsed (false: it had led)
     */
    public boolean rehearseLeadership() throws IOException {
        return rehearsal.rehearse();
    }

    /** Whether every entry of {@code log} is committed and the last is a commit record. */
    private static boolean isQuiet(RaftLog log) {
        var last = log.getLastEntryTermIndex();
        try {
            return last == null || log.getLastCommittedIndex() >= last.getIndex()
                    && log.get(last.getIndex()).hasMetadataEntry();
        } catch (RaftLogIOException e) {
            return true; // purged meanwhile: the log moved on; hand over as it is
        }
    }

    /** Whether this daemon is the leader now (it runs the processes). */
    public boolean isLeader() {
        return info().map(DivisionInfo::isLeader).orElse(false);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        snapshotCheck.shutdownNow();
        try {
            leaderWatch.close();
            clients.close();
        } finally {
            server.close();
        }
    }

    /** What {@link #status()} reports. */
    public record RaftStatus(String id, String role, long term, String leader, long commitIndex, long appliedIndex,
            List<String> peers) {
    }
}
