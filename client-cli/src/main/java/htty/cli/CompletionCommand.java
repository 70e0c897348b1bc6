package htty.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code htty completion}: a shell completion script, generated from the command tree itself. */
@Command(name = "completion", description = {
    "Print a completion script for bash or zsh, for commands, subcommands and options.",
    "bash: source <(htty completion bash)   (or save it in /etc/bash_completion.d/htty)",
    "zsh:  source <(htty completion zsh)    (it loads bashcompinit, which zsh completes bash scripts with)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    private Shell shell;

    @Override
    public Integer call() {
        // One script serves both: picocli's bash script turns on zsh's bash-completion emulation when run by zsh.
        spec.commandLine().getOut().print(AutoComplete.bash("htty", spec.parent().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
