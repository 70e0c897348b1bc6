package htty.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command knows of the world it runs in: environment variables, the working directory and
 * the home directory. Passed in rather than read from {@link System}, so that tests can set it.
 */
record Environment(Map<String, String> variables, Path workingDirectory, Path home) {

    static Environment current() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** A variable's value, when it is set and not empty. */
    Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }

    /** {@code path} made absolute against the working directory. */
    Path resolve(Path path) {
        return workingDirectory.resolve(path).normalize();
    }
}
