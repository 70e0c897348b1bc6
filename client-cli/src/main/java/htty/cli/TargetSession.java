package htty.cli;

import picocli.CommandLine.Option;

/** The {@code -t NAME} option: the session a command acts on, as tmux names its target. */
final class TargetSession {

    @Option(names = "-t", paramLabel = "NAME", required = true, description = "The session.")
    private String name;

    String name() {
        return name;
    }
}
