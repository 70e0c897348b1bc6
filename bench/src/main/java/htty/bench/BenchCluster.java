package htty.bench;

import htty.cli.DaemonLauncher;
import htty.cli.LoopbackPorts;
import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.client.NodeStatus;
import htty.client.Timeouts;
import htty.client.Token;
import htty.proto.api.CreateRequest;
import htty.proto.api.LocalProcess;
import htty.proto.api.SessionDigest;
import htty.proto.api.StatusReply;
import htty.proto.log.EnvVar;
import htty.proto.log.TakeoverMode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real {@code htty daemon} processes on free loopback ports, each its own JVM started as
 * {@code scripts/htty} starts daemons (its classpath and AOT cache, which {@code scripts/htty-bench}
 * passes on), else from this JVM's class path (which holds the daemon module); their Raft data in a temporary directory that
 * {@link #close} removes, their logs in a directory of the caller's that stays. Daemons are stopped
 * by their process, never by name: SIGKILL for a trial, SIGTERM when done.
 */
final class BenchCluster implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final DaemonLauncher DAEMON = DaemonLauncher.ofThisProcess();
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** How long the cluster may take to come to rest: an election, a restart, a warm standby, on a loaded machine. */
    static final Duration READY_WAIT = Duration.ofSeconds(60);
    /** ... and this much longer for each session whose programs are to be ready. */
    private static final Duration SESSION_READY_WAIT = Duration.ofMillis(200);
    /** A status poll that takes longer than this counts as no answer: the poll goes on to the next daemon. */
    private static final Timeouts POLL = new Timeouts(Duration.ofMillis(500), Duration.ofMillis(500));

    /** Every daemon's extra command-line options. */
    private final List<String> options;
    /** Turns a daemon's command line into the one started: a wrapper may run it in a cgroup of its own. */
    private final BiFunction<Daemon, List<String>, List<String>> launcher;
    private final Path data;
    private final Path tokenFile;
    private final Token token;
    private final List<Daemon> daemons = new ArrayList<>();
    /** The sessions this cluster created, with their programs and takeover modes: what awaitReady checks. */
    private final Map<String, SessionSpec> sessions = new ConcurrentHashMap<>();
    private final HttyClient client;
    private final ExitHook exitHook;
    private boolean closed;

    /** One daemon: its id, ports, log, and while it runs its process and a client of it alone. */
    static final class Daemon {
        final String id;
        final Endpoint peer;
        final Endpoint api;
        final Path log;
        private Process process;
        private HttyClient status;

        private Daemon(String id, Endpoint peer, Endpoint api, Path log) {
            this.id = id;
            this.peer = peer;
            this.api = api;
            this.log = log;
        }

        long pid() {
            return process.pid();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private BenchCluster(int size, Path logs, List<String> options,
            BiFunction<Daemon, List<String>, List<String>> launcher) throws IOException {
        this.options = List.copyOf(options);
        this.launcher = launcher;
        Files.createDirectories(logs);
        this.data = Files.createTempDirectory("htty-bench-");
        try {
            this.tokenFile = data.resolve("token");
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createFile(tokenFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tokenFile, HexFormat.of().formatHex(secret) + "\n");
            this.token = Token.readFrom(tokenFile);
            for (int i = 1; i <= size; i++) {
                daemons.add(new Daemon("n" + i, new Endpoint(LOOPBACK, LoopbackPorts.unused()),
                        new Endpoint(LOOPBACK, LoopbackPorts.unused()), logs.resolve("n" + i + ".log")));
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(data);
            throw e;
        }
        this.client = HttyClient.builder(daemons.stream().map(d -> d.api).toList(), token)
                .nodeIds(daemons.stream().map(d -> d.id).toList()).build();
        this.exitHook = ExitHook.register("htty-bench-cluster-cleanup", this::close);
    }

    /** Starts {@code size} daemons with {@code options}; their logs go to {@code logs}. Does not wait for them. */
    static BenchCluster start(int size, Path logs, List<String> options) throws IOException {
        return start(size, logs, options, (daemon, command) -> command);
    }

    /** Starts {@code size} daemons with {@code options}, each by the command line {@code launcher} makes of its own. */
    static BenchCluster start(int size, Path logs, List<String> options,
            BiFunction<Daemon, List<String>, List<String>> launcher) throws IOException {
        BenchCluster cluster = new BenchCluster(size, logs, options, launcher);
        try {
            for (Daemon d : cluster.daemons) {
                cluster.start(d);
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    List<Daemon> daemons() {
        return daemons;
    }

    Daemon daemon(String id) {
        return daemons.stream().filter(d -> d.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no daemon " + id));
    }

    /** The daemons with their pids and API addresses, and where their data is: for a run's progress lines. */
    String describe() {
        return "daemons " + daemons.stream().map(d -> d.id + " (pid " + d.pid() + ", api " + d.api + ")").toList()
                + "; their data in " + data;
    }

    /** A client of every daemon, failing over between them. */
    HttyClient client() {
        return client;
    }

    /** Starts (or restarts, with the same id, ports and data) daemon {@code d}, its output appended to its log. */
    void start(Daemon d) throws IOException {
        Path dir = data.resolve(d.id);
        Files.createDirectories(dir);
        String peers = daemons.stream().map(x -> x.id + "=" + x.peer).collect(Collectors.joining(","));
        List<String> command = new ArrayList<>(DAEMON.javaCommand());
        command.addAll(List.of("daemon", "--id", d.id, "--peers", peers, "--api", d.api.toString(), "--data", dir.toString(),
                "--token-file", tokenFile.toString()));
        command.addAll(options);
        d.process = new ProcessBuilder(launcher.apply(d, command))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(d.log.toFile()))
                .redirectErrorStream(true)
                .start();
        // A fresh channel: the old one backs off for seconds after failing to reach the dead daemon.
        if (d.status != null) {
            d.status.close();
        }
        d.status = HttyClient.builder(List.of(d.api), token).nodeIds(List.of(d.id)).timeouts(POLL).build();
    }

    /** A session this cluster created: what it runs, and whether the daemons keep standbys of it. */
    private record SessionSpec(Program program, TakeoverMode mode) {
    }

    /** A client of its own (its own input numbering) of daemons {@code via}, failing over between them. */
    HttyClient newClient(List<Daemon> via, Timeouts timeouts) {
        return HttyClient.builder(via.stream().map(d -> d.api).toList(), token)
                .nodeIds(via.stream().map(d -> d.id).toList()).timeouts(timeouts).build();
    }

    /**
     * Creates session {@code name} of {@code cols} by {@code rows} running the {@link EchoProgram}
     * with takeover mode {@code mode}; does not wait for its programs to start. On a loaded machine
     * the cluster may change leaders meanwhile: a create that timed out is asked again, as the same
     * request, which the cluster never applies twice.
     */
    void createEchoSession(String name, int cols, int rows, TakeoverMode mode) throws InterruptedException {
        createSession(name, EchoProgram.PROGRAM, mode, cols, rows);
    }

    /**
     * Creates session {@code name} of {@code cols} by {@code rows} running {@code program} in takeover
     * mode {@code mode}; does not wait for its programs to start. A create that timed out is asked
     * again, as the same request, which the cluster never applies twice.
     */
    void createSession(String name, Program program, TakeoverMode mode, int cols, int rows)
            throws InterruptedException {
        sessions.put(name, new SessionSpec(program, mode));
        CreateRequest request = CreateRequest.newBuilder().setName(name).addAllArgv(program.argv())
                .setCwd(data.toString()).setCols(cols).setRows(rows).setTakeoverMode(mode)
                .addEnv(EnvVar.newBuilder().setName("PATH")
                        .setValue(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")))
                .setRequestId(UUID.randomUUID().toString())
                .build();
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            try {
                client.create(request);
                return;
            } catch (HttyException e) {
                // A retry may find the session made by an attempt whose answer was lost.
                if (exists(name)) {
                    return;
                }
                if (e.exitCode() != ExitCode.CLUSTER_UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private boolean exists(String session) {
        try {
            return client.list().getSessionsList().stream().anyMatch(x -> x.getName().equals(session));
        } catch (HttyException e) {
            return false;
        }
    }

    /**
     * The cluster at rest: every daemon answers and names the same leader, which says it leads; and,
     * when it was asked for with a session, the session's program is ready (for the {@link EchoProgram}:
     * it is cat by now, so sh has run stty) on the leader, as its voice, and on every other daemon as
     * a warm standby (unless the session respawns instead: then on the leader alone).
     *
     * @param leader the daemon that leads
     * @param statuses every daemon's status
     */
    record Ready(Daemon leader, List<NodeStatus> statuses) {
    }

    /** Waits until the cluster has a leader every daemon names. */
    Ready awaitReady() throws InterruptedException {
        return awaitReady(List.of());
    }

    /** Waits until the cluster has a leader and session {@code session}'s program is ready wherever it runs. */
    Ready awaitReady(String session) throws InterruptedException {
        return awaitReady(List.of(session));
    }

    /**
     * Waits until the cluster has a leader and every session of {@code sessions} has its program
     * ready wherever it runs. A status lists every session, so the polls are further apart, and the
     * wait longer, the more sessions there are.
     */
    Ready awaitReady(List<String> sessions) throws InterruptedException {
        List<SessionSpec> specs = sessions.stream().map(name -> Optional.ofNullable(this.sessions.get(name))
                .orElseThrow(() -> new IllegalArgumentException("this cluster created no session " + name))).toList();
        Duration wait = READY_WAIT.plus(SESSION_READY_WAIT.multipliedBy(sessions.size()));
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<NodeStatus> statuses = new ArrayList<>();
            for (Daemon d : daemons) {
                status(d).ifPresent(reply -> statuses.add(new NodeStatus(d.api, Optional.of(reply), Optional.empty())));
            }
            Optional<Daemon> leader = statuses.size() == daemons.size()
                    ? ready(statuses, sessions, specs).map(this::daemon) : Optional.empty();
            if (leader.isPresent()) {
                return new Ready(leader.get(), statuses);
            }
            if (System.nanoTime() > deadline) {
                String shown = sessions.size() > 1 ? " (" + sessions.size() + " sessions: statuses not shown)"
                        : " statuses: " + statuses.stream().map(s -> s.reply().orElseThrow().toString()
                        .replace('\n', ' ')).toList();
                throw new IllegalStateException("the cluster was not ready within " + wait.toSeconds() + " s;"
                        + shown + describeState());
            }
            Thread.sleep(Math.max(20, sessions.size()));
        }
    }

    /**
     * Waits until a majority of the daemons answer and name the same leader, which says it leads
     * (the others may still be starting); returns that leader.
     */
    Daemon awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            List<StatusReply> replies = new ArrayList<>();
            for (Daemon d : daemons) {
                status(d).ifPresent(replies::add);
            }
            for (StatusReply r : replies) {
                long naming = replies.stream().filter(x -> x.getLeader().equals(r.getId())).count();
                if (r.getRole().equals("LEADER") && naming > daemons.size() / 2) {
                    return daemon(r.getId());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no leader named by a majority within " + READY_WAIT.toSeconds()
                        + " s; statuses: " + replies.stream().map(r -> r.toString().replace('\n', ' ')).toList());
            }
            Thread.sleep(20);
        }
    }

    /** The leader's id if the statuses show the cluster at rest (see {@link Ready}). */
    private static Optional<String> ready(List<NodeStatus> statuses, List<String> sessions, List<SessionSpec> specs) {
        List<StatusReply> replies = statuses.stream().map(s -> s.reply().orElseThrow()).toList();
        String leader = replies.getFirst().getLeader();
        if (leader.isEmpty() || replies.stream().anyMatch(r -> !r.getLeader().equals(leader)
                || r.getId().equals(leader) != r.getRole().equals("LEADER"))) {
            return Optional.empty();
        }
        for (StatusReply r : replies) {
            boolean leads = r.getId().equals(leader);
            Map<String, LocalProcess> processes = new HashMap<>();
            r.getProcessesList().forEach(p -> processes.put(p.getName(), p));
            for (int i = 0; i < sessions.size(); i++) {
                SessionSpec spec = specs.get(i);
                if (!leads && spec.mode() == TakeoverMode.RESPAWN) {
                    continue;
                }
                LocalProcess p = processes.get(sessions.get(i));
                if (p == null || !p.getRole().equals(leads ? "voice" : "standby")
                        || !spec.program().ready().test(p.getPid())) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(leader);
    }

    /** The highest Raft term any daemon reports, or -1 if none answers: how many elections there have been. */
    long highestTerm() {
        return daemons.stream().map(this::status).flatMap(Optional::stream).mapToLong(StatusReply::getTerm).max()
                .orElse(-1);
    }

    /** The leader's commit index, asking the daemons in turn until one says it leads. */
    long commitIndex() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Daemon d : daemons) {
                Optional<StatusReply> reply = status(d);
                if (reply.isPresent() && reply.get().getRole().equals("LEADER")) {
                    return reply.get().getCommitIndex();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no daemon said it leads within " + READY_WAIT.toSeconds() + " s");
    }

    /**
     * Waits for daemon {@code d}, just restarted, to answer; then asks the leader for its commit index
     * and polls {@code d} until it has applied that far.
     *
     * @return the time from {@code d}'s first answer until then, in nanoseconds: how long a restarted
     *     daemon takes to catch up once it is up (its Raft server starts before its API answers)
     */
    long awaitCaughtUp(Daemon d) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (status(d).isEmpty()) {
            awaitBefore(deadline, d + " did not answer after its start");
        }
        long up = System.nanoTime();
        long index = commitIndex();
        while (status(d).map(StatusReply::getAppliedIndex).orElse(-1L) < index) {
            awaitBefore(deadline, d + " did not apply the log up to the leader's commit index " + index);
        }
        return System.nanoTime() - up;
    }

    /** Sleeps a few milliseconds, unless {@code deadline} has passed: then fails with {@code failure} and the daemons' state. */
    private void awaitBefore(long deadline, String failure) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(failure + " within " + READY_WAIT.toSeconds() + " s" + describeState());
        }
        Thread.sleep(5);
    }

    /**
     * The log replicated: every daemon had applied what the leader had committed when asked.
     *
     * @param at when the last daemon was seen to have (System.nanoTime)
     * @param index the leader's commit index
     * @param digests each daemon's digest of the session's state then: equal on every daemon if it
     *     holds the same screen
     */
    record Replicated(long at, long index, Map<String, String> digests) {

        boolean digestsAgree() {
            return digests.values().stream().distinct().count() == 1;
        }
    }

    /**
     * Asks the leader for its commit index and polls every daemon until each has applied that far;
     * returns when, and each one's digest of {@code session} then.
     */
    Replicated awaitReplicated(String session) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        long index = -1;
        Map<String, String> digests = new TreeMap<>();
        while (digests.size() < daemons.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the daemons did not all apply the log up to " + (index < 0
                        ? "the leader's commit index (no leader answered)" : "index " + index) + " within "
                        + READY_WAIT.toSeconds() + " s; those that did: " + digests.keySet());
            }
            for (Daemon d : daemons) {
                if (digests.containsKey(d.id)) {
                    continue;
                }
                Optional<StatusReply> reply = status(d);
                if (index < 0 && reply.isPresent() && reply.get().getRole().equals("LEADER")) {
                    index = reply.get().getCommitIndex();
                }
                if (index >= 0 && reply.isPresent() && reply.get().getAppliedIndex() >= index) {
                    digests.put(d.id, reply.get().getSessionsList().stream().filter(x -> x.getName().equals(session))
                            .map(SessionDigest::getDigest).findFirst().orElse("(no such session)"));
                }
            }
            if (digests.size() < daemons.size()) {
                Thread.sleep(2);
            }
        }
        return new Replicated(System.nanoTime(), index, digests);
    }

    /** Sends SIGKILL to daemon {@code d}'s process; does not wait for it to go. */
    void kill(Daemon d) {
        d.process.destroyForcibly();
    }

    /** Stops ({@code SIGSTOP}) daemon {@code d}'s process, or lets it go on ({@code SIGCONT}) when {@code resume}. */
    void signal(Daemon d, boolean resume) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", resume ? "-CONT" : "-STOP", Long.toString(d.pid()))
                .redirectErrorStream(true).start();
        String said = new String(kill.getInputStream().readAllBytes()).strip();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + (resume ? "-CONT " : "-STOP ") + d.pid() + " failed: " + said);
        }
    }

    /** Removes stopped daemon {@code d}'s data, its Raft log and snapshots: restarted, it starts empty. */
    void wipe(Daemon d) {
        if (d.process.isAlive()) {
            throw new IllegalStateException("daemon " + d.id + " still runs; its data cannot be wiped");
        }
        deleteTree(data.resolve(d.id));
    }

    /** Waits for a killed daemon's process to be gone, so that its ports are free again. */
    void awaitExit(Daemon d) throws InterruptedException {
        if (!d.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("daemon " + d.id + " (pid " + d.pid() + ") did not exit");
        }
    }

    /** Daemon {@code d}'s status, or nothing if it did not answer within half a second. */
    Optional<StatusReply> status(Daemon d) {
        try {
            List<NodeStatus> statuses = d.status.status();
            return statuses.getFirst().reply();
        } catch (HttyException e) {
            return Optional.empty();
        }
    }

    /**
     * For an error message: each daemon's Raft view (role, term, leader, commit and applied index, or
     * that it did not answer), and the end of its log.
     */
    String describeState() {
        StringBuilder state = new StringBuilder();
        for (Daemon d : daemons) {
            state.append("\n").append(d.id).append(": ").append(status(d).map(r -> r.getRole() + " term " + r.getTerm()
                    + " leader " + r.getLeader() + " commit " + r.getCommitIndex() + " applied " + r.getAppliedIndex())
                    .orElse("no answer")).append("; ").append(d.log).append(":\n").append(tail(d, 10));
        }
        return state.toString();
    }

    /** The end of a daemon's log, for an error message. */
    private String tail(Daemon d, int lines) {
        try {
            List<String> all = Files.readAllLines(d.log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + d.log + ": " + e + ")";
        }
    }

    /** Stops every daemon still running (SIGTERM, SIGKILL after a grace) and removes the data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        for (Daemon d : daemons) {
            if (d.status != null) {
                d.status.close();
            }
            if (d.process != null) {
                d.process.destroy();
            }
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Daemon d : daemons) {
            if (d.process != null) {
                try {
                    if (!d.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        d.process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    d.process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        deleteTree(data);
        exitHook.unregister();
    }

    /** Removes {@code dir} and everything in it; says so on stderr if it cannot. */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("htty-bench: could not remove " + dir + ": " + e);
        }
    }
}
