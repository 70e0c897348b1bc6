package htty.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty down}: stops the local cluster {@code htty up} started. */
@Command(name = "down", description = {
    "Stop the daemons named by the pid files in DIR: SIGTERM, then SIGKILL after "
        + "10 seconds. Only processes that are htty daemons are signalled. Their data stays in DIR."})
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print [{\"id\":...,\"pid\":N,\"outcome\":\"terminated|killed|not-running\"}].")
    private boolean json;

    @Override
    public Integer call() {
        LocalCluster cluster = new LocalCluster(htty.stateDirectory());
        List<LocalCluster.Stopped> stopped = cluster.stop(LocalCluster.DEFAULT_STOP_GRACE);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(stopped.stream().map(daemon -> Json.object("id", daemon.node(), "pid", daemon.pid(),
                    "outcome", daemon.outcome().name().toLowerCase().replace('_', '-'))).toList()));
            return 0;
        }
        if (stopped.isEmpty()) {
            out.println("no cluster runs in " + cluster.dir());
        }
        for (LocalCluster.Stopped daemon : stopped) {
            out.println(switch (daemon.outcome()) {
                case TERMINATED -> "stopped " + daemon.node() + " (pid " + daemon.pid() + ")";
                case KILLED -> "killed " + daemon.node() + " (pid " + daemon.pid() + "): it ignored SIGTERM for "
                        + LocalCluster.DEFAULT_STOP_GRACE.toSeconds() + "s";
                case NOT_RUNNING -> daemon.node() + " was not running (removed its stale pid file)";
            });
        }
        return 0;
    }
}
