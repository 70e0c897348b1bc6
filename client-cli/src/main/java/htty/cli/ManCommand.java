package htty.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code htty man}: the manual page, written from the same model as {@code --help}. */
@Command(name = "man", description = {
    "Print htty's manual page (roff): every command, option and exit code.",
    "Read it with: htty man > htty.1 && man ./htty.1"})
final class ManCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ManPage.of(spec.parent()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
