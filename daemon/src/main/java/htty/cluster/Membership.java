package htty.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.GroupManagementApi;
import org.apache.ratis.proto.RaftProtos.LogInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a daemon whose Raft storage is empty takes its place in the group: it founds the group with
 * the others, or, if the group runs already, it rejoins it as a new member.
 *
 * <p>Raft counts on every member keeping what it acknowledged and whom it voted for. A daemon whose
 * data was wiped (a disk replaced, a directory removed) and that came back under its old id with an
 * empty log would vote for any candidate, and together with one other daemon whose log lacks entries
 * only the wiped one had acknowledged, elect a leader without them: committed input is lost. The
 * chaos bench found exactly that (docs/bench.md, "A wiped daemon voted away what it had
 * acknowledged"). So a daemon with empty storage runs no member of the group until it knows where
 * it stands, by asking the other daemons:
 *
 * <ul>
 *   <li>every one answers and none has logged anything: the group is new, and this daemon founds it
 *       with the others (each founder decides so for itself);
 *   <li>one holds a log: the group runs, and this daemon lost its data. It asks the leader to remove
 *       it from the group's configuration, so that nothing it acknowledged before counts any more;
 *       then starts a member with no configuration (Ratis's "initializing" state) and asks the
 *       leader to add it, which Ratis does once it has caught up by log or snapshot. Until then no
 *       other daemon's configuration names it, so no vote or acknowledgement of its counts, and the
 *       others form the group: a group of three runs on two.
 *   <li>otherwise (some are unreachable): it waits and asks again. Two wiped daemons of three see the
 *       third's log and wait for a leader that cannot be elected: a lost majority is an operator's
 *       matter, not something to paper over with an empty history.
 * </ul>
 *
 * <p>A rejoin is marked in the data directory until the group has added the daemon back: one that
 * stops half way (its member started, not yet added) starts over, empty, next time.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** How often the others are asked again, and a refused configuration change is tried again. */
    static final Duration RETRY = Duration.ofMillis(200);
    /** How often a daemon that keeps waiting says so. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(10);
    private static final String REJOINING_MARKER = "rejoining";

    /** What a daemon answers about its member of the group. */
    enum Answer {
        /** It did not answer. */
        UNREACHABLE,
        /** It runs no member of the group, or one that has logged nothing yet. */
        EMPTY,
        /** Its member holds a log (entries, or a snapshot past the founding one). */
        HOLDS_LOG
    }

    /** What a daemon with empty storage does, from the others' answers. */
    enum Step { FOUND, REJOIN, WAIT }

    /** A pure function of the answers: see the class comment. */
    static Step decide(Map<RaftPeerId, Answer> answers) {
        if (answers.containsValue(Answer.HOLDS_LOG)) {
            return Step.REJOIN;
        }
        return answers.containsValue(Answer.UNREACHABLE) ? Step.WAIT : Step.FOUND;
    }

    /**
     * Whether this daemon's storage holds no member of the group, so that it must take its place by
     * {@link #join}. A rejoin left half way is cleared first: its storage holds nothing the group counts.
     */
    static boolean mustJoin(Path dataDir, Path groupDir) throws IOException {
        if (Files.exists(dataDir.resolve(REJOINING_MARKER))) {
            LOG.warn("this daemon stopped while it was rejoining the group: starting the rejoin over, "
                    + "with its Raft storage ({}) cleared", groupDir);
            deleteTree(groupDir);
            return true;
        }
        return !Files.isDirectory(groupDir);
    }

    private final RaftServer server;
    private final RaftGroup group;
    private final RaftPeer self;
    private final Path dataDir;
    /** The other daemons: this daemon runs no member yet, and must never be asked as if it did. */
    private final RaftGroup othersGroup;
    private final BiFunction<RaftGroup, RaftPeerId, RaftClient> clientFor;
    private final ClientId clientId = ClientId.randomId();

    /**
     * @param clientFor makes a client of the given daemons aimed at the given one, that tries each
     *     request once: one that followed a stale hint to this very daemon would ask it for good
     */
    Membership(RaftServer server, RaftGroup group, RaftPeerId self, Path dataDir,
               BiFunction<RaftGroup, RaftPeerId, RaftClient> clientFor) {
        this.server = server;
        this.group = group;
        this.self = group.getPeer(self);
        this.dataDir = dataDir;
        this.othersGroup = RaftGroup.valueOf(group.getGroupId(),
                group.getPeers().stream().filter(p -> !p.getId().equals(self)).toList());
        this.clientFor = clientFor;
    }

    /** Founds or rejoins the group (see the class comment); returns once this daemon is a member. */
    void join() throws IOException, InterruptedException {
        try (RaftClient others = clientFor.apply(othersGroup, null)) {
            LOG.info("this daemon's Raft storage is empty: asking the other daemons whether the group runs already");
            long reportAt = System.nanoTime() + REPORT_EVERY.toNanos();
            while (true) {
                Map<RaftPeerId, Answer> answers = ask(others);
                switch (decide(answers)) {
                    case FOUND -> {
                        LOG.info("the other daemons have logged nothing ({}): founding the group with them", answers);
                        addMember(group);
                        return;
                    }
                    case REJOIN -> {
                        rejoin(others, answers);
                        return;
                    }
                    case WAIT -> {
                        if (System.nanoTime() >= reportAt) {
                            LOG.warn("not every other daemon answers ({}): this daemon, its storage empty, takes no "
                                    + "part in the group until it knows whether the group runs already", answers);
                            reportAt = System.nanoTime() + REPORT_EVERY.toNanos();
                        }
                        Thread.sleep(RETRY.toMillis());
                    }
                }
            }
        }
    }

    /** Asks every other daemon what it holds. */
    private Map<RaftPeerId, Answer> ask(RaftClient others) {
        Map<RaftPeerId, Answer> answers = new LinkedHashMap<>();
        for (RaftPeer peer : othersGroup.getPeers()) {
            answers.put(peer.getId(), answerOf(others, peer.getId()));
        }
        return answers;
    }

    private Answer answerOf(RaftClient others, RaftPeerId peer) {
        try {
            GroupManagementApi api = others.getGroupManagementApi(peer);
            if (!api.list().getGroupIds().contains(group.getGroupId())) {
                return Answer.EMPTY;
            }
            LogInfoProto log = api.info(group.getGroupId()).getLogInfoProto();
            boolean holds = log.hasLastEntry() || log.hasLastSnapshot() && log.getLastSnapshot().getIndex() > 0;
            return holds ? Answer.HOLDS_LOG : Answer.EMPTY;
        } catch (IOException | RuntimeException e) {
            return Answer.UNREACHABLE;
        }
    }

    private void rejoin(RaftClient others, Map<RaftPeerId, Answer> answers) throws IOException, InterruptedException {
        LOG.warn("this daemon's Raft storage is empty but the group runs ({}): it lost its data. Leaving the group "
                + "and joining it again as a new member, so that nothing it acknowledged before counts", answers);
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(REJOINING_MARKER),
                "rejoining the group: clear the Raft storage and start over\n");
        // Asked even if this daemon is gone from the configuration already: the leader answers "done" only
        // once a configuration without it is committed, and adding it back before that would let a leader
        // that never had the removal count this daemon's old acknowledgements again.
        untilDone("leave the group", others, view -> SetConfigurationRequest.Arguments.newBuilder()
                .setServersInCurrentConf(view.members())
                .setServersInNewConf(view.members().stream().filter(p -> !p.getId().equals(self.getId())).toList())
                .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET).build());
        addMember(RaftGroup.valueOf(group.getGroupId(), List.of()));
        LOG.info("left the group; asking to be added back, once caught up with the leader's log");
        untilDone("be added back to the group", others, view -> SetConfigurationRequest.Arguments
                .newBuilder().setServersInNewConf(List.of(self)).setMode(SetConfigurationRequest.Mode.ADD).build());
        Files.delete(dataDir.resolve(REJOINING_MARKER));
        LOG.info("rejoined the group as a new member");
    }

    /** The group as its leader sees it: the leader, and the voting members. */
    private record View(RaftPeerId leader, List<RaftPeer> members) {
    }

    /** Asks the other daemons which of them leads, and what the group is in its eyes. */
    private View leaderView(RaftClient others) throws IOException {
        for (RaftPeer peer : othersGroup.getPeers()) {
            try {
                GroupInfoReply info = others.getGroupManagementApi(peer.getId()).info(group.getGroupId());
                if (info.getRoleInfoProto().getRole() == RaftPeerRole.LEADER) {
                    return new View(peer.getId(), List.copyOf(info.getGroup().getPeers()));
                }
            } catch (IOException e) {
                // asks the next
            }
        }
        throw new IOException("no other daemon says it leads");
    }

    /**
     * Asks the leader for a configuration change, made from the group as it stands, until the leader
     * answers that it is done (Ratis answers success once the new configuration is committed, or when
     * it equals the current one and that is committed), or this daemon's own member, elected
     * meanwhile, has done it ({@link #leadsAsAMember}). A leader refuses while another change is under
     * way, and there may be no leader (it takes a majority of the group's daemons).
     */
    private void untilDone(String what, RaftClient others, Function<View, SetConfigurationRequest.Arguments> change)
            throws InterruptedException {
        long reportAt = System.nanoTime() + REPORT_EVERY.toNanos();
        while (!leadsAsAMember()) {
            String why;
            try {
                View view = leaderView(others);
                try (RaftClient leader = clientFor.apply(othersGroup, view.leader())) {
                    RaftClientReply reply = leader.admin().setConfiguration(change.apply(view));
                    if (reply.isSuccess()) {
                        return;
                    }
                    why = String.valueOf(reply.getException());
                }
            } catch (IOException | RuntimeException e) {
                why = e.getMessage();
            }
            if (System.nanoTime() >= reportAt) {
                LOG.warn("still trying to {} ({}): a majority of the group's daemons must be up for that", what, why);
                reportAt = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            Thread.sleep(RETRY.toMillis());
        }
    }

    /**
     * Whether this daemon's new member was elected leader while it was being added back (it caught up,
     * and the others voted for it while the configuration that adds it was under way) and has finished
     * the addition itself: its committed configuration counts it as a voter. Then no other daemon
     * leads to say so. Only a leader's word counts here: a member catching up passes through the old
     * configurations in the log, which named it too. False while it runs no member (as it leaves).
     */
    private boolean leadsAsAMember() {
        try {
            RaftServer.Division member = server.getDivision(group.getGroupId());
            RaftConfiguration conf = member.getRaftConf();
            return member.getInfo().isLeader() && conf.getPreviousPeers().isEmpty()
                    && conf.getPeer(self.getId(), RaftPeerRole.FOLLOWER) != null
                    && member.getRaftLog().getLastCommittedIndex() >= conf.getLogEntryIndex();
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts this daemon's member of the group with the given configuration, on fresh storage. */
    private void addMember(RaftGroup conf) throws IOException {
        RaftClientReply reply = server.groupManagementAsync(GroupManagementRequest.newAdd(clientId, self.getId(),
                CallId.getAndIncrement(), conf, true)).join();
        if (!reply.isSuccess()) {
            throw new IOException("could not start this daemon's member of the group: " + reply.getException());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
