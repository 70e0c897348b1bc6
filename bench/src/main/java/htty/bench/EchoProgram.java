package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The program the keystroke benchmarks type into: {@code cat} on a raw terminal without echo, so
 * that what comes back is exactly what was typed, once, as soon as {@code cat} has read it.
 */
final class EchoProgram {
    static final List<String> ARGV = List.of("sh", "-c", "stty raw -echo; exec cat");
    /** The program, ready once it runs {@code cat}. */
    static final Program PROGRAM = new Program(ARGV, "runs cat", EchoProgram::running);

    private EchoProgram() {
    }

    /**
     * Whether process {@code pid}, the program's {@code sh}, has exec'ed {@code cat}: it has set the
     * terminal raw by then. A keystroke that reached {@code sh} before its {@code stty} would be
     * echoed by the terminal too.
     */
    static boolean running(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip().equals("cat");
        } catch (IOException e) {
            return false;
        }
    }
}
