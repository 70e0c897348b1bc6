package htty.cli;

import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code cluster.conf}, which {@code htty up} writes so that other commands find the cluster:
 * {@code key=value} lines, {@code #} comments.
 *
 * <pre>
 * endpoints=127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203
 * token_file=/home/me/.local/state/htty/token
 * nodes=n1,n2,n3
 * </pre>
 *
 * @param endpoints the daemons' client APIs
 * @param tokenFile the token file; a relative one is relative to the config's directory
 * @param nodes the id of the daemon at each endpoint, in the same order, when known
 */
record ClusterConfig(List<Endpoint> endpoints, Optional<Path> tokenFile, List<String> nodes) {

    private static final String ENDPOINTS = "endpoints";
    private static final String TOKEN_FILE = "token_file";
    private static final String NODES = "nodes";

    ClusterConfig {
        if (!nodes.isEmpty() && nodes.size() != endpoints.size()) {
            throw new IllegalArgumentException(nodes.size() + " nodes for " + endpoints.size() + " endpoints");
        }
    }

    /** Reads {@code file}; empty if there is no such file. */
    static Optional<ClusterConfig> readIfPresent(Path file) {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HttyException(ExitCode.ERROR, "cannot read " + file + ": " + e, e);
        }
    }

    /** Parses the text of {@code source}; keys it does not know are ignored, for newer writers. */
    static ClusterConfig parse(String text, Path source) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw invalid(source, "line " + (i + 1) + " is not key=value: " + line);
            }
            values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        String endpoints = values.get(ENDPOINTS);
        if (endpoints == null || endpoints.isEmpty()) {
            throw invalid(source, "it names no endpoints (" + ENDPOINTS + "=host:port,...)");
        }
        try {
            Path directory = source.toAbsolutePath().getParent();
            return new ClusterConfig(
                    Endpoint.parseList(endpoints),
                    Optional.ofNullable(values.get(TOKEN_FILE)).filter(value -> !value.isEmpty())
                            .map(value -> directory.resolve(value).normalize()),
                    list(values.getOrDefault(NODES, "")));
        } catch (IllegalArgumentException e) {
            throw invalid(source, e.getMessage());
        }
    }

    /** The file's text, as {@link #parse} reads it. */
    String format() {
        StringBuilder text = new StringBuilder("# Written by `htty up`; read by every htty command.\n");
        text.append(ENDPOINTS).append('=')
                .append(endpoints.stream().map(Endpoint::toString).collect(Collectors.joining(","))).append('\n');
        tokenFile.ifPresent(file -> text.append(TOKEN_FILE).append('=').append(file).append('\n'));
        if (!nodes.isEmpty()) {
            text.append(NODES).append('=').append(String.join(",", nodes)).append('\n');
        }
        return text.toString();
    }

    /** Writes the file whole or not at all: a reader never sees half of it. */
    void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, format(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(id -> !id.isEmpty()).toList();
    }

    private static HttyException invalid(Path source, String problem) {
        return new HttyException(ExitCode.ERROR, "invalid cluster config " + source + ": " + problem);
    }
}
