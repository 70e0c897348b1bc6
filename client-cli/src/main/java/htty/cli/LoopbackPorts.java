package htty.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Unused loopback ports for daemons that a test or benchmark starts on ports it chooses itself.
 *
 * <p>A port the kernel hands out for {@code bind(0)} comes from its ephemeral range, the same range
 * it takes the local ports of outgoing connections from: between closing the probe and the daemon's
 * own bind, any client connecting anywhere can take the port, and the daemon then dies with
 * "Address already in use" (a CI run lost a benchmark's cluster so). Ports below that range are
 * taken only by an explicit bind, so a port found free there stays free. Ports are drawn at random
 * so that programs running side by side rarely try the same ones, and never twice in one JVM.
 */
public final class LoopbackPorts {
    /** Above the ports of well-known services and of {@code htty up}'s default base (7100). */
    private static final int LOWEST = 10_000;
    /** Linux's default start of the ephemeral range, if its setting cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final Set<Integer> handedOut = new HashSet<>();

    private LoopbackPorts() {
    }

    /** A loopback port that nothing listened on just now and that this JVM has not handed out before. */
    public static synchronized int unused() throws IOException {
        int end = ephemeralStart();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
            if (!handedOut.contains(port) && bindable(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IOException("no unused loopback port between " + LOWEST + " and " + end + " after 1000 tries");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }

    private static int ephemeralStart() {
        try {
            // Not Files.readString: it trusts the size a /proc file reports, and returned "3" here.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
