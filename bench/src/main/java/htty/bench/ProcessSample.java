package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code /proc} says of a process at one moment: its resident memory, the CPU time it has used,
 * its threads, and how many children it has (a daemon's children are its sessions' programs).
 *
 * @param at when (System.nanoTime)
 * @param rssKiB VmRSS
 * @param cpuTicks utime + stime, in clock ticks
 * @param threads its threads
 * @param children the processes it started that still run
 */
record ProcessSample(long at, long rssKiB, long cpuTicks, int threads, int children) {
    /** {@code getconf CLK_TCK} on Linux, whatever the hardware: the unit of /proc's CPU times. */
    private static final double TICKS_PER_SECOND = 100;

    /** Reads process {@code pid}'s /proc files. */
    static ProcessSample of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long at = System.nanoTime();
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring(8).strip());
            }
        }
        // The fields after the command's closing parenthesis: state is the 3rd field, utime the 14th.
        String stat = Files.readString(proc.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        int children = 0;
        try (var tasks = Files.list(proc.resolve("task"))) {
            for (Path task : tasks.toList()) {
                String list = readOrEmpty(task.resolve("children"));
                children += list.isEmpty() ? 0 : list.split(" ").length;
            }
        }
        return new ProcessSample(at, rss, cpu, threads, children);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return ""; // the thread ended meanwhile
        }
    }

    /** The CPU this process used from {@code earlier} to this sample, as a share of one core in percent. */
    double cpuPercentSince(ProcessSample earlier) {
        double seconds = (at - earlier.at) / 1e9;
        return 100 * (cpuTicks - earlier.cpuTicks) / TICKS_PER_SECOND / seconds;
    }

    double rssMiB() {
        return rssKiB / 1024.0;
    }
}
