package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.proto.api.CaptureRequest;
import htty.proto.api.SendInputReply;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty run}: runs a command line in a session's shell and returns its output and exit status. */
@Command(name = "run", description = {
    "Type a command line into the session's shell (bash, zsh or sh, at its prompt), wait until it is done, print"
        + " what it printed as plain text (no prompt, no echo, no escape sequences) and exit with its exit status.",
    "Fails (exit 1) at once if a full-screen program has the screen; exits 5 if the command is not done within"
        + " the timeout (it keeps running in the session). One run at a time per session."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetSession target;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = WaitForCommand.DEFAULT_TIMEOUT,
            converter = DurationConverter.class,
            description = "How long the command may take: 500ms, 10s, 2m, 1h, or seconds (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--json", description = "Print {\"status\":N,\"output\":\"...\",\"index\":N} and exit 0.")
    private boolean json;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The command line, as one argument or several (joined with spaces).")
    private List<String> words;

    @Override
    public Integer call() {
        ShellRun run;
        try {
            run = ShellRun.of(String.join(" ", words));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        WaitForReply done;
        try (HttyClient client = htty.connect()) {
            requirePrompt(client);
            SendInputReply typed = client.sendInput(target.name(), run.keys());
            done = client.waitFor(WaitForRequest.newBuilder().setName(target.name()).setOutput(true)
                    .setRegex(run.endPattern()).setAfterIndex(typed.getIndex()).setKeepOutput(true).build(), timeout);
        }
        if (!done.getMatched()) {
            throw new HttyException(ExitCode.TIMEOUT, "timed out after " + DurationConverter.describe(timeout)
                    + ": the shell in " + target.name() + " did not finish the command (it may still be running,"
                    + " or the session is not at a shell prompt)");
        }
        ShellRun.Result result;
        try {
            result = run.result(done.getOutput());
        } catch (IllegalStateException e) {
            throw new HttyException(ExitCode.ERROR, "the command printed more than htty keeps (1 MiB);"
                    + " its beginning is lost: redirect its output to a file instead", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Json.object("status", result.status(), "output", result.output(),
                    "index", done.getIndex())));
            return 0;
        }
        out.print(result.output());
        out.flush();
        return result.status();
    }

    /** Refuses to type into a full-screen program: it would take the keys as its own. */
    private void requirePrompt(HttyClient client) {
        boolean fullScreen = client.capture(CaptureRequest.newBuilder().setName(target.name()).build())
                .getAlternateScreen();
        if (fullScreen) {
            throw new HttyException(ExitCode.ERROR, target.name() + " is not at a shell prompt: a full-screen program"
                    + " has the screen (alternate screen); quit it first");
        }
    }
}
