package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.client.NodeStatus;
import htty.proto.api.LocalProcess;
import htty.proto.api.StatusReply;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty node list|drain}: the daemons as an operator sees them, and planned handovers. */
@Command(name = "node", description = "Show the daemons, or move the leadership away from one.",
        subcommands = {NodeCommand.ListNodes.class, NodeCommand.Drain.class})
final class NodeCommand {

    @ParentCommand
    private HttyCommand htty;

    /** The highest commit index any daemon reported: what "lag" is measured against. */
    private static long newestCommit(List<NodeStatus> statuses) {
        return statuses.stream().flatMap(s -> s.reply().stream()).mapToLong(StatusReply::getCommitIndex).max()
                .orElse(0);
    }

    @Command(name = "list", description = {"For each daemon: its Raft role, term, applied index, lag behind the"
            + " newest commit, and what it runs for each session: voice (the leader's program, whose output is"
            + " the session's), standby (warm: ready to take over), warming (replaying input), exited."})
    static final class ListNodes implements Callable<Integer> {
        private static final String ROW = "%-6s %-10s %6s %9s %6s  %s%n";

        @ParentCommand
        private NodeCommand node;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array, one object per daemon.")
        private boolean json;

        @Override
        public Integer call() {
            List<NodeStatus> statuses;
            try (HttyClient client = node.htty.connect()) {
                statuses = client.status();
            }
            long newest = newestCommit(statuses);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(statuses.stream().map(s -> toJson(s, newest)).toList()));
            } else {
                out.printf(ROW, "NODE", "ROLE", "TERM", "APPLIED", "LAG", "SESSIONS");
                for (NodeStatus status : statuses) {
                    if (status.reply().isEmpty()) {
                        out.printf("%-6s %s: %s%n", "?", status.endpoint(), status.error().orElseThrow().getMessage());
                        continue;
                    }
                    StatusReply r = status.reply().get();
                    out.printf(ROW, r.getId(), r.getRole(), r.getTerm(), r.getAppliedIndex(),
                            Math.max(0, newest - r.getAppliedIndex()), sessions(r));
                }
            }
            return statuses.stream().anyMatch(NodeStatus::answered) ? 0 : ExitCode.CLUSTER_UNAVAILABLE.code();
        }

        private static String sessions(StatusReply r) {
            if (r.getProcessesCount() == 0) {
                return "-";
            }
            StringBuilder b = new StringBuilder();
            for (LocalProcess p : r.getProcessesList()) {
                b.append(b.isEmpty() ? "" : ", ").append(p.getName()).append('=').append(p.getRole())
                        .append(" (pid ").append(p.getPid()).append(')');
            }
            return b.toString();
        }

        private static Object toJson(NodeStatus status, long newest) {
            if (status.reply().isEmpty()) {
                return Json.object("endpoint", status.endpoint().toString(),
                        "error", status.error().orElseThrow().getMessage());
            }
            StatusReply r = status.reply().get();
            return Json.object("id", r.getId(), "endpoint", status.endpoint().toString(), "role", r.getRole(),
                    "term", r.getTerm(), "applied_index", r.getAppliedIndex(),
                    "lag", Math.max(0, newest - r.getAppliedIndex()),
                    "sessions", r.getProcessesList().stream().map(p -> Json.object("name", p.getName(),
                            "role", p.getRole(), "pid", p.getPid(), "epoch", p.getEpoch())).toList());
        }
    }

    @Command(name = "drain", description = {"Move the leadership away from daemon ID, so that every session's"
            + " voice moves to a warm standby on another daemon (one whose standbys are all warm, the most"
            + " up to date). A daemon that has not led since it started first leads a throwaway group of the"
            + " daemons (a few seconds, while the sessions run on), so that its real leadership runs warm code"
            + " and pauses the sessions less. Waits until the new leader has taken every running session over"
            + " and prints how long that took. Nothing to do if ID is not the leader."})
    static final class Drain implements Callable<Integer> {
        private static final Duration HANDOVER_WAIT = Duration.ofSeconds(10);

        @ParentCommand
        private NodeCommand node;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The daemon to drain.")
        private String id;

        @Option(names = "--json", description = "Print {\"node\":ID,\"moved\":true|false,\"leader\":...,\"ms\":N}.")
        private boolean json;

        /**
         * Asks the leader to hand over, and again while it still leads this long after: a transfer's
         * target can lose its election (on a busy machine the old leader's timer may fire first).
         */
        private static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(3);

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try (HttyClient client = node.htty.connect()) {
                rehearseTarget(client);
                long started = System.nanoTime();
                long deadline = started + HANDOVER_WAIT.toNanos();
                long askedAt = 0;
                boolean asked = false;
                while (System.nanoTime() < deadline) {
                    List<NodeStatus> statuses = client.status();
                    Optional<StatusReply> drained = reply(statuses, id);
                    boolean drainedLeads = drained.isPresent() && drained.get().getRole().equals("LEADER");
                    Optional<StatusReply> other = statuses.stream().flatMap(st -> st.reply().stream())
                            .filter(r -> r.getRole().equals("LEADER") && !r.getId().equals(id)).findFirst();
                    if (!asked && drained.isPresent() && !drainedLeads) {
                        String leader = drained.get().getLeader();
                        out.println(json ? Json.write(Json.object("node", id, "moved", false, "leader", leader, "ms", 0))
                                : id + " is not the leader (" + leader + " is): nothing to move");
                        return 0;
                    }
                    if (asked && !drainedLeads && other.isPresent() && other.get().getProcessesList().stream()
                            .allMatch(p -> p.getRole().equals("voice") || p.getRole().equals("exited"))) {
                        String leader = other.get().getId();
                        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                        out.println(json ? Json.write(Json.object("node", id, "moved", true, "leader", leader, "ms", ms))
                                : String.format("%s drained: %s leads and voices every session (%d ms)", id, leader, ms));
                        return 0;
                    }
                    if (drainedLeads && (!asked || System.nanoTime() - askedAt > ASK_AGAIN_AFTER.toNanos())) {
                        StatusReply target = HttyClient.drainTarget(statuses, id)
                                .orElseThrow(() -> new HttyException(ExitCode.CLUSTER_UNAVAILABLE,
                                        "no other daemon answered: cannot hand the leadership over"));
                        client.drain(id, target.getId());
                        asked = true;
                        askedAt = System.nanoTime();
                        continue;
                    }
                    Thread.sleep(20);
                }
                Optional<StatusReply> last = reply(client.status(), id);
                if (!asked) {
                    throw new HttyException(ExitCode.ERROR, "no daemon " + id + " answered within "
                            + HANDOVER_WAIT.toSeconds() + " s");
                }
                if (last.isPresent() && last.get().getRole().equals("LEADER")) {
                    throw new HttyException(ExitCode.ERROR, "the leadership did not move away from " + id
                            + " within " + HANDOVER_WAIT.toSeconds() + " s; try again");
                }
                throw new HttyException(ExitCode.ERROR, "the leadership left " + id + " but no daemon had taken "
                        + "every session over within " + HANDOVER_WAIT.toSeconds() + " s");
            }
        }

        /**
         * Has the daemon the leadership would go to rehearse leading, if it has not led since it
         * started: its first leadership would pause the sessions about twice as long. A rehearsal
         * that fails only costs that; the handover goes on.
         */
        private void rehearseTarget(HttyClient client) {
            List<NodeStatus> statuses = client.status();
            if (reply(statuses, id).filter(r -> r.getRole().equals("LEADER")).isEmpty()) {
                return;
            }
            HttyClient.drainTarget(statuses, id).ifPresent(target -> {
                long started = System.nanoTime();
                try {
                    if (client.rehearse(target.getId()) && !json) {
                        spec.commandLine().getOut().printf("%s rehearsed leading, so that the handover runs warm code"
                                + " (%d ms)%n", target.getId(), Duration.ofNanos(System.nanoTime() - started).toMillis());
                    }
                } catch (HttyException e) {
                    spec.commandLine().getErr().println("htty: " + target.getId() + " could not rehearse leading ("
                            + e.getMessage() + "); handing over without");
                }
            });
        }

        private static Optional<StatusReply> reply(List<NodeStatus> statuses, String id) {
            return statuses.stream().flatMap(s -> s.reply().stream()).filter(r -> r.getId().equals(id)).findFirst();
        }
    }
}
