package htty.client;

import com.google.protobuf.ByteString;
import htty.proto.api.SendInputRequest;
import java.util.UUID;

/**
 * Numbers one client's input: a random client id and a sequence that only grows. The cluster
 * applies a client's inputs in that order, each once: it drops an input it applied before (a chunk
 * resent after a failover) and refuses one that comes before an earlier one (which the client then
 * resends first). Each input carries the seq through which the client has seen acknowledgements.
 * Not thread-safe: its owner serializes the calls.
 */
final class InputSequence {

    private final String clientId = UUID.randomUUID().toString();
    private long lastSeq;
    private long acknowledgedThrough;

    String clientId() {
        return clientId;
    }

    /** The next chunk of input for {@code session}; the first has seq 1 (0 reads as "unset"). */
    SendInputRequest next(String session, ByteString data) {
        return stamped(SendInputRequest.newBuilder()
                .setName(session)
                .setClientId(clientId)
                .setSeq(++lastSeq)
                .setData(data)
                .build());
    }

    /** Notes that the cluster acknowledged input {@code seq}, and with it every earlier one. */
    void acknowledged(long seq) {
        acknowledgedThrough = Math.max(acknowledgedThrough, seq);
    }

    /** {@code input} as it is to be (re)sent now: with the latest acknowledgement this client saw. */
    SendInputRequest stamped(SendInputRequest input) {
        return input.getAcknowledgedThrough() == acknowledgedThrough
                ? input : input.toBuilder().setAcknowledgedThrough(acknowledgedThrough).build();
    }
}
