package htty.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty up}: starts a local cluster in the background. */
@Command(name = "up", description = {
    "Start N daemons on this machine in the background, wait until they elect a leader, and write DIR/cluster.conf"
        + " for the other commands. Logs, pid files, data and the token are kept in DIR."})
final class UpCommand implements Callable<Integer> {

    private static final int HIGHEST_PORT = 65535;

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Option(names = "-n", paramLabel = "N", defaultValue = "3", description = "How many daemons: 3 or 5 (default: ${DEFAULT-VALUE}).")
    private int count;

    @Option(names = "--base-port", paramLabel = "P", defaultValue = "" + LocalCluster.DEFAULT_BASE_PORT,
            description = "Daemon nI listens for peers on 127.0.0.1:P+I and for clients on 127.0.0.1:P+100+I"
                    + " (default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--json", description = "Print {\"dir\":...,\"leader\":...,\"daemons\":[{\"id\",\"api\",\"pid\",\"log\"}],"
            + "\"token\":...,\"config\":...}.")
    private boolean json;

    @Override
    public Integer call() {
        if (count != 3 && count != 5) {
            throw new ParameterException(spec.commandLine(), "-n: a group has 3 or 5 daemons, not " + count);
        }
        if (basePort < 1 || basePort + 100 + count > HIGHEST_PORT) {
            throw new ParameterException(spec.commandLine(), "--base-port must leave room for ports up to P+100+N");
        }
        LocalCluster cluster = new LocalCluster(htty.stateDirectory());
        LocalCluster.Started started = cluster.start(count, basePort,
                DaemonLauncher.fromEnvironment(htty.environment()), LocalCluster.DEFAULT_ELECTION_DEADLINE);

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(Json.object("dir", cluster.dir().toString(), "leader", started.leader(),
                    "daemons", started.nodes().stream().map(node -> Json.object("id", node.id(),
                            "api", node.api().toString(), "pid", node.pid(), "log", node.log().toString())).toList(),
                    "token", started.tokenFile().toString(), "config", started.configFile().toString())));
            return 0;
        }
        out.printf("%d daemons up in %s, leader %s%n", started.nodes().size(), cluster.dir(), started.leader());
        for (LocalCluster.Node node : started.nodes()) {
            out.printf("  %-4s api %-16s pid %-8d log %s%n", node.id(), node.api(), node.pid(), node.log());
        }
        out.printf("  token  %s%n  config %s%n", started.tokenFile(), started.configFile());
        return 0;
    }
}
