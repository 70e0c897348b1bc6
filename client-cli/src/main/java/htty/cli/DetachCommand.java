package htty.cli;

import htty.client.HttyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code htty detach}: ends every attachment of a session, from outside it. */
@Command(name = "detach", aliases = "detach-client", description = {
    "Detach every client attached to a session, through whichever daemon: each prints [detached from NAME]"
        + " and exits 0. The session keeps running."})
final class DetachCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Mixin
    private TargetSession target;

    @Override
    public Integer call() {
        try (HttyClient client = htty.connect()) {
            client.detach(target.name());
        }
        return 0;
    }
}
