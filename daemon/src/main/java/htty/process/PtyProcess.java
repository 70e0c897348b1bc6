package htty.process;

import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.PtyHelpers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program running on a PTY of its own: what a session runs on this daemon.
 *
 * <p><b>Environment.</b> The program gets exactly the variables the session asked for, plus
 * {@code TERM=}{@value #TERM} (whatever the session said: it is the terminal the replicated emulator
 * implements), plus those of {@code PATH}, {@code HOME}, {@code USER}, {@code SHELL} and {@code LANG}
 * that the session did not set, taken from the daemon. Nothing else of the daemon's environment leaks
 * in: not its credentials, not its JVM settings. Those five are what a login gives a terminal and what
 * a shell needs to find programs and its home; without them {@code htty new bash} would start a shell
 * that can run nothing. The price: they are this machine's values, not replicated ones, so a session
 * that must behave the same on every replica should set them itself.
 *
 * <p><b>Threads.</b> Writes, resizes and signals may come from any thread; the daemon issues them in
 * log order from one thread per session. Output is read by one reader at a time, usually an
 * {@link OutputPump}; see {@link #read(byte[], int, int, long, TimeUnit)}.
 *
 * <p><b>Closing.</b> {@link #close()} hangs the program up and kills it if it lingers, then releases
 * the PTY. Stop the reader first: output still unread at that point is dropped.
 */
public final class PtyProcess implements OutputSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PtyProcess.class);

    /** The terminal type every session's program sees. */
    public static final String TERM = "xterm-256color";
    static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "USER", "SHELL", "LANG");

    private static final int SIGHUP = 1;
    private static final int SIGKILL = 9;
    private static final int SIGCONT = 18;
    private static final int MAX_SIGNAL = 64; // SIGRTMAX on Linux
    private static final int ESRCH = 3;
    private static final Duration HANGUP_GRACE = Duration.ofMillis(500);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);
    private static final Duration EXEC_WAIT = Duration.ofSeconds(2);
    private static final int TASK_COMM_CHARS = 15; // the kernel keeps this much of a process's name
    /**
     * pty4j sets the PTY's size only after forking, so a fast program could read 0x0. The child
     * therefore sets the size itself ({@code stty}, on the PTY that is its standard input) and only
     * then execs the program. The price: the program's {@code argv[0]} is its full path.
     */
    static final String SIZING_SHELL = "/bin/sh";
    private static final String SIZED_EXEC = "stty cols \"$1\" rows \"$2\" 2>/dev/null; shift 2; exec \"$@\"";

    private final com.pty4j.PtyProcess process;
    private final int pid;
    private final String name;
    private final OutputStream master;
    private final PtyOutput output;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Held while using the master's file descriptor, so that close() cannot release it underneath. */
    private final ReentrantLock masterLock = new ReentrantLock();

    private PtyProcess(com.pty4j.PtyProcess process, String program) {
        this.process = process;
        this.pid = Math.toIntExact(process.pid());
        this.name = "pid " + pid + " (" + program + ")";
        this.master = process.getOutputStream();
        this.output = new PtyOutput(process.getInputStream(), name);
        output.start();
        Thread.ofPlatform().daemon().name("htty-pty-exit " + name).start(this::awaitExit);
    }

    /**
     * Starts {@code argv} on a new PTY of {@code cols} by {@code rows}, in {@code cwd}, with the
     * environment described in the class comment. {@code argv[0]} is looked up on that environment's
     * {@code PATH} unless it contains a slash.
     *
     * @param env the session's variables, in order; where a name repeats, the last value wins
     * @throws IOException if {@code cwd} is not a directory or the program cannot be started
     */
    public static PtyProcess spawn(List<String> argv, List<Map.Entry<String, String>> env, Path cwd, int cols,
            int rows) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty: there is no program to run");
        }
        argv.forEach(arg -> requireNoNul("argument", arg));
        checkSize(cols, rows);
        Map<String, String> environment = environment(env, System.getenv());
        if (!Files.isDirectory(cwd)) {
            throw new NoSuchFileException(cwd.toString(), null, "cannot start " + argv.get(0) + " there: not a directory");
        }
        PtyNative.ensureInstalled();
        String program = executable(argv.get(0), cwd, environment.get("PATH"));
        // The shell exports a PWD of its own; the program gets one only if the session gave it.
        String sizedExec = (environment.containsKey("PWD") ? "" : "unset PWD; ") + SIZED_EXEC;
        List<String> command = new ArrayList<>(List.of(SIZING_SHELL, "-c", sizedExec, "htty", Integer.toString(cols),
                Integer.toString(rows), program));
        command.addAll(argv.subList(1, argv.size()));
        com.pty4j.PtyProcess process;
        try {
            process = new PtyProcessBuilder(command.toArray(String[]::new))
                    .setEnvironment(environment)
                    .setDirectory(cwd.toAbsolutePath().toString())
                    .setInitialColumns(cols)
                    .setInitialRows(rows)
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot start " + argv + " in " + cwd + ": " + e.getMessage(), e);
        }
        PtyProcess started = new PtyProcess(process, argv.get(0));
        try {
            started.awaitExec(argv.get(0));
        } catch (InterruptedException e) {
            started.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting " + started);
        }
        LOG.debug("started {} as {} on a {}x{} PTY in {}", argv, started, cols, rows, cwd);
        return started;
    }

    /**
     * The program's path: {@code name} itself if it has a slash (relative to {@code cwd}), else the
     * first executable of that name on {@code path}.
     */
    static String executable(String name, Path cwd, String path) throws IOException {
        if (name.contains("/")) {
            if (Files.isExecutable(cwd.resolve(name))) {
                return name;
            }
        } else if (path != null) {
            for (String dir : path.split(":")) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
                if (Files.isRegularFile(cwd.resolve(candidate)) && Files.isExecutable(cwd.resolve(candidate))) {
                    return candidate.toString();
                }
            }
        }
        throw new IOException("cannot start " + name + " in " + cwd + ": not an executable"
                + (name.contains("/") ? "" : " on PATH=" + path));
    }

    /** The environment a program gets: see the class comment. */
    static Map<String, String> environment(List<Map.Entry<String, String>> given, Map<String, String> daemon) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED_ENV) {
            if (daemon.containsKey(name)) {
                env.put(name, daemon.get(name));
            }
        }
        for (Map.Entry<String, String> variable : given) {
            String name = variable.getKey();
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
            }
            requireNoNul("environment variable name", name);
            requireNoNul("value of " + name, variable.getValue());
            env.put(name, variable.getValue());
        }
        env.put("TERM", TERM);
        return env;
    }

    public long pid() {
        return pid;
    }

    /**
     * Writes input to the program, as if typed. Blocks while the PTY's input buffer is full, that is,
     * while the program is not reading its input, as a terminal would. Input to a program that has
     * exited is discarded.
     *
     * @throws IOException if the process has been closed
     */
    public void write(byte[] data) throws IOException {
        masterLock.lock();
        try {
            if (closed.get()) {
                throw new IOException(name + " is closed; " + data.length + " bytes of input not written");
            }
            // pty4j's stream passes the bytes to one write(2) and ignores how many it took. A blocking
            // write to a PTY master takes them all unless a signal interrupts it (the JVM does not signal
            // its threads) or the program is gone (and then its input no longer matters).
            master.write(data);
            master.flush();
        } finally {
            masterLock.unlock();
        }
    }

    /** Sets the terminal size; the kernel tells the program with SIGWINCH. */
    public void resize(int cols, int rows) {
        checkSize(cols, rows);
        masterLock.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException(name + " is closed; cannot resize it to " + cols + "x" + rows);
            }
            process.setWinSize(new WinSize(cols, rows));
        } finally {
            masterLock.unlock();
        }
    }

    /**
     * Sends a POSIX signal (1 to 64, as numbered on Linux) to the program. Does nothing once the
     * program has exited: its pid may by then belong to another process.
     */
    public void signal(int signal) {
        if (signal < 1 || signal > MAX_SIGNAL) {
            throw new IllegalArgumentException("no such signal: " + signal);
        }
        if (exit.isDone()) {
            LOG.debug("not sending signal {} to {}: it has exited", signal, name);
            return;
        }
        kill(pid, signal);
    }

    /**
     * Waits for output: see {@link OutputSource#read}. The end of the output comes when the program has
     * exited and everything it wrote has been read, or when the process is closed.
     */
    @Override
    public int read(byte[] buf, int off, int len, long timeout, TimeUnit unit) throws IOException,
            InterruptedException {
        return output.read(buf, off, len, timeout, unit);
    }

    /**
     * Reads output, waiting for it as long as it takes.
     *
     * @return the number of bytes read, at least one unless {@code buf} is empty; -1 at the end of the output
     */
    public int read(byte[] buf) throws IOException {
        try {
            int n;
            do {
                n = output.read(buf, 0, buf.length, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } while (n == 0 && buf.length > 0);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the output of " + name);
        }
    }

    /**
     * The program's exit status: its exit code, or 128 plus the signal's number if a signal killed it,
     * as a shell reports it.
     */
    public CompletableFuture<Integer> exit() {
        return exit.copy();
    }

    /**
     * Ends the program if it is still running, and releases the PTY. A running program is hung up,
     * as when a terminal window closes: its process group gets SIGHUP (and SIGCONT, so that a stopped
     * program acts on it); if it has not exited after a short grace, SIGKILL. Calling this again does
     * nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!exit.isDone()) {
                terminate();
            }
            output.shutDown();
            if (!output.awaitTermination(RELEASE_WAIT)) {
                LOG.error("{}: its PTY reader is still blocked {} ms after the program ended; leaving the PTY open "
                        + "(one leaked descriptor) rather than closing it under the reader", name, RELEASE_WAIT.toMillis());
                return;
            }
            if (!masterLock.tryLock(RELEASE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.error("{}: a write to its PTY is still blocked {} ms after the program ended; leaving the PTY open "
                        + "(one leaked descriptor) rather than closing it under the writer", name, RELEASE_WAIT.toMillis());
                return;
            }
            try {
                master.close(); // closes pty4j's whole PTY: the master descriptor for reading and writing
            } finally {
                masterLock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while closing; its PTY stays open", name);
        } catch (IOException e) {
            LOG.warn("{}: closing its PTY failed: {}", name, e.toString());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Waits until the child has become the program. pty4j returns once it has forked, and until the
     * child calls exec it is a copy of this JVM, whose handlers swallow SIGHUP, SIGTERM and the like:
     * a signal sent then is lost. On a busy machine that lasts tens of milliseconds. The child has
     * become the program when its executable is no longer ours, or, if the program is a JVM too,
     * when its name is the program's.
     */
    private static boolean isOneOf(Path exe, Path a, Path b) {
        return exe.equals(a) || exe.equals(b);
    }

    private void awaitExec(String program) throws InterruptedException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        String name = Path.of(program).getFileName().toString();
        String comm = name.substring(0, Math.min(name.length(), TASK_COMM_CHARS));
        long deadline = System.nanoTime() + EXEC_WAIT.toNanos();
        try {
            Path ourExecutable = Files.readSymbolicLink(Path.of("/proc/self/exe"));
            Path sizingShell = Path.of(SIZING_SHELL).toRealPath();
            while (isOneOf(Files.readSymbolicLink(proc.resolve("exe")), ourExecutable, sizingShell)
                    && !Files.readString(proc.resolve("comm")).strip().equals(comm)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{} has not exec'ed its program after {} ms; a signal sent to it now may be lost", this,
                            EXEC_WAIT.toMillis());
                    return;
                }
                Thread.sleep(0, 200_000);
            }
        } catch (IOException e) {
            // No /proc entry: the program has already exited (or this is no Linux); nothing to wait for.
        }
    }

    private void terminate() throws InterruptedException {
        // pty4j starts the program as the leader of a new session and process group, so signalling
        // the group reaches the rest of a pipeline too.
        kill(-pid, SIGHUP);
        kill(-pid, SIGCONT);
        if (awaitExit(HANGUP_GRACE)) {
            return;
        }
        LOG.warn("{} is still running {} ms after SIGHUP; sending SIGKILL to its process group", name,
                HANGUP_GRACE.toMillis());
        kill(-pid, SIGKILL);
        if (!awaitExit(KILL_WAIT)) {
            LOG.error("{} is still running {} s after SIGKILL (stuck in the kernel? see /proc/{}/stack); giving up on it",
                    name, KILL_WAIT.toSeconds(), pid);
        }
    }

    private boolean awaitExit(Duration timeout) throws InterruptedException {
        try {
            exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // the exit watcher failed, which only an interrupt could make it do
        }
    }

    private void awaitExit() {
        try {
            int status = process.waitFor();
            LOG.debug("{} exited with status {}", name, status);
            exit.complete(status);
        } catch (InterruptedException e) {
            exit.completeExceptionally(e);
        }
    }

    /** kill(2), through the JNA binding of libc that pty4j brings. A target that no longer exists is no error. */
    private void kill(int target, int signal) {
        if (PtyHelpers.signal(target, signal) != 0) {
            int errno = PtyHelpers.errno();
            if (errno != ESRCH) {
                throw new IllegalStateException("kill(" + target + ", " + signal + ") for " + name + " failed: "
                        + PtyHelpers.getInstance().strerror(errno));
            }
        }
    }

    private static void checkSize(int cols, int rows) {
        if (cols < 1 || cols > 0xFFFF || rows < 1 || rows > 0xFFFF) {
            throw new IllegalArgumentException("not a terminal size: " + cols + "x" + rows);
        }
    }

    private static void requireNoNul(String what, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL byte: \"" + s.replace('\0', '?') + "\"");
        }
    }
}
