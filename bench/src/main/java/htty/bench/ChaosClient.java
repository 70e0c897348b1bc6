package htty.bench;

import htty.client.HttyClient;
import htty.client.HttyException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of the chaos run that types: on a thread of its own, one input at a time, each a token
 * of its own ({@link Checker#token}, then a space), sent with {@link HttyClient#sendInput}, which
 * returns once the input is committed. The history gets the send and then its acknowledgement (with
 * the log index) or its failure (its fate unknown). The client goes on at its pace whatever
 * happened to the last input, as a user typing through a failover would.
 */
final class ChaosClient {
    private final String name;
    private final String session;
    private final String via;
    private final HttyClient sender;
    private final History history;
    private final Duration interval;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean typing = true;
    private Thread thread;

    /**
     * A client called {@code name} typing into {@code session} through {@code sender}, an input
     * every {@code interval} at most.
     *
     * @param via the daemon {@code sender} is bound to, or {@link History.Send#ANY}
     */
    ChaosClient(String name, String session, String via, HttyClient sender, History history, Duration interval) {
        this.name = name;
        this.session = session;
        this.via = via;
        this.sender = sender;
        this.history = history;
        this.interval = interval;
    }

    String name() {
        return name;
    }

    /** Starts typing. */
    ChaosClient start() {
        thread = Thread.ofPlatform().name("chaos-client-" + name).daemon().start(this::type);
        return this;
    }

    private void type() {
        long next = System.nanoTime();
        while (typing) {
            String token = Checker.token(name, sent.getAndIncrement());
            history.add(new History.Send(history.now(), name, session, token, via));
            try {
                long index = sender.sendInput(session, (token + " ").getBytes(StandardCharsets.US_ASCII)).getIndex();
                history.add(new History.Ack(history.now(), name, token, index));
                acked.incrementAndGet();
            } catch (HttyException e) {
                history.add(new History.Fail(history.now(), name, token, e.getMessage()));
                failed.incrementAndGet();
            }
            next = Math.max(next + interval.toNanos(), System.nanoTime());
            for (long wait; typing && (wait = next - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** Stops typing once the input in flight is answered; closes the client's connections. */
    void stop() throws InterruptedException {
        typing = false;
        thread.join();
        sender.close();
    }

    int sent() {
        return sent.get();
    }

    int acked() {
        return acked.get();
    }

    int failed() {
        return failed.get();
    }
}
