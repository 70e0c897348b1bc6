package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.Endpoint;
import htty.client.HttyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConfigTest {

    @TempDir
    Path dir;

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("127.0.0.1", 7201), new Endpoint("127.0.0.1", 7202), new Endpoint("127.0.0.1", 7203));

    @Test
    void readsWhatItWrites() throws Exception {
        ClusterConfig config = new ClusterConfig(ENDPOINTS, Optional.of(dir.resolve("token")), List.of("n1", "n2", "n3"));
        Path file = dir.resolve("cluster.conf");

        config.write(file);

        assertEquals(Optional.of(config), ClusterConfig.readIfPresent(file));
    }

    @Test
    void writesKeyValueLines() {
        ClusterConfig config = new ClusterConfig(ENDPOINTS, Optional.of(Path.of("/state/token")), List.of("n1", "n2", "n3"));

        assertTrue(config.format().endsWith("""
                endpoints=127.0.0.1:7201,127.0.0.1:7202,127.0.0.1:7203
                token_file=/state/token
                nodes=n1,n2,n3
                """), config.format());
    }

    @Test
    void skipsCommentsBlankLinesAndKeysItDoesNotKnow() {
        ClusterConfig config = ClusterConfig.parse("""
                # a comment

                  endpoints = 127.0.0.1:7201
                tls=later
                """, dir.resolve("cluster.conf"));

        assertEquals(List.of(new Endpoint("127.0.0.1", 7201)), config.endpoints());
        assertEquals(Optional.empty(), config.tokenFile());
        assertEquals(List.of(), config.nodes());
    }

    @Test
    void aRelativeTokenFileIsBesideTheConfig() {
        ClusterConfig config = ClusterConfig.parse("endpoints=127.0.0.1:7201\ntoken_file=token\n", dir.resolve("cluster.conf"));

        assertEquals(Optional.of(dir.resolve("token")), config.tokenFile());
    }

    @Test
    void aMissingFileIsNoConfig() {
        assertEquals(Optional.empty(), ClusterConfig.readIfPresent(dir.resolve("cluster.conf")));
    }

    @Test
    void refusesAConfigItCannotUse() {
        Path file = dir.resolve("cluster.conf");
        for (String text : List.of("", "token_file=/t\n", "endpoints=nonsense\n", "endpoints\n",
                "endpoints=127.0.0.1:7201\nnodes=n1,n2\n")) {
            HttyException error = assertThrows(HttyException.class, () -> ClusterConfig.parse(text, file), text);
            assertTrue(error.getMessage().startsWith("invalid cluster config " + file), error.getMessage());
        }
    }
}
