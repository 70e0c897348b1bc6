package htty.daemon;

import htty.api.AttachHub;
import htty.api.HttyService;
import htty.api.TokenAuth;
import htty.api.Waits;
import htty.cluster.Peers;
import htty.cluster.RaftNode;
import htty.statemachine.HttyStateMachine;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One htty daemon: its Raft member, the processes it runs as leader, and its client API. */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Bounds every message a client may send (an input chunk is at most 64 KiB). */
    static final int MAX_INBOUND_MESSAGE = 1 << 20;

    private final RaftNode node;
    private final SessionSupervisor supervisor;
    private final Waits waits;
    private final Server api;

    public Daemon(String id, Peers peers, Peers.HostPort apiAddress, Path dataDir, String token, RaftNode.Tuning tuning)
            throws IOException {
        HttyStateMachine stateMachine = new HttyStateMachine();
        this.node = new RaftNode(peers, id, dataDir, stateMachine, tuning);
        AttachHub hub = new AttachHub();
        this.waits = new Waits(node);
        this.supervisor = new SessionSupervisor(node, hub, waits);
        stateMachine.setListener(supervisor);
        this.api = NettyServerBuilder.forAddress(new InetSocketAddress(apiAddress.host(), apiAddress.port()))
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE)
                .permitKeepAliveTime(5, TimeUnit.SECONDS)
                .keepAliveTime(10, TimeUnit.SECONDS)
                .addService(ServerInterceptors.intercept(new HttyService(node, hub, waits, supervisor::localProcesses), new TokenAuth(token)))
                .build();
    }

    /** Starts the daemon: its member of the group (founding or rejoining it first, if its storage is empty), then its API. */
    public void start() throws IOException, InterruptedException {
        node.start();
        // A daemon whose storage is empty goes live at once: all it is sent while it joins is new to it,
        // as to a new member (it may even be elected before it has joined).
        supervisor.goLive(node.lastLogIndexAtStart());
        node.awaitMembership();
        api.start();
        LOG.info("daemon {} serving the API on port {}", node.id(), api.getPort());
    }

    public void awaitTermination() throws InterruptedException {
        api.awaitTermination();
    }

    @Override
    public void close() throws IOException {
        api.shutdown();
        waits.close();
        supervisor.close();
        node.close();
        try {
            api.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
