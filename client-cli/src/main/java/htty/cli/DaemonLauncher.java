package htty.cli;

import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How to start an {@code htty daemon} process: which java, which classpath, which JVM options.
 *
 * @param java the java executable
 * @param classpath the daemon's classpath
 * @param jvmOptions extra JVM options, such as a heap limit
 */
public record DaemonLauncher(Path java, String classpath, List<String> jvmOptions) {

    static final String JAVA_VARIABLE = "HTTY_JAVA";
    static final String CLASSPATH_VARIABLE = "HTTY_DAEMON_CLASSPATH";
    static final String JVM_OPTIONS_VARIABLE = "HTTY_DAEMON_JVM_OPTIONS";

    /**
     * The launcher {@code scripts/htty} describes in {@code HTTY_JAVA}, {@code HTTY_DAEMON_CLASSPATH}
     * and {@code HTTY_DAEMON_JVM_OPTIONS} (options separated by spaces, such as the daemon's AOT cache).
     */
    static DaemonLauncher fromEnvironment(Environment environment) {
        return described(environment).orElseThrow(() -> new HttyException(ExitCode.ERROR,
                "htty up needs the daemon's classpath in " + CLASSPATH_VARIABLE + " (scripts/htty sets it)"));
    }

    /**
     * The launcher {@code scripts/htty} (or {@code scripts/htty-bench}) described to this process,
     * else one of this JVM, its classpath and no options: how the benchmarks start their daemons.
     */
    public static DaemonLauncher ofThisProcess() {
        return described(Environment.current())
                .orElseGet(() -> new DaemonLauncher(thisJava(), System.getProperty("java.class.path"), List.of()));
    }

    private static Optional<DaemonLauncher> described(Environment environment) {
        Path java = environment.variable(JAVA_VARIABLE).map(Path::of).orElseGet(DaemonLauncher::thisJava);
        List<String> jvmOptions = environment.variable(JVM_OPTIONS_VARIABLE).stream()
                .flatMap(options -> Arrays.stream(options.trim().split("\\s+"))).filter(option -> !option.isEmpty())
                .toList();
        return environment.variable(CLASSPATH_VARIABLE).map(classpath -> new DaemonLauncher(java, classpath, jvmOptions));
    }

    private static Path thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The start of every daemon's command line: the JVM, its options and classpath, the main class. */
    public List<String> javaCommand() {
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, PidFile.DAEMON_MAIN_CLASS));
        return command;
    }

    /** The command line of one daemon of the group {@code peers} ({@code n1=host:port,...}). */
    List<String> command(String node, String peers, Endpoint api, Path data, Path tokenFile) {
        List<String> command = new ArrayList<>();
        // setsid puts the daemon in a session of its own: the terminal's hang-up and ^C do not reach it.
        setsid().ifPresent(setsid -> command.add(setsid.toString()));
        command.addAll(javaCommand());
        command.addAll(List.of("daemon",
                "--id", node, "--peers", peers, "--api", api.toString(),
                "--data", data.toString(), "--token-file", tokenFile.toString()));
        return command;
    }

    private static Optional<Path> setsid() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "setsid");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
