package htty.client;

import htty.proto.api.StatusReply;
import java.util.Optional;

/**
 * What one daemon said when asked for its status: its reply, or why it gave none.
 *
 * @param endpoint the daemon asked
 * @param reply its status, when it answered
 * @param error why it did not, otherwise
 */
public record NodeStatus(Endpoint endpoint, Optional<StatusReply> reply, Optional<HttyException> error) {

    static NodeStatus answered(Endpoint endpoint, StatusReply reply) {
        return new NodeStatus(endpoint, Optional.of(reply), Optional.empty());
    }

    static NodeStatus failed(Endpoint endpoint, HttyException error) {
        return new NodeStatus(endpoint, Optional.empty(), Optional.of(error));
    }

    public boolean answered() {
        return reply.isPresent();
    }

    /** Whether this daemon knows of a leader: the group has elected one and this node has heard. */
    public boolean knowsLeader() {
        return reply.map(status -> !status.getLeader().isEmpty()).orElse(false);
    }
}
