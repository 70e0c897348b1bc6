package htty.bench;

/**
 * Runs a resource's close when the JVM exits, {@code ^C} included, so that a benchmark interrupted
 * midway stops the processes it started and removes its files; the resource's own close takes the
 * hook back.
 */
final class ExitHook {
    private final Thread thread;

    private ExitHook(Thread thread) {
        this.thread = thread;
    }

    /** Registers {@code close} to run at the JVM's exit, on a thread named {@code name}. */
    static ExitHook register(String name, Runnable close) {
        ExitHook hook = new ExitHook(new Thread(close, name));
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Called by the close itself: unregisters the hook, unless the close is the hook running. */
    void unregister() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs the close again, which returns at once.
        }
    }
}
