package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty wait-for}: waits until a session shows some text, and says at which log index it did. */
@Command(name = "wait-for", description = {
    "Wait until the session's screen (as capture -J prints it) shows TEXT or matches REGEX, and print the log index"
        + " at which it did. With --output, match the lines the session prints instead (escape sequences removed)."
        + " With --after-index N (the index send-keys --json prints), only text printed after N counts:"
        + " what was already on the screen does not.",
    "Exits 0 on a match, 5 when the timeout passes first."})
final class WaitForCommand implements Callable<Integer> {

    static final String DEFAULT_TIMEOUT = "30s";

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetSession target;

    @ArgGroup(multiplicity = "1")
    private What what;

    /** The text or the pattern: one of them. */
    static final class What {
        @Option(names = "--text", paramLabel = "TEXT", required = true, description = "Text to find.")
        String text;

        @Option(names = "--regex", paramLabel = "REGEX", required = true,
                description = "A Java regular expression to find (^ and $ match at line ends).")
        String regex;
    }

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = DEFAULT_TIMEOUT,
            converter = DurationConverter.class,
            description = "How long to wait: 500ms, 10s, 2m, 1h, or seconds (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--after-index", paramLabel = "N", defaultValue = "0",
            description = "Count only what the session printed after log index N.")
    private long afterIndex;

    @Option(names = "--output", description = "Match the printed output, line by line, instead of the screen.")
    private boolean output;

    @Option(names = "--json", description = "Print {\"index\":N,\"match\":\"...\"}.")
    private boolean json;

    @Override
    public Integer call() {
        if (afterIndex < 0) {
            throw new ParameterException(spec.commandLine(), "--after-index must not be negative");
        }
        WaitForRequest.Builder request = WaitForRequest.newBuilder().setName(target.name()).setOutput(output)
                .setAfterIndex(afterIndex);
        if (what.text != null) {
            request.setText(what.text);
        } else {
            request.setRegex(what.regex);
        }
        WaitForReply reply;
        try (HttyClient client = htty.connect()) {
            reply = client.waitFor(request.build(), timeout);
        }
        if (!reply.getMatched()) {
            throw new HttyException(ExitCode.TIMEOUT, "timed out after " + DurationConverter.describe(timeout) + ": "
                    + target.name() + (output ? " printed no line with " : "'s screen did not show ")
                    + (what.text != null ? "'" + what.text + "'" : "a match for /" + what.regex + "/")
                    + " (applied index " + reply.getIndex() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(Json.object("index", reply.getIndex(), "match", reply.getMatch()))
                : Long.toString(reply.getIndex()));
        return 0;
    }
}
