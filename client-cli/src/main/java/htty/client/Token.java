package htty.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The secret every API call carries as {@code authorization: Bearer <secret>}, together with where
 * it was read from, so that a rejected token can be traced to its file.
 */
public final class Token {

    private static final Token NONE = new Token(null, null);

    private final String secret;
    private final Path source;

    private Token(String secret, Path source) {
        this.secret = secret;
        this.source = source;
    }

    /** No token: calls go out without the header, and the daemons will refuse them. */
    public static Token none() {
        return NONE;
    }

    /** Reads the token file: its content, without surrounding whitespace, is the secret. */
    public static Token readFrom(Path file) {
        Path absolute = file.toAbsolutePath();
        String secret;
        try {
            secret = Files.readString(absolute, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new HttyException(ExitCode.ERROR, "cannot read the token file " + absolute + ": " + e, e);
        }
        if (secret.isEmpty()) {
            throw new HttyException(ExitCode.ERROR, "the token file " + absolute + " is empty");
        }
        return new Token(secret, absolute);
    }

    /** The secret, if there is one. */
    public Optional<String> secret() {
        return Optional.ofNullable(secret);
    }

    /** Says where the token came from, for error messages. */
    public String describeSource() {
        return source == null
                ? "no token was given (pass --token-file, set HTTY_TOKEN_FILE, or use the cluster.conf written by `htty up`)"
                : "the token was read from " + source;
    }

    @Override
    public String toString() {
        return source == null ? "Token[none]" : "Token[from " + source + "]";
    }
}
