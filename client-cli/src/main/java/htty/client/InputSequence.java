package htty.client;

import com.google.protobuf.ByteString;
import htty.proto.api.SendInputRequest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers one client's input: a random client id and a sequence that only grows. The state
 * machine drops an input whose {@code (client_id, seq)} it has applied before, so a chunk resent
 * after a failover reaches the program once.
 */
final class InputSequence {

    private final String clientId = UUID.randomUUID().toString();
    private final AtomicLong lastSeq = new AtomicLong();

    String clientId() {
        return clientId;
    }

    /** The next chunk of input for {@code session}; the first has seq 1 (0 reads as "unset"). */
    SendInputRequest next(String session, ByteString data) {
        return SendInputRequest.newBuilder()
                .setName(session)
                .setClientId(clientId)
                .setSeq(lastSeq.incrementAndGet())
                .setData(data)
                .build();
    }
}
