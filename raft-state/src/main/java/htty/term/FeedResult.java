package htty.term;

/**
 * What feeding bytes to a terminal produced besides its new state.
 *
 * @param replies answers to the program's queries, to be written to its PTY (empty when none)
 * @param clientBytes the sanitized stream an attached client's terminal may receive
 */
public record FeedResult(byte[] replies, byte[] clientBytes) {
}
