package htty.client;

import htty.proto.api.HttyGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The client's line to one daemon: a gRPC channel whose every call carries the token. */
final class DaemonConnection implements AutoCloseable {

    /** Redraws of large screens are the biggest replies; 16 MiB bounds what a daemon can make us buffer. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 16 << 20;

    /**
     * Pings during a long call (a wait) find a daemon that stopped answering (paused, or cut off by a
     * partition), which TCP alone would not notice for many minutes. Ten seconds is the least gRPC-java
     * allows; an attachment notices sooner, by the daemon's heartbeats stopping. The daemon must permit
     * pings this often (it permits one every five seconds), or it answers with GOAWAY.
     */
    static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
    static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(5);

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Endpoint endpoint;
    private final ManagedChannel channel;

    DaemonConnection(Endpoint endpoint, Token token) {
        this.endpoint = endpoint;
        // Plaintext: daemons bind loopback only until TLS arrives.
        this.channel = Grpc.newChannelBuilderForAddress(endpoint.host(), endpoint.port(), InsecureChannelCredentials.create())
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .intercept(authorization(token))
                .build();
    }

    private static List<ClientInterceptor> authorization(Token token) {
        return token.secret().map(secret -> {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + secret);
            return List.of(MetadataUtils.newAttachHeadersInterceptor(headers));
        }).orElse(List.of());
    }

    Endpoint endpoint() {
        return endpoint;
    }

    HttyGrpc.HttyBlockingStub blocking(Duration deadline) {
        return HttyGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    HttyGrpc.HttyFutureStub future(Duration deadline) {
        return HttyGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    HttyGrpc.HttyStub async() {
        return HttyGrpc.newStub(channel);
    }

    /**
     * Forgets the channel's reconnect backoff. After a failed connection the channel waits a second
     * or more, growing, before it tries again; a daemon that has just come back should be tried now.
     */
    void resetBackoff() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
