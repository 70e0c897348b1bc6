package htty.cli;

import htty.client.HttyClient;
import htty.proto.api.AttachStart;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "-d", description = "Detach every other client of the session first.")
    private boolean detachOthers;

    @Option(names = "-r", description = "Attach read-only: show the session, send no keys (but the detach key).")
    private boolean readOnly;

    @Override
    public Integer call() {
        PrefixKey prefix = detachKey.prefixKey();
        if (readOnly) {
            spec.commandLine().getErr().println("htty: attaching to " + target.name()
                    + " read-only: keys are not sent (the bell rings), " + detachKey.name() + " d detaches");
        }
        try (HttyClient client = htty.connect()) {
            InteractiveAttach.attach(client, AttachStart.newBuilder().setName(target.name()).setReadOnly(readOnly)
                    .setDetachOthers(detachOthers).build(), prefix, spec.commandLine().getOut());
        }
        return 0;
    }
}
