package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster a command talks to: flags, then environment, then cluster.conf. */
class ClusterResolverTest {

    private static final Endpoint CONFIGURED = new Endpoint("127.0.0.1", 7201);
    private static final Endpoint FLAGGED = new Endpoint("127.0.0.1", 9001);
    private static final Endpoint ENVIRONMENT = new Endpoint("127.0.0.1", 9101);

    @TempDir
    Path root;

    private Path work;
    private Path home;
    private final Map<String, String> variables = new HashMap<>();

    @BeforeEach
    void createDirectories() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        home = Files.createDirectories(root.resolve("home"));
    }

    @Test
    void withNothingGivenTheStateDirectorysConfigIsUsed() throws IOException {
        Path state = home.resolve(".local/state/htty");
        writeConfig(state, "config-token");

        ClusterTarget target = resolve(null, null, null);

        assertEquals(List.of(CONFIGURED), target.endpoints());
        assertEquals(List.of("n1"), target.nodeIds());
        assertTrue(target.token().toString().contains(state.resolve("token").toString()), target.token().toString());
    }

    @Test
    void xdgStateHomeMovesTheStateDirectory() throws IOException {
        Path xdg = root.resolve("xdg");
        variables.put("XDG_STATE_HOME", xdg.toString());
        writeConfig(xdg.resolve("htty"), "t");

        assertEquals(List.of(CONFIGURED), resolve(null, null, null).endpoints());
    }

    @Test
    void aRelativeXdgStateHomeIsIgnored() throws IOException {
        variables.put("XDG_STATE_HOME", "relative");
        writeConfig(home.resolve(".local/state/htty"), "t");

        assertEquals(List.of(CONFIGURED), resolve(null, null, null).endpoints());
    }

    @Test
    void aDotHttyDirectoryHereWinsOverTheStateDirectory() throws IOException {
        writeConfig(home.resolve(".local/state/htty"), "t");
        Path local = work.resolve(".htty");
        Files.createDirectories(local);
        Files.writeString(local.resolve("cluster.conf"), "endpoints=" + FLAGGED + "\n");

        assertEquals(List.of(FLAGGED), resolve(null, null, null).endpoints());
    }

    @Test
    void dirNamesTheDirectory() throws IOException {
        writeConfig(root.resolve("elsewhere"), "t");

        assertEquals(List.of(CONFIGURED), resolve(null, null, Path.of("../elsewhere")).endpoints());
    }

    @Test
    void theEnvironmentWinsOverTheConfig() throws IOException {
        writeConfig(home.resolve(".local/state/htty"), "config-token");
        Path token = Files.writeString(root.resolve("env-token"), "e");
        variables.put(ClusterResolver.CLUSTER_VARIABLE, ENVIRONMENT.toString());
        variables.put(ClusterResolver.TOKEN_FILE_VARIABLE, token.toString());

        ClusterTarget target = resolve(null, null, null);

        assertEquals(List.of(ENVIRONMENT), target.endpoints());
        assertEquals(List.of(), target.nodeIds(), "the config's node ids belong to its own endpoints");
        assertTrue(target.token().toString().contains(token.toString()));
    }

    @Test
    void flagsWinOverTheEnvironment() throws IOException {
        variables.put(ClusterResolver.CLUSTER_VARIABLE, ENVIRONMENT.toString());
        variables.put(ClusterResolver.TOKEN_FILE_VARIABLE, root.resolve("missing").toString());
        Files.writeString(work.resolve("flag-token"), "f");

        ClusterTarget target = resolve(FLAGGED + ",127.0.0.1:9002", Path.of("flag-token"), null);

        assertEquals(List.of(FLAGGED, new Endpoint("127.0.0.1", 9002)), target.endpoints());
        assertTrue(target.token().toString().contains(work.resolve("flag-token").toString()), "relative to the working directory");
    }

    @Test
    void endpointsFromAFlagTakeTheConfigsTokenWhenNoneIsGiven() throws IOException {
        Path state = home.resolve(".local/state/htty");
        writeConfig(state, "config-token");

        ClusterTarget target = resolve(FLAGGED.toString(), null, null);

        assertEquals(List.of(FLAGGED), target.endpoints());
        assertTrue(target.token().toString().contains(state.resolve("token").toString()));
    }

    @Test
    void withoutAnyTokenCallsGoOutWithout() {
        ClusterTarget target = resolve(FLAGGED.toString(), null, null);

        assertEquals(Optional.empty(), target.token().secret());
    }

    @Test
    void withoutAnyClusterItSaysWhatToDo() {
        HttyException error = assertThrows(HttyException.class, () -> resolve(null, null, null));

        assertEquals(ExitCode.ERROR, error.exitCode());
        assertTrue(error.getMessage().startsWith("no cluster: run `htty up` or pass --cluster"), error.getMessage());
        assertTrue(error.getMessage().contains(home.resolve(".local/state/htty/cluster.conf").toString()));
    }

    @Test
    void aBadEndpointListIsAUsageError() {
        HttyException error = assertThrows(HttyException.class, () -> resolve("localhost", null, null));

        assertEquals(ExitCode.USAGE, error.exitCode());
    }

    @Test
    void anUnreadableTokenFileIsAnError() {
        HttyException error = assertThrows(HttyException.class, () -> resolve(FLAGGED.toString(), Path.of("nope"), null));

        assertEquals(ExitCode.ERROR, error.exitCode());
        assertTrue(error.getMessage().contains(work.resolve("nope").toString()), error.getMessage());
    }

    private ClusterTarget resolve(String cluster, Path tokenFile, Path dir) {
        return new ClusterResolver(new Environment(variables, work, home)).resolve(cluster, tokenFile, dir);
    }

    private static void writeConfig(Path dir, String token) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("token"), token);
        Files.writeString(dir.resolve("cluster.conf"), "endpoints=" + CONFIGURED + "\ntoken_file=token\nnodes=n1\n");
    }
}
