package htty.cli;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line typed into a session's shell between two markers that the shell itself prints,
 * so that what the command printed and its exit status can be told apart from the prompt, the
 * echo of the typed line and anything else on the terminal. A marker is a random token followed by
 * {@code _start} or by {@code _end_STATUS_}; the typed line holds the token and the suffixes only
 * apart (printf joins them), so its echo never looks like a marker, and the command's output cannot
 * guess the token. The command runs through {@code eval} of a single-quoted string, which bash,
 * zsh and sh all read the same way, whatever the command holds (quotes, comments, newlines, a
 * trailing &). The typed line starts with a space: shells set to ignore such lines keep it out of
 * their history.
 */
final class ShellRun {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String commandLine;
    private final String token;

    /** What the command printed and how it exited. */
    record Result(String output, int status) {
    }

    ShellRun(String commandLine, String token) {
        for (char c : commandLine.toCharArray()) {
            if (c < 0x20 && c != '\n' || c == 0x7F) {
                // A control character would be a key to the shell's line editor (Tab completes), not text.
                throw new IllegalArgumentException("the command line holds a control character (0x"
                        + Integer.toHexString(c) + "); only newlines may be typed into a shell");
            }
        }
        this.commandLine = commandLine;
        this.token = token;
    }

    /** A run of {@code commandLine} under a fresh random token. */
    static ShellRun of(String commandLine) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return new ShellRun(commandLine, "__htty" + HexFormat.of().formatHex(random));
    }

    /** The keys to type: the marked command line and Enter. */
    byte[] keys() {
        String quoted = "'" + commandLine.replace("'", "'\\''") + "'";
        return (" printf '%s_start\\n' " + token + "; eval " + quoted + "; printf '%s_end_%d_\\n' " + token
                + " \"$?\"\r").getBytes(StandardCharsets.UTF_8);
    }

    /** What the shell prints once the command is done: the end marker with the exit status. */
    String endPattern() {
        return Pattern.quote(token + "_end_") + "(\\d+)_";
    }

    /**
     * The command's output and status in the session's output text from the typed line up to the
     * end marker.
     *
     * @throws IllegalStateException when the start marker is not in it (more output than is kept)
     */
    Result result(String text) {
        String start = token + "_start\n";
        int from = text.indexOf(start);
        Matcher end = Pattern.compile(endPattern()).matcher(text);
        if (from < 0 || !end.find(from)) {
            throw new IllegalStateException("the output does not hold both of the run's markers");
        }
        return new Result(text.substring(from + start.length(), end.start()), Integer.parseInt(end.group(1)));
    }
}
