package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code htty} command's entry point: runs one command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = commandLine(Environment.current());
        // UTF-8 whatever the locale says: captured screens and JSON are UTF-8.
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        System.exit(commandLine.execute(args));
    }

    /** The command tree, its errors mapped to messages and exit codes. */
    static CommandLine commandLine(Environment environment) {
        return new CommandLine(new HttyCommand(environment))
                // As tmux's getopt: options end at the first argument, so `new -s x vi -R` runs `vi -R`.
                .setStopAtPositional(true)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((error, command, parseResult) -> failure(error, command));
    }

    private static int usageError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("htty: " + error.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(error, err)) {
            err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        return ExitCode.USAGE.code();
    }

    private static int failure(Exception error, CommandLine command) {
        PrintWriter err = command.getErr();
        if (error instanceof HttyException failure) {
            err.println("htty: " + failure.getMessage());
            return failure.exitCode().code();
        }
        // A bug, not a situation: show all of it.
        err.println("htty: internal error:");
        error.printStackTrace(err);
        return ExitCode.ERROR.code();
    }
}
