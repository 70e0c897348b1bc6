package htty.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A daemon's pid file. A pid names a process only as long as that process lives, after which the
 * number may be reused, so the process is trusted only if its command line is an htty daemon's.
 *
 * @param node the daemon's node id
 * @param file the pid file
 */
record PidFile(String node, Path file) {

    static final String DAEMON_MAIN_CLASS = "htty.daemon.Main";
    private static final String SUFFIX = ".pid";

    /** The pid file at {@code file}, named after its node ({@code n1.pid} belongs to n1). */
    static PidFile at(Path file) {
        String name = file.getFileName().toString();
        return new PidFile(name.substring(0, name.length() - SUFFIX.length()), file);
    }

    static boolean isPidFile(Path file) {
        return file.getFileName().toString().endsWith(SUFFIX);
    }

    void write(long pid) throws IOException {
        Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
    }

    /** The pid recorded, if the file holds one. */
    Optional<Long> pid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The process the file names, if it is alive and is an htty daemon. */
    Optional<ProcessHandle> runningDaemon() {
        return pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(PidFile::isHttyDaemon);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private static boolean isHttyDaemon(ProcessHandle process) {
        try {
            byte[] commandLine = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return Arrays.asList(new String(commandLine, StandardCharsets.UTF_8).split("\0")).contains(DAEMON_MAIN_CLASS);
        } catch (IOException e) {
            return false;
        }
    }
}
