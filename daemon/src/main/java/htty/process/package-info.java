/**
 * The side-effect layer that runs a session's program in a real PTY, with no knowledge of Raft.
 *
 * <p>{@link htty.process.PtyProcess} starts a program on a fresh PTY and offers what the daemon's
 * effects need: write input, resize, signal, read output, learn the exit status, and close.
 * {@link htty.process.OutputPump} is the leader's reader of one program's output: it batches what the
 * program prints and hands each batch to an {@link htty.process.OutputSink} (the daemon proposes it as
 * an {@code Output} entry), with a bounded number of batches in flight, so that a slow log slows the
 * program rather than filling the daemon's memory. {@link htty.process.PtyNative} keeps pty4j's native
 * library in one cache directory instead of a new {@code /tmp/pty4j-*} folder per start.
 */
package htty.process;
