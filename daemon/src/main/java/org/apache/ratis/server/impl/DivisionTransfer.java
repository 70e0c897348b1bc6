package org.apache.ratis.server.impl;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftServer;

/**
 * Starts a leadership transfer on the calling thread, which may hold the division's monitor (htty's
 * {@code RaftNode.transferLeadership}). The server's public {@code transferLeadershipAsync} hands the
 * start to an executor and waits for it, which would wait for that monitor for good; the division's
 * own method, which takes the monitor again (it is reentrant), is package-private. Ratis 3.3.
 */
public final class DivisionTransfer {

    private DivisionTransfer() {
    }

    /** Starts a transfer of {@code division}'s leadership; the reply comes when it is done or has failed. */
    public static CompletableFuture<RaftClientReply> start(RaftServer.Division division,
            TransferLeadershipRequest request) throws IOException {
        return ((RaftServerImpl) division).transferLeadershipAsync(request);
    }
}
