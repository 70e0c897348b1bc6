package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.Endpoint;
import htty.client.HttyException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code up} and {@code down} do around the daemons: refusing to start over a running cluster
 * or on a busy port, reporting a daemon that dies, and signalling only htty daemons. Processes that
 * merely carry the daemon's class name in their command line stand in for daemons.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void downStopsDaemonsAndLeavesOtherProcessesAlone() throws Exception {
        Process daemon = lookalikeDaemon("sleep 30; :");
        Process stranger = start("sleep", "30");
        new PidFile("n1", dir.resolve("n1.pid")).write(daemon.pid());
        new PidFile("n2", dir.resolve("n2.pid")).write(stranger.pid());
        Files.writeString(dir.resolve("n3.pid"), "garbage");

        List<LocalCluster.Stopped> stopped = new LocalCluster(dir).stop(Duration.ofSeconds(10));

        assertEquals(List.of(
                new LocalCluster.Stopped("n1", daemon.pid(), LocalCluster.Stopped.Outcome.TERMINATED),
                new LocalCluster.Stopped("n2", stranger.pid(), LocalCluster.Stopped.Outcome.NOT_RUNNING),
                new LocalCluster.Stopped("n3", -1, LocalCluster.Stopped.Outcome.NOT_RUNNING)), stopped);
        assertFalse(daemon.isAlive());
        assertTrue(stranger.isAlive());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(PidFile::isPidFile).count(), "pid files are removed");
        }
    }

    @Test
    void downKillsADaemonThatIgnoresSigterm() throws Exception {
        Process stubborn = lookalikeDaemon("trap '' TERM; sleep 5; :");
        new PidFile("n1", dir.resolve("n1.pid")).write(stubborn.pid());
        Thread.sleep(200); // let the shell install its trap

        List<LocalCluster.Stopped> stopped = new LocalCluster(dir).stop(Duration.ofMillis(300));

        assertEquals(LocalCluster.Stopped.Outcome.KILLED, stopped.getFirst().outcome());
        assertFalse(stubborn.isAlive());
    }

    @Test
    void downWithNothingRunningStopsNothing() {
        assertEquals(List.of(), new LocalCluster(dir.resolve("never-used")).stop(Duration.ofSeconds(1)));
    }

    @Test
    void upRefusesToStartOverARunningCluster() throws Exception {
        new PidFile("n1", dir.resolve("n1.pid")).write(lookalikeDaemon("sleep 30; :").pid());

        HttyException error = assertThrows(HttyException.class, () -> start(new LocalCluster(dir), failingLauncher()));

        assertTrue(error.getMessage().startsWith("a cluster already runs in " + dir), error.getMessage());
        assertTrue(error.getMessage().contains("htty down --dir"), error.getMessage());
    }

    @Test
    void upRefusesABusyPort() throws Exception {
        int base = freeBasePort();
        try (ServerSocket busy = new ServerSocket(base + 102, 1, InetAddress.getLoopbackAddress())) {
            HttyException error = assertThrows(HttyException.class,
                    () -> new LocalCluster(dir).start(3, base, failingLauncher(), Duration.ofSeconds(5)));

            assertEquals("port " + busy.getLocalPort() + " (API port of n2) is busy: choose other ports with --base-port",
                    error.getMessage());
        }
    }

    @Test
    void upReportsADaemonThatDiesWithTheEndOfItsLog() {
        HttyException error = assertThrows(HttyException.class, () -> start(new LocalCluster(dir), failingLauncher()));

        assertTrue(error.getMessage().startsWith("daemon n1 exited while starting; the end of " + dir.resolve("n1.log")),
                error.getMessage());
        assertTrue(error.getMessage().contains("htty.daemon.Main"), "the log shows what the daemon printed");
        assertEquals(List.of(), new LocalCluster(dir).running());
    }

    @Test
    void upMakesAPrivateToken() throws Exception {
        assertThrows(HttyException.class, () -> start(new LocalCluster(dir), failingLauncher()));

        Path token = dir.resolve("token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals(64, Files.readString(token).strip().length());
    }

    @Test
    void theDaemonCommandLineIsTheDocumentedOne() {
        DaemonLauncher launcher = new DaemonLauncher(Path.of("/jdk/bin/java"), "a.jar:b.jar", List.of("-Xmx256m"));

        List<String> command = launcher.command("n2", "n1=127.0.0.1:7101,n2=127.0.0.1:7102",
                new Endpoint("127.0.0.1", 7202), Path.of("/state/n2"), Path.of("/state/token"));

        List<String> expected = List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", "a.jar:b.jar", "htty.daemon.Main", "daemon", "--id", "n2",
                "--peers", "n1=127.0.0.1:7101,n2=127.0.0.1:7102", "--api", "127.0.0.1:7202",
                "--data", "/state/n2", "--token-file", "/state/token");
        assertEquals(expected, command.subList(command.size() - expected.size(), command.size()));
        assertTrue(command.size() == expected.size() || command.getFirst().endsWith("setsid"), command.toString());
    }

    @Test
    void theLauncherTakesTheDaemonsJvmOptionsFromTheEnvironment() {
        Environment environment = new Environment(Map.of("HTTY_JAVA", "/jdk/bin/java", "HTTY_DAEMON_CLASSPATH",
                "a.jar", "HTTY_DAEMON_JVM_OPTIONS", " -XX:AOTCache=/b/daemon.aot  -Xmx256m "), dir, dir);

        DaemonLauncher launcher = DaemonLauncher.fromEnvironment(environment);

        assertEquals(List.of("/jdk/bin/java", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=/b/daemon.aot",
                "-Xmx256m", "-cp", "a.jar", "htty.daemon.Main"), launcher.javaCommand());
        assertEquals(List.of(), DaemonLauncher.fromEnvironment(new Environment(Map.of("HTTY_DAEMON_CLASSPATH", "a.jar",
                "HTTY_DAEMON_JVM_OPTIONS", ""), dir, dir)).jvmOptions());
        assertThrows(HttyException.class, () -> DaemonLauncher.fromEnvironment(new Environment(Map.of(), dir, dir)));
    }

    /** A launcher whose "java" is a shell that prints its arguments and exits. */
    private DaemonLauncher failingLauncher() throws IOException {
        Path fakeJava = dir.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\"\nexit 1\n");
        fakeJava.toFile().setExecutable(true);
        return new DaemonLauncher(fakeJava, "nothing.jar", List.of());
    }

    private static void start(LocalCluster cluster, DaemonLauncher launcher) throws IOException {
        cluster.start(1, freeBasePort(), launcher, Duration.ofSeconds(5));
    }

    /** A process whose command line names the daemon's main class, as {@code down} checks. */
    private Process lookalikeDaemon(String script) throws IOException {
        return start("sh", "-c", script, PidFile.DAEMON_MAIN_CLASS);
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    /** A base port P whose P+1..P+3 and P+101..P+103 are free now. */
    private static int freeBasePort() throws IOException {
        while (true) {
            int base;
            try (ServerSocket socket = new ServerSocket(0)) {
                base = Math.min(socket.getLocalPort(), 60000);
            }
            if (allFree(base + 1, base + 2, base + 3, base + 101, base + 102, base + 103)) {
                return base;
            }
        }
    }

    private static boolean allFree(int... ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.getLocalPort();
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
