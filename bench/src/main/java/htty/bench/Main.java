package htty.bench;

import java.io.IOException;
import java.util.Arrays;

/**
 * The entry point of {@code scripts/htty-bench}: {@code htty-bench SUBCOMMAND [OPTIONS]}, where each
 * subcommand is one benchmark with options of its own.
 */
public final class Main {
    private static final String USAGE = """
            usage: htty-bench SUBCOMMAND [OPTIONS]
            subcommands:
              chaos      clients type through kills, pauses, wipes and partitions; a checker judges the history
              emulator   the terminal emulator's parse+apply throughput on one core
              failover   leader kills and drains of a cluster of its own, as an attached client sees them
              latency    keystroke to echo through htty, tmux and a bare PTY, side by side
              throughput output of a corpus through htty, tmux and a bare PTY to an attached client
              scale      N sessions on a cluster of its own: create latency, memory and CPU per daemon
            'htty-bench SUBCOMMAND --help' lists a subcommand's options.""";

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String subcommand = args.length == 0 ? "" : args[0];
        String[] options = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (subcommand) {
            case "chaos" -> ChaosBench.main(options);
            case "emulator" -> EmulatorThroughput.main(options);
            case "failover" -> FailoverBench.main(options);
            case "latency" -> LatencyBench.main(options);
            case "throughput" -> ThroughputBench.main(options);
            case "scale" -> ScaleBench.main(options);
            case "help", "-h", "--help" -> System.out.println(USAGE);
            default -> {
                System.err.println(subcommand.isEmpty() ? "no subcommand given" : "unknown subcommand: " + subcommand);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
    }
}
