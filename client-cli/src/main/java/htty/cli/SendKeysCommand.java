package htty.cli;

import htty.client.HttyClient;
import htty.proto.api.SendInputReply;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty send-keys}: types keys into a session, as tmux's send-keys does. */
@Command(name = "send-keys", description = {
    "Send keys to a session, all in one input. Each KEY is a tmux key name (C-c, M-x, Enter, Escape, Tab, BTab,"
        + " BSpace, Space, Up, Down, Left, Right, Home, End, PageUp/PPage, PageDown/NPage, IC, DC, F1 to F12,"
        + " with modifiers C-, M-, S-) or else literal text. Returns once the input is committed."})
final class SendKeysCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TargetSession target;

    @Option(names = "-l", description = "Send every KEY as literal text, no key names.")
    private boolean literal;

    @Option(names = "--json", description = "Print the input's log index as {\"index\":N}.")
    private boolean json;

    @Parameters(paramLabel = "KEY", arity = "1..*", description = "Keys or text.")
    private List<String> keys;

    @Override
    public Integer call() {
        byte[] input = literal ? KeyNames.literal(keys) : KeyNames.keys(keys);
        try (HttyClient client = htty.connect()) {
            SendInputReply reply = client.sendInput(target.name(), input);
            if (json) {
                spec.commandLine().getOut().println(Json.write(Json.object("index", reply.getIndex())));
            }
        }
        return 0;
    }
}
