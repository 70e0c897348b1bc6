package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The throughput benchmark's program: on a raw terminal without echo, it waits for a keystroke,
 * prints the {@link Corpus} the key names with {@code cat}, and waits again. It is ready for the
 * next keystroke while its {@code head -c 1} runs: a key typed before that would be echoed.
 */
final class CorpusPrinter {
    private static final String SCRIPT = "stty raw -echo; cd \"$1\" && while k=$(head -c 1); do cat \"./$k\"; done";

    private CorpusPrinter() {
    }

    /** The program, printing the corpora written into {@code dir}. */
    static Program program(Path dir) {
        return new Program(List.of("sh", "-c", SCRIPT, "corpus-printer", dir.toString()),
                "waits for a key in head -c 1", CorpusPrinter::waiting);
    }

    /** Whether the program's {@code sh}, process {@code pid}, waits for a key: a child of it runs {@code head}. */
    private static boolean waiting(long pid) {
        try {
            String children = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid),
                    "children")).strip();
            for (String child : children.isEmpty() ? new String[0] : children.split(" ")) {
                if (Files.readString(Path.of("/proc", child, "comm")).strip().equals("head")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // the process, or the child, is gone
        }
    }
}
