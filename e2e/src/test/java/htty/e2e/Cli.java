package htty.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code htty} command (its main class in a JVM of its own), pointed at a cluster. */
final class Cli {
    /** What a finished command printed and returned. */
    record Result(int exit, String stdout, String stderr) {
    }

    /**
     * Where a command's terminal library (JLine) unpacks its native part. It deletes it when the
     * command exits; a command a test kills (an attach, an events stream) would leave it in /tmp.
     */
    private static final Path NATIVE_LIBRARY_DIR = Path.of("target", "cli-tmp").toAbsolutePath();

    private final Map<String, String> env;

    Cli(LocalCluster cluster) {
        this.env = Map.of("HTTY_CLUSTER", cluster.endpoints(), "HTTY_TOKEN_FILE", cluster.tokenFile.toString());
    }

    /** The command talking to one daemon only. */
    Cli(LocalCluster cluster, LocalCluster.Node node) {
        this(cluster, node.endpoint());
    }

    /** The command talking to the daemons at {@code endpoints} (host:port, comma-separated), tried in that order. */
    Cli(LocalCluster cluster, String endpoints) {
        this.env = Map.of("HTTY_CLUSTER", endpoints, "HTTY_TOKEN_FILE", cluster.tokenFile.toString());
    }

    static List<String> command(String... args) {
        try {
            Files.createDirectories(NATIVE_LIBRARY_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djline.tmpdir=" + NATIVE_LIBRARY_DIR,
                "-cp", System.getProperty("java.class.path"), "htty.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    Map<String, String> env() {
        return env;
    }

    Result run(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("htty " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
