package htty.client;

import java.util.Arrays;
import java.util.List;

/**
 * The address of one daemon's client API, as {@code host:port}.
 *
 * @param host a host name or IPv4 address (IPv6 literals in brackets, {@code [::1]:7201})
 * @param port the TCP port, 1 to 65535
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code host:port}; the port is after the last colon, so bracketed IPv6 works. */
    public static Endpoint parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("not host:port: '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Endpoint(host, Integer.parseInt(trimmed.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port number in '" + text + "'");
        }
    }

    /** Parses a comma-separated list such as {@code 127.0.0.1:7201,127.0.0.1:7202}. */
    public static List<Endpoint> parseList(String text) {
        List<Endpoint> endpoints = Arrays.stream(text.split(","))
                .filter(part -> !part.isBlank())
                .map(Endpoint::parse)
                .toList();
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints in '" + text + "'");
        }
        return endpoints;
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
