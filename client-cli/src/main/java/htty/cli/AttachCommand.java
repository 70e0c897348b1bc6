package htty.cli;

import htty.client.HttyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty attach}: shows a session on this terminal and types into it. */
@Command(name = "attach", aliases = "a", description = {
    "Attach this terminal to a session. Keys go to the session; the prefix key (C-b) then d detaches,"
        + " the prefix twice sends the prefix itself. The session follows this terminal's size."})
final class AttachCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetachKeyOption detachKey;

    @Mixin
    private TargetSession target;

    @Override
    public Integer call() {
        PrefixKey prefix = detachKey.prefixKey();
        try (HttyClient client = htty.connect()) {
            InteractiveAttach.attach(client, target.name(), prefix, spec.commandLine().getOut());
        }
        return 0;
    }
}
