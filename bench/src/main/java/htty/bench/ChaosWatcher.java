package htty.bench;

import htty.client.Attachment;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.proto.api.AttachStart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A chaos client's attached view of its session: every chunk of bytes it receives goes into the
 * {@link History}, redraws marked. An attachment gives up when the cluster makes no progress for a
 * while (a long stretch without a majority); the watcher then attaches again, as a user would, until
 * it is closed. A new attachment begins with a redraw, so the checker reads it afresh.
 */
final class ChaosWatcher implements AutoCloseable {
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private final HttyClient client;
    private final String name;
    private final String session;
    private final History history;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile Attachment attachment;

    /** Starts watching {@code session} as client {@code name}, through {@code client}. */
    ChaosWatcher(HttyClient client, String name, String session, History history) {
        this.client = client;
        this.name = name;
        this.session = session;
        this.history = history;
        this.thread = Thread.ofPlatform().name("chaos-watcher-" + name).daemon().start(this::watch);
    }

    private void watch() {
        while (open) {
            attachment = client.attach(AttachStart.newBuilder().setName(session).setCols(ChaosBench.COLS)
                    .setRows(ChaosBench.ROWS).build(), bytes -> {
                        String text = bytes.toString(StandardCharsets.UTF_8);
                        history.add(new History.Received(history.now(), name, session,
                                text.contains(Keystrokes.CLEAR_SCREEN), text));
                    });
            if (!open) {
                attachment.close();
                return;
            }
            try {
                attachment.awaitEnd();
            } catch (HttyException e) {
                // It gave up on the cluster: attach again, after a moment (a missing session fails at once).
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Detaches and stops attaching again. */
    @Override
    public void close() throws InterruptedException {
        open = false;
        Attachment last = attachment;
        if (last != null) {
            last.close();
        }
        thread.join();
    }
}
