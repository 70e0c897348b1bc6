package htty.cli;

import htty.client.HttyClient;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty capture}: prints a session's screen, as tmux's capture-pane -p does. */
@Command(name = "capture", description = {
    "Print a session's screen as one daemon has applied it: any daemon, or the one --node names."})
final class CaptureCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetSession target;

    @Option(names = "-p", description = "Print to stdout: what capture always does; accepted as tmux's capture-pane takes it.")
    private boolean print;

    @Option(names = "-e", description = "Keep colours and attributes as escape sequences.")
    private boolean escapes;

    @Option(names = "-J", description = "Join wrapped lines and keep trailing spaces.")
    private boolean join;

    @Option(names = "--json", description = "Print the cells as JSON.")
    private boolean json;

    @Option(names = "-S", paramLabel = "N|-", converter = LinePosition.Converter.class,
            description = "First line: 0 is the screen's top, negative is history, - the history's start.")
    private LinePosition start;

    @Option(names = "-E", paramLabel = "N|-", converter = LinePosition.Converter.class,
            description = "Last line: - (the default) is the screen's bottom.")
    private LinePosition end;

    @Option(names = "--node", paramLabel = "ID", description = "Ask only the daemon with this node id.")
    private String node;

    @Option(names = "--digest", description = "Print DIGEST APPLIED_INDEX NODE instead of the screen.")
    private boolean digest;

    @Option(names = "--min-index", paramLabel = "N", defaultValue = "0",
            description = "Wait until the daemon has applied log index N.")
    private long minIndex;

    @Override
    public Integer call() {
        if (escapes && json) {
            throw new ParameterException(spec.commandLine(), "-e and --json are different formats: choose one");
        }
        if (minIndex < 0) {
            throw new ParameterException(spec.commandLine(), "--min-index must not be negative");
        }
        CaptureReply reply;
        try (HttyClient client = htty.connect()) {
            reply = node == null ? client.capture(request()) : client.capture(request(), node);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (digest) {
            out.println(json
                    ? Json.write(Json.object("digest", reply.getDigest(), "applied_index", reply.getAppliedIndex(), "node", reply.getNode()))
                    : reply.getDigest() + " " + reply.getAppliedIndex() + " " + reply.getNode());
        } else if (!reply.getText().isEmpty()) {
            out.print(reply.getText());
            // The next prompt starts on a line of its own.
            if (!reply.getText().endsWith("\n")) {
                out.println();
            }
        }
        out.flush();
        return 0;
    }

    private CaptureRequest request() {
        CaptureRequest.Builder request = CaptureRequest.newBuilder()
                .setName(target.name())
                .setFormat(escapes ? CaptureRequest.Format.ESCAPES : json ? CaptureRequest.Format.JSON : CaptureRequest.Format.PLAIN)
                .setJoin(join)
                .setMinIndex(minIndex);
        if (start != null) {
            if (start.edge()) {
                request.setStartOfHistory(true);
            } else {
                request.setHasStart(true).setStart(start.line());
            }
        }
        // -E - is the screen's bottom, which is also what no -E means.
        if (end != null && !end.edge()) {
            request.setHasEnd(true).setEnd(end.line());
        }
        return request.build();
    }
}
