package htty.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a local cluster keeps its files when {@code --dir} does not say: {@code .htty/} in the
 * working directory if it exists (a project's own cluster), else the user's state directory,
 * {@code $XDG_STATE_HOME/htty} or {@code ~/.local/state/htty}.
 */
final class StateDirectory {

    private StateDirectory() {
    }

    static Path choose(Path dirOption, Environment environment) {
        if (dirOption != null) {
            return environment.resolve(dirOption);
        }
        Path local = environment.workingDirectory().resolve(".htty");
        if (Files.isDirectory(local)) {
            return local;
        }
        // The XDG spec says to ignore a relative XDG_STATE_HOME.
        Path stateHome = environment.variable("XDG_STATE_HOME").map(Path::of).filter(Path::isAbsolute)
                .orElse(environment.home().resolve(".local/state"));
        return stateHome.resolve("htty");
    }
}
