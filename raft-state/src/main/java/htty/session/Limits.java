package htty.session;

import java.util.regex.Pattern;

/**
 * The bounds every request is checked against, by the daemon before it proposes and again by the
 * state machine when it applies (so a bad entry in the log is a no-op, never a crash).
 */
public final class Limits {
    /** Session names, as tmux users write them. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The largest input chunk a client may send at once. */
    public static final int MAX_INPUT = 64 * 1024;
    /** The largest output batch the leader proposes. */
    public static final int MAX_OUTPUT = 256 * 1024;
    /** Bound on argv entries and environment variables of a session. */
    public static final int MAX_ARGS = 256;
    /** Bound on one argument, variable or path. */
    public static final int MAX_ARG_LENGTH = 16 * 1024;

    private Limits() {
    }

    /** Why {@code name} is not a valid session name, or null if it is. */
    public static String checkName(String name) {
        return NAME.matcher(name).matches() ? null
                : "invalid session name '" + printable(name) + "': use 1-64 of A-Z a-z 0-9 . _ -";
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.codePoints().map(c -> c < 0x20 || c == 0x7F ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
