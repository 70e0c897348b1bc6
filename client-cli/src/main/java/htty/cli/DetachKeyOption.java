package htty.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --detach-key} option of the commands that attach. */
final class DetachKeyOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--detach-key", paramLabel = "KEY", defaultValue = "C-b",
            description = "The prefix key, a one-byte key such as C-a: KEY d detaches, KEY KEY sends KEY"
                    + " (default: ${DEFAULT-VALUE}).")
    private String key;

    /** The key as the user named it. */
    String name() {
        return key;
    }

    PrefixKey prefixKey() {
        try {
            return PrefixKey.named(key);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--detach-key: " + e.getMessage());
        }
    }
}
