package htty.cli;

import htty.client.HttyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code htty kill}: ends a session. */
@Command(name = "kill", description = "Remove a session: its process is hung up (SIGHUP), then killed if it lingers.")
final class KillCommand implements Callable<Integer> {

    /** Signal 0 asks for tmux's kill-session: hang up, then remove. */
    private static final int HANG_UP_AND_REMOVE = 0;

    @ParentCommand
    private HttyCommand htty;

    @Mixin
    private TargetSession target;

    @Override
    public Integer call() {
        try (HttyClient client = htty.connect()) {
            client.kill(target.name(), HANG_UP_AND_REMOVE);
        }
        return 0;
    }
}
