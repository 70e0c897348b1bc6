package htty.cli;

import htty.client.HttyClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code htty}: the top of the command tree, and the options that say which cluster every
 * subcommand talks to. {@code --help}, {@code --version} and these options work on every subcommand.
 */
@Command(name = "htty",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A terminal multiplexer whose sessions are replicated by a Raft group of daemons.",
        subcommands = {
            UpCommand.class, DownCommand.class, NewCommand.class, AttachCommand.class, LsCommand.class,
            KillCommand.class, SendKeysCommand.class, CaptureCommand.class, StatusCommand.class, HasCommand.class,
            DetachCommand.class, WaitForCommand.class, RunCommand.class, EventsCommand.class, NodeCommand.class,
            CompletionCommand.class, ManCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok (run: the command's own exit status)", "1:error", "2:usage error", "3:no such session",
            "4:cluster unavailable (no daemon answered in time)", "5:timed out (wait-for, run)"},
        footerHeading = "%nCluster:%n",
        footer = {
            "Endpoints: --cluster, else $HTTY_CLUSTER, else DIR/cluster.conf (`htty up`).",
            "Token:     --token-file, else $HTTY_TOKEN_FILE, else DIR/cluster.conf.",
            "DIR:       --dir, else .htty/ in the current directory if it exists,",
            "           else $XDG_STATE_HOME/htty, else ~/.local/state/htty."})
final class HttyCommand implements Callable<Integer> {

    private final Environment environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "HOST:PORT,...", scope = ScopeType.INHERIT,
            description = "The daemons' client API endpoints.")
    private String cluster;

    @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The file holding the cluster's token.")
    private Path tokenFile;

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The local cluster's directory: its cluster.conf, token, logs and pid files.")
    private Path dir;

    HttyCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    Environment environment() {
        return environment;
    }

    /** The local cluster's directory, for {@code up} and {@code down}. */
    Path stateDirectory() {
        return StateDirectory.choose(dir, environment);
    }

    /** A client of the cluster the options, environment and config file name. */
    HttyClient connect() {
        return new ClusterResolver(environment).resolve(cluster, tokenFile, dir).connect();
    }
}
