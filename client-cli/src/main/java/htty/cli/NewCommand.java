package htty.cli;

import htty.client.ExitCode;
import htty.client.HttyClient;
import htty.client.HttyException;
import htty.proto.api.AttachStart;
import htty.proto.api.CreateRequest;
import htty.proto.log.EnvVar;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import htty.proto.log.TakeoverMode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code htty new}: creates a session, and attaches to it unless told not to. */
@Command(name = "new", description = {
    "Create a session running CMD (default: $SHELL, else /bin/sh) and attach to it, unless -d is given.",
    "The session gets HOME, USER, LANG, PATH and SHELL from this environment; TERM is the daemon's."})
final class NewCommand implements Callable<Integer> {

    /** The variables a session inherits from the client: enough for a login-like shell, nothing terminal-specific. */
    private static final List<String> INHERITED_VARIABLES = List.of("HOME", "USER", "LANG", "PATH", "SHELL");

    @ParentCommand
    private HttyCommand htty;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetachKeyOption detachKey;

    @Option(names = "-s", paramLabel = "NAME", required = true, description = "The session's name.")
    private String name;

    @Option(names = "-d", description = "Do not attach.")
    private boolean detached;

    @Option(names = "-A", description = "If the session exists, attach to it (with -d: leave it) instead of failing.")
    private boolean attachIfExists;

    @Option(names = "-x", paramLabel = "COLS", description = "Columns (default: this terminal's, else 80).")
    private Integer cols;

    @Option(names = "-y", paramLabel = "ROWS", description = "Rows (default: this terminal's, else 24).")
    private Integer rows;

    @Option(names = "-c", paramLabel = "CWD", description = "The working directory (default: the current one).")
    private Path cwd;

    @Option(names = "--takeover", paramLabel = "MODE", defaultValue = "standby",
            description = "How a new leader carries the session on if the leader dies: standby (every daemon"
                    + " runs the program and feeds it the same input; the program survives) or respawn (only the"
                    + " leader runs it; a new leader starts it afresh). Default: ${DEFAULT-VALUE}.")
    private TakeoverChoice takeover;

    /** The --takeover values, as users type them. */
    enum TakeoverChoice {
        standby(TakeoverMode.STANDBY), respawn(TakeoverMode.RESPAWN);

        final TakeoverMode mode;

        TakeoverChoice(TakeoverMode mode) {
            this.mode = mode;
        }
    }

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "The command and its arguments.")
    private List<String> command = List.of();

    @Override
    public Integer call() {
        if (!detached && !LocalTerminal.isInteractive()) {
            throw new HttyException(ExitCode.ERROR, "not a terminal: use -d to create the session without attaching");
        }
        PrefixKey prefix = detachKey.prefixKey();
        try (HttyClient client = htty.connect()) {
            CreateRequest request = createRequest(htty.environment());
            if (attachIfExists) {
                client.createUnlessExists(request);
            } else {
                client.create(request);
            }
            if (!detached) {
                InteractiveAttach.attach(client, AttachStart.newBuilder().setName(name).build(), prefix,
                        spec.commandLine().getOut());
            }
        }
        return 0;
    }

    private CreateRequest createRequest(Environment environment) {
        ScreenSize size = size();
        CreateRequest.Builder request = CreateRequest.newBuilder()
                .setName(name)
                .addAllArgv(command.isEmpty() ? List.of(environment.variable("SHELL").orElse("/bin/sh")) : command)
                .setCwd(environment.resolve(cwd == null ? Path.of("") : cwd).toString())
                .setCols(size.cols())
                .setRows(size.rows())
                .setTakeoverMode(takeover.mode);
        for (String variable : INHERITED_VARIABLES) {
            environment.variable(variable).ifPresent(value ->
                    request.addEnv(EnvVar.newBuilder().setName(variable).setValue(value)));
        }
        return request.build();
    }

    /** -x and -y, and this terminal's size for what they leave out. */
    private ScreenSize size() {
        if (cols != null && rows != null) {
            return new ScreenSize(cols, rows);
        }
        ScreenSize local = LocalTerminal.size();
        return new ScreenSize(cols != null ? cols : local.cols(), rows != null ? rows : local.rows());
    }
}
