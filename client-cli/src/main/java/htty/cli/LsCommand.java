package htty.cli;

import htty.client.HttyClient;
import htty.proto.api.ListReply;
import htty.proto.api.SessionInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty ls}: lists the sessions. */
@Command(name = "ls", description = "List the sessions: NAME: COLSxROWS, running or exited, takeover mode, command.")
final class LsCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print {\"applied_index\":N,\"sessions\":[...]}.")
    private boolean json;

    @Override
    public Integer call() {
        ListReply reply;
        try (HttyClient client = htty.connect()) {
            reply = client.list();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Json.object(
                    "applied_index", reply.getAppliedIndex(),
                    "sessions", reply.getSessionsList().stream().map(LsCommand::toJson).toList())));
        } else {
            reply.getSessionsList().forEach(session -> out.println(line(session)));
        }
        return 0;
    }

    private static String line(SessionInfo session) {
        String state = session.getExited() ? "exited with status " + session.getExitStatus() : "running";
        return session.getName() + ": " + session.getCols() + "x" + session.getRows() + ", " + state + ", "
                + session.getTakeoverMode() + ", " + String.join(" ", session.getArgvList());
    }

    private static Object toJson(SessionInfo session) {
        return Json.object(
                "name", session.getName(),
                "id", session.getId(),
                "cols", session.getCols(),
                "rows", session.getRows(),
                "exited", session.getExited(),
                "exit_status", session.getExitStatus(),
                "argv", session.getArgvList(),
                "created_index", session.getCreatedIndex(),
                "takeover_mode", session.getTakeoverMode(),
                "epoch", session.getEpoch());
    }
}
