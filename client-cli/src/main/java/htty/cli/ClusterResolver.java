package htty.cli;

import htty.client.Endpoint;
import htty.client.ExitCode;
import htty.client.HttyException;
import htty.client.Token;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the cluster a command talks to. The endpoints come from {@code --cluster}, else
 * {@code HTTY_CLUSTER}, else the state directory's {@code cluster.conf}; the token file from
 * {@code --token-file}, else {@code HTTY_TOKEN_FILE}, else that same {@code cluster.conf}. The
 * state directory is {@code --dir}, else the default {@link StateDirectory}.
 */
final class ClusterResolver {

    static final String CLUSTER_VARIABLE = "HTTY_CLUSTER";
    static final String TOKEN_FILE_VARIABLE = "HTTY_TOKEN_FILE";

    private final Environment environment;

    ClusterResolver(Environment environment) {
        this.environment = environment;
    }

    ClusterTarget resolve(String clusterOption, Path tokenFileOption, Path dirOption) {
        Path configFile = new ClusterLayout(StateDirectory.choose(dirOption, environment)).config();
        Optional<ClusterConfig> config = ClusterConfig.readIfPresent(configFile);
        Optional<String> listed = Optional.ofNullable(clusterOption).or(() -> environment.variable(CLUSTER_VARIABLE));

        List<Endpoint> endpoints;
        List<String> nodeIds;
        if (listed.isPresent()) {
            endpoints = parseEndpoints(listed.get());
            nodeIds = List.of();
        } else if (config.isPresent()) {
            endpoints = config.get().endpoints();
            nodeIds = config.get().nodes();
        } else {
            throw new HttyException(ExitCode.ERROR,
                    "no cluster: run `htty up` or pass --cluster (there is no " + configFile + ")");
        }
        return new ClusterTarget(endpoints, nodeIds, token(tokenFileOption, config));
    }

    private Token token(Path tokenFileOption, Optional<ClusterConfig> config) {
        return Optional.ofNullable(tokenFileOption)
                .or(() -> environment.variable(TOKEN_FILE_VARIABLE).map(Path::of))
                .map(environment::resolve)
                .or(() -> config.flatMap(ClusterConfig::tokenFile))
                .map(Token::readFrom)
                .orElse(Token.none());
    }

    private static List<Endpoint> parseEndpoints(String text) {
        try {
            return Endpoint.parseList(text);
        } catch (IllegalArgumentException e) {
            throw new HttyException(ExitCode.USAGE, "bad cluster address list: " + e.getMessage());
        }
    }
}
