package htty.cli;

import htty.client.Endpoint;
import htty.client.HttyClient;
import htty.client.Token;
import java.util.List;

/**
 * The cluster a command talks to, once the flags, environment and config file have been weighed.
 *
 * @param endpoints the daemons' client APIs
 * @param nodeIds the id of the daemon at each endpoint, when the config file says
 * @param token the token to present
 */
record ClusterTarget(List<Endpoint> endpoints, List<String> nodeIds, Token token) {

    HttyClient connect() {
        return HttyClient.builder(endpoints, token).nodeIds(nodeIds).build();
    }
}
