package htty.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The group's members as given on the command line ({@code n1=127.0.0.1:7101,n2=...}), checked:
 * three or five of them, unique ids, and loopback addresses only until TLS between daemons exists.
 */
public record Peers(List<Peer> all) {
    /** One daemon of the group. */
    public record Peer(String id, String host, int port) {
        public String address() {
            return host + ":" + port;
        }
    }

    public static Peers parse(String spec) {
        List<Peer> peers = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] idAndAddress = part.trim().split("=", 2);
            if (idAndAddress.length != 2 || idAndAddress[0].isBlank()) {
                throw new IllegalArgumentException("peer '" + part + "' is not of the form ID=HOST:PORT");
            }
            HostPort hp = HostPort.parse(idAndAddress[1]);
            if (peers.stream().anyMatch(p -> p.id().equals(idAndAddress[0]))) {
                throw new IllegalArgumentException("peer id " + idAndAddress[0] + " appears twice");
            }
            peers.add(new Peer(idAndAddress[0], hp.host(), hp.port()));
        }
        if (peers.size() != 3 && peers.size() != 5) {
            throw new IllegalArgumentException("a group has 3 or 5 daemons, not " + peers.size());
        }
        return new Peers(List.copyOf(peers));
    }

    public Peer get(String id) {
        return all.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--id " + id + " is not among the --peers"));
    }

    /** A host and port, checked to be on loopback. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String address) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + address + "' is not of the form HOST:PORT");
            }
            String host = address.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + address + "' has no valid port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
            requireLoopback(host);
            return new HostPort(host, port);
        }

        private static void requireLoopback(String host) {
            try {
                if (!InetAddress.getByName(host).isLoopbackAddress()) {
                    throw new IllegalArgumentException(host + " is not a loopback address: binding or reaching"
                            + " other addresses requires TLS, which this version does not have yet");
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown host " + host);
            }
        }
    }
}
