package htty.client;

import htty.proto.api.AttachEvent;
import htty.proto.api.AttachRequest;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateReply;
import htty.proto.api.CreateRequest;
import htty.proto.api.DetachReply;
import htty.proto.api.DetachRequest;
import htty.proto.api.HttyGrpc;
import htty.proto.api.KillReply;
import htty.proto.api.KillRequest;
import htty.proto.api.ListReply;
import htty.proto.api.ListRequest;
import htty.proto.api.ResizeReply;
import htty.proto.api.ResizeRequest;
import htty.proto.api.SendInputReply;
import htty.proto.api.SendInputRequest;
import htty.proto.api.StatusReply;
import htty.proto.api.StatusRequest;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in daemon for the client library's tests: a real gRPC server on loopback that serves
 * the Htty service from canned answers, and records what it was asked. It checks the token like a
 * daemon. Only the client's own logic (failover, errors, attach resumption) is tested against it.
 */
public final class FakeDaemon extends HttyGrpc.HttyImplBase implements AutoCloseable {

    /** How a test scripts one attach stream: given the events to send, returns what handles requests. */
    public interface AttachScript {
        StreamObserver<AttachRequest> attach(StreamObserver<AttachEvent> events);
    }

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    public final String id;
    /** Every request received, in order (AttachRequests included). */
    public final List<Object> received = new CopyOnWriteArrayList<>();
    /** The authorization header of every call. */
    public final List<String> authorizations = new CopyOnWriteArrayList<>();

    private volatile String token = "secret";
    private volatile Status failure;
    private volatile boolean hung;
    private volatile ListReply listing = ListReply.newBuilder().setAppliedIndex(42).build();
    private volatile Function<CaptureRequest, CaptureReply> capture = request -> CaptureReply.getDefaultInstance();
    private volatile WaitForReply waitForReply = WaitForReply.newBuilder().setIndex(50).build();
    private volatile AttachScript attachScript = events -> {
        throw Status.UNIMPLEMENTED.asRuntimeException();
    };
    private final Server server;

    private FakeDaemon(String id) throws IOException {
        this.id = id;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .addService(ServerInterceptors.intercept(this, new TokenCheck()))
                .build()
                .start();
    }

    public static FakeDaemon start(String id) throws IOException {
        return new FakeDaemon(id);
    }

    public Endpoint endpoint() {
        return new Endpoint("127.0.0.1", server.getPort());
    }

    /** Every unary call fails with {@code status} from now on (null: answer again). */
    public FakeDaemon failWith(Status status) {
        this.failure = status;
        return this;
    }

    /** Unary calls are never answered: the client must give up on its deadline. */
    public FakeDaemon hang() {
        this.hung = true;
        return this;
    }

    public FakeDaemon requireToken(String token) {
        this.token = token;
        return this;
    }

    public FakeDaemon listing(ListReply listing) {
        this.listing = listing;
        return this;
    }

    public FakeDaemon onCapture(Function<CaptureRequest, CaptureReply> capture) {
        this.capture = capture;
        return this;
    }

    /** What every WaitFor is answered (default: not matched, the timeout passed). */
    public FakeDaemon waitForReply(WaitForReply reply) {
        this.waitForReply = reply;
        return this;
    }

    public FakeDaemon onAttach(AttachScript script) {
        this.attachScript = script;
        return this;
    }

    /** How many requests of this type were received. */
    public long count(Class<?> type) {
        return received.stream().filter(type::isInstance).count();
    }

    @Override
    public void create(CreateRequest request, StreamObserver<CreateReply> reply) {
        answer(request, reply, CreateReply.newBuilder().setSession(7).setIndex(7).build());
    }

    @Override
    public void list(ListRequest request, StreamObserver<ListReply> reply) {
        answer(request, reply, listing);
    }

    @Override
    public void kill(KillRequest request, StreamObserver<KillReply> reply) {
        answer(request, reply, KillReply.newBuilder().setIndex(43).build());
    }

    @Override
    public void resize(ResizeRequest request, StreamObserver<ResizeReply> reply) {
        answer(request, reply, ResizeReply.newBuilder().setIndex(44).build());
    }

    @Override
    public void sendInput(SendInputRequest request, StreamObserver<SendInputReply> reply) {
        answer(request, reply, SendInputReply.newBuilder().setIndex(100 + request.getSeq()).build());
    }

    @Override
    public void capture(CaptureRequest request, StreamObserver<CaptureReply> reply) {
        answer(request, reply, capture.apply(request).toBuilder().setNode(id).build());
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusReply> reply) {
        answer(request, reply, StatusReply.newBuilder().setId(id).setRole("FOLLOWER").setTerm(2).setLeader("n1").build());
    }

    @Override
    public void detach(DetachRequest request, StreamObserver<DetachReply> reply) {
        answer(request, reply, DetachReply.newBuilder().setIndex(45).build());
    }

    @Override
    public void waitFor(WaitForRequest request, StreamObserver<WaitForReply> reply) {
        answer(request, reply, waitForReply);
    }

    @Override
    public StreamObserver<AttachRequest> attach(StreamObserver<AttachEvent> events) {
        StreamObserver<AttachRequest> script = attachScript.attach(events);
        return new StreamObserver<>() {
            @Override
            public void onNext(AttachRequest request) {
                received.add(request);
                script.onNext(request);
            }

            @Override
            public void onError(Throwable error) {
                script.onError(error);
            }

            @Override
            public void onCompleted() {
                script.onCompleted();
            }
        };
    }

    private <T> void answer(Object request, StreamObserver<T> reply, T answer) {
        received.add(request);
        if (hung) {
            return;
        }
        Status status = failure;
        if (status != null) {
            reply.onError(status.asRuntimeException());
            return;
        }
        reply.onNext(answer);
        reply.onCompleted();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refuses calls without {@code authorization: Bearer <token>}, as a daemon does. */
    private final class TokenCheck implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            String authorization = headers.get(AUTHORIZATION);
            authorizations.add(String.valueOf(authorization));
            if (!("Bearer " + token).equals(authorization)) {
                call.close(Status.UNAUTHENTICATED.withDescription("bad token"), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }
}
