package htty.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keystrokes through tmux, the reference: a tmux server of the benchmark's own, on a socket of its
 * own ({@code -L}, no configuration file), whose session runs the {@link EchoProgram} (or another
 * {@link Program}), and a client attached in control mode ({@code tmux -C attach}). A keystroke is
 * a {@code send-keys -H} command to that client, which passes it over the socket to the server and
 * on into the pane; the echo comes back the same way as a {@code %output} notification. As with a
 * terminal attached to tmux, a client process and the server's socket lie between the keystroke and
 * the program.
 */
final class TmuxEchoPath implements EchoPath {
    static final String NAME = "tmux";
    private static final String SESSION = "latency";
    private static final String OUTPUT = "%output ";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String version;
    private final Program program;
    /** The server's socket's name: {@code tmux -L NAME} reaches this server and no other. */
    private final String socketName;
    private final ExitHook exitHook;
    // Set as the path starts; close() stops whatever was started.
    private long serverPid;
    private long panePid;
    private Path socket;
    private Process control;
    private Thread reader;
    private boolean closed;

    private TmuxEchoPath(String version, Program program) {
        this.version = version;
        this.program = program;
        this.socketName = "htty-bench-" + ProcessHandle.current().pid() + "-" + Long.toString(System.nanoTime(), 36);
        this.exitHook = ExitHook.register("htty-bench-tmux-cleanup", this::close);
    }

    /** The installed tmux's version, as {@code tmux -V} prints it, or nothing if there is no tmux to run. */
    static Optional<String> version() throws InterruptedException {
        try {
            Process tmux = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            String version = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return tmux.waitFor() == 0 ? Optional.of(version) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server with the session, waits until the pane runs {@code cat}, and attaches the
     * control client; the echoes go to {@code echo}.
     *
     * @param version what {@link #version()} said
     */
    static TmuxEchoPath start(String version, Echo echo) throws IOException, InterruptedException {
        return start(version, EchoProgram.PROGRAM, echo);
    }

    /**
     * Starts the server with a session running {@code program}, waits until it is ready, and
     * attaches the control client; the pane's output goes to {@code arrivals}.
     */
    static TmuxEchoPath start(String version, Program program, Arrivals arrivals)
            throws IOException, InterruptedException {
        TmuxEchoPath path = new TmuxEchoPath(version, program);
        try {
            path.startServer();
            path.attach(arrivals);
            return path;
        } catch (IOException | InterruptedException | RuntimeException e) {
            path.close();
            throw e;
        }
    }

    private void startServer() throws IOException, InterruptedException {
        List<String> newSession = new ArrayList<>(List.of("new-session", "-d", "-s", SESSION,
                "-x", Integer.toString(LatencyBench.COLS), "-y", Integer.toString(LatencyBench.ROWS)));
        newSession.addAll(program.argv());
        run(newSession.toArray(String[]::new));
        String[] server = run("display-message", "-p", "-t", SESSION, "#{pid} #{pane_pid} #{socket_path}")
                .split(" ", 3);
        serverPid = Long.parseLong(server[0]);
        socket = Path.of(server[2]);
        panePid = Long.parseLong(server[1]);
        awaitReady();
    }

    private void attach(Arrivals arrivals) throws IOException {
        control = tmux("-C", "attach-session", "-t", SESSION).redirectErrorStream(true).start();
        BufferedReader notifications = new BufferedReader(
                new InputStreamReader(control.getInputStream(), StandardCharsets.ISO_8859_1));
        reader = Thread.ofPlatform().name("tmux-control-reader").daemon().start(() -> read(notifications, arrivals));
    }

    /**
     * Hands the pane's output to {@code arrivals} as it comes. Control mode writes one notification
     * a line; read as ISO-8859-1, each character of a line is one byte.
     */
    private static void read(BufferedReader notifications, Arrivals arrivals) {
        String previous = "";
        try {
            for (String line; (line = notifications.readLine()) != null; previous = line) {
                long now = System.nanoTime();
                if (line.startsWith(OUTPUT)) {
                    byte[] bytes = paneOutput(line);
                    arrivals.received(bytes, bytes.length, now);
                } else if (line.startsWith("%error")) {
                    arrivals.fail("tmux refused a command: " + previous);
                }
            }
        } catch (IOException e) {
            arrivals.fail("cannot read the control client's output: " + e);
        }
        arrivals.fail("the tmux control client exited after: " + previous);
    }

    /**
     * The bytes of an {@code %output %PANE DATA} notification: DATA is the pane's output, with every
     * byte below a space, and the backslash, written as a backslash and three octal digits.
     */
    static byte[] paneOutput(String line) {
        String data = line.substring(line.indexOf(' ', OUTPUT.length()) + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length());
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\\' && i + 3 < data.length() && isOctal(data, i + 1, 3)) {
                bytes.write(Integer.parseInt(data, i + 1, i + 4, 8));
                i += 3;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isOctal(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return version + ", a server of its own (-L " + socketName + ", pid " + serverPid
                + "); keys by send-keys -H through a control-mode client, echoes from its %output";
    }

    @Override
    public void awaitReady() throws InterruptedException {
        program.awaitReady(panePid, "tmux");
    }

    @Override
    public void type(byte keystroke) throws IOException {
        OutputStream commands = control.getOutputStream();
        commands.write(String.format("send-keys -t %s -H %02x%n", SESSION, keystroke & 0xff)
                .getBytes(StandardCharsets.US_ASCII));
        commands.flush();
    }

    /**
     * Detaches the control client, kills the server by its socket (and by its pid if it lingers),
     * and removes the socket, which tmux leaves behind.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            detach();
            killServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                System.err.println("htty-bench: could not remove tmux's socket " + socket + ": " + e);
            }
        }
        exitHook.unregister();
    }

    private void detach() throws InterruptedException {
        if (control == null) {
            return;
        }
        try {
            control.getOutputStream().close(); // control mode detaches at the end of its input
        } catch (IOException e) {
            // The client is gone already.
        }
        if (!control.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            control.destroyForcibly();
        }
        reader.join(STOP_GRACE.toMillis());
    }

    /** {@code kill-server} on this path's socket; SIGKILL to the server's pid if it is still there after a grace. */
    private void killServer() throws InterruptedException {
        try {
            run("kill-server");
        } catch (IOException e) {
            // No server answered (it never started, or has ended): its pid tells.
        }
        Optional<ProcessHandle> server = serverPid == 0 ? Optional.empty() : ProcessHandle.of(serverPid);
        if (server.isPresent()) {
            try {
                server.get().onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                server.get().destroyForcibly();
            }
        }
    }

    /** Runs a tmux command against this path's server and returns what it printed. */
    private String run(String... command) throws IOException, InterruptedException {
        Process tmux = tmux(command).redirectErrorStream(true).start();
        String output = new String(tmux.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (tmux.waitFor() != 0) {
            throw new IOException("tmux -L " + socketName + " " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private ProcessBuilder tmux(String... command) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", socketName, "-f", "/dev/null"));
        argv.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(argv);
        // Run from inside tmux, the benchmark's own tmux would otherwise refuse to nest.
        builder.environment().remove("TMUX");
        return builder;
    }
}
