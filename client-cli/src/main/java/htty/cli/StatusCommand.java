package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.client.NodeStatus;
import htty.proto.api.StatusReply;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty status}: what each daemon says of itself. */
@Command(name = "status", description = {
    "Ask every daemon for its status: id, Raft role, term, leader, commit and applied index, pid,"
        + " and each session's screen digest at the applied index. Fails only if no daemon answers."})
final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-5s %-21s %-10s %6s %-6s %8s %8s %8s%n";

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array, one object per endpoint.")
    private boolean json;

    @Override
    public Integer call() {
        List<NodeStatus> statuses;
        try (HttyClient client = htty.connect()) {
            statuses = client.status();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(statuses.stream().map(StatusCommand::toJson).toList()));
        } else {
            printTable(statuses, out);
        }
        return statuses.stream().anyMatch(NodeStatus::answered) ? 0 : silence(statuses).code();
    }

    /** The exit code when nobody answered: unavailability, unless a daemon said something worse. */
    private static ExitCode silence(List<NodeStatus> statuses) {
        return statuses.stream().flatMap(status -> status.error().stream()).map(HttyException::exitCode)
                .filter(code -> code != ExitCode.CLUSTER_UNAVAILABLE).findFirst().orElse(ExitCode.CLUSTER_UNAVAILABLE);
    }

    private static void printTable(List<NodeStatus> statuses, PrintWriter out) {
        out.printf(ROW, "NODE", "ENDPOINT", "ROLE", "TERM", "LEADER", "COMMIT", "APPLIED", "PID");
        for (NodeStatus status : statuses) {
            if (status.reply().isEmpty()) {
                out.printf("%-5s %-21s %s%n", "?", status.endpoint(), status.error().orElseThrow().getMessage());
                continue;
            }
            StatusReply reply = status.reply().get();
            out.printf(ROW, reply.getId(), status.endpoint(), reply.getRole(), reply.getTerm(),
                    reply.getLeader().isEmpty() ? "-" : reply.getLeader(),
                    reply.getCommitIndex(), reply.getAppliedIndex(), reply.getPid());
            reply.getSessionsList().forEach(session ->
                    out.printf("      session %s digest %s%n", session.getName(), session.getDigest()));
        }
    }

    private static Object toJson(NodeStatus status) {
        if (status.reply().isEmpty()) {
            return Json.object("endpoint", status.endpoint().toString(),
                    "error", status.error().orElseThrow().getMessage());
        }
        StatusReply reply = status.reply().get();
        return Json.object(
                "endpoint", status.endpoint().toString(),
                "id", reply.getId(),
                "role", reply.getRole(),
                "term", reply.getTerm(),
                "leader", reply.getLeader(),
                "commit_index", reply.getCommitIndex(),
                "applied_index", reply.getAppliedIndex(),
                "pid", reply.getPid(),
                "peers", reply.getPeersList().stream()
                        .map(peer -> Json.object("id", peer.getId(), "address", peer.getAddress())).toList(),
                "sessions", reply.getSessionsList().stream()
                        .map(session -> Json.object("name", session.getName(), "digest", session.getDigest())).toList());
    }
}
