package htty.daemon;

import htty.api.Token;
import htty.cluster.Peers;
import htty.cluster.RaftNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code htty daemon ...}: runs one daemon in the foreground until it is signalled. */
@Command(name = "htty daemon", mixinStandardHelpOptions = true,
        description = "Run one htty daemon: a member of the Raft group and a client API endpoint.")
public final class Main implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "this daemon's id, one of --peers")
    String id;

    @Option(names = "--peers", required = true, description = "the group: ID=HOST:PORT,... (3 or 5, loopback)")
    String peers;

    @Option(names = "--api", required = true, description = "HOST:PORT of the client API (loopback)")
    String api;

    @Option(names = "--data", required = true, description = "directory for the Raft log and the token")
    Path data;

    @Option(names = "--token-file", description = "the API token (created, mode 0600, if missing; default DATA/token)")
    Path tokenFile;

    @Option(names = "--snapshot-bytes", paramLabel = "N",
            description = "take a snapshot, and drop the log behind it, after N bytes of log (default: 64 MiB)")
    long snapshotBytes = RaftNode.DEFAULT_SNAPSHOT_BYTES;

    @Option(names = "--election-timeout-ms", paramLabel = "MS",
            description = "a follower that hears nothing from the leader for a random MS..2*MS ms starts an"
                    + " election: shorter replaces a dead leader sooner, too short changes leaders on a busy"
                    + " machine (default: 150)")
    long electionTimeoutMs = RaftNode.DEFAULT_ELECTION_TIMEOUT.toMillis();

    @Override
    public Integer call() throws Exception {
        Peers group;
        Peers.HostPort apiAddress;
        RaftNode.Tuning tuning;
        try {
            group = Peers.parse(peers);
            group.get(id);
            apiAddress = Peers.HostPort.parse(api);
            tuning = new RaftNode.Tuning(snapshotBytes, Duration.ofMillis(electionTimeoutMs));
        } catch (IllegalArgumentException e) {
            System.err.println("htty daemon: " + e.getMessage());
            return 2;
        }
        String token = Token.loadOrCreate(tokenFile != null ? tokenFile : data.resolve("token"));
        Daemon daemon = new Daemon(id, group, apiAddress, data, token, tuning);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                daemon.close();
            } catch (Exception e) {
                System.err.println("htty daemon: error while stopping: " + e);
            }
        }, "shutdown"));
        daemon.start();
        daemon.awaitTermination();
        return 0;
    }

    public static void main(String[] args) {
        // Accept the command line with or without the leading "daemon" the htty launcher passes on.
        String[] rest = args.length > 0 && args[0].equals("daemon") ? Arrays.copyOfRange(args, 1, args.length) : args;
        System.exit(new CommandLine(new Main()).execute(rest));
    }
}
