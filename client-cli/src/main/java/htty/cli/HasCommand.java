package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code htty has}: whether a session exists, as tmux's has-session says it. */
@Command(name = "has", aliases = "has-session",
        description = "Exit 0 if the session exists, 3 if it does not (with a message on stderr). Prints nothing else.")
final class HasCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Mixin
    private TargetSession target;

    @Override
    public Integer call() {
        try (HttyClient client = htty.connect()) {
            boolean exists = client.list().getSessionsList().stream()
                    .anyMatch(session -> session.getName().equals(target.name()));
            if (!exists) {
                throw new HttyException(ExitCode.NO_SUCH_SESSION, "no such session: " + target.name());
            }
        }
        return 0;
    }
}
