package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark ran on, as its report describes it: other work on it shows in every figure. */
final class Machine {

    private Machine() {
    }

    /** The machine's load average over the last minute. */
    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** The JVM, the processors it may use, and the load average {@code load}, as one line. */
    static String describe(double load) {
        return String.format(Locale.ROOT, "JVM %s (%s), %d processors available, load average %.1f",
                Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                load);
    }
}
