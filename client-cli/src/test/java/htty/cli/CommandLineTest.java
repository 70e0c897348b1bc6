package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htty.client.Endpoint;
import htty.client.FakeDaemon;
import htty.proto.api.CaptureReply;
import htty.proto.api.CaptureRequest;
import htty.proto.api.CreateRequest;
import htty.proto.api.DetachRequest;
import htty.proto.api.KillRequest;
import htty.proto.api.ListReply;
import htty.proto.api.SendInputRequest;
import htty.proto.api.SessionInfo;
import htty.proto.api.WaitForReply;
import htty.proto.api.WaitForRequest;
import htty.proto.log.EnvVar;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The htty command from its arguments to the requests it makes, its output and its exit code. */
class CommandLineTest {

    @TempDir
    Path work;

    private final List<FakeDaemon> daemons = new ArrayList<>();
    private final Map<String, String> variables = new HashMap<>();
    private FakeDaemon n1;
    private Path token;
    private String out;
    private String err;

    @BeforeEach
    void startDaemon() throws IOException {
        n1 = daemon("n1");
        token = Files.writeString(work.resolve("token"), "secret");
        variables.put("HOME", "/home/me");
        variables.put("USER", "me");
        variables.put("PATH", "/usr/bin:/bin");
        variables.put("TERM", "xterm-kitty");
    }

    @AfterEach
    void stopDaemons() {
        for (FakeDaemon daemon : daemons) {
            daemon.close();
        }
    }

    @Test
    void sendKeysSendsTheKeysAsOneInput() {
        assertEquals(0, htty("send-keys", "-t", "s", "--json", "echo", "Space", "hi", "Enter", "C-c"));

        SendInputRequest input = (SendInputRequest) n1.received.getFirst();
        assertEquals("s", input.getName());
        assertEquals("echo hi\r\u0003", input.getData().toStringUtf8());
        assertEquals("{\"index\":101}\n", out);
        assertEquals(1, n1.received.size());
    }

    @Test
    void sendKeysLiterally() {
        assertEquals(0, htty("send-keys", "-t", "s", "-l", "Enter", " C-c"));

        assertEquals("Enter C-c", ((SendInputRequest) n1.received.getFirst()).getData().toStringUtf8());
        assertEquals("", out);
    }

    @Test
    void sendKeysNeedsKeys() {
        assertEquals(2, htty("send-keys", "-t", "s"));
        assertEquals(0, n1.received.size());
    }

    @Test
    void captureAsksForWhatTheOptionsSay() {
        n1.onCapture(request -> CaptureReply.newBuilder().setText("line 1\nline 2").build());

        assertEquals(0, htty("capture", "-p", "-t", "s", "-e", "-J", "-S", "-", "-E", "5", "--min-index", "9"));

        CaptureRequest request = (CaptureRequest) n1.received.getFirst();
        assertEquals(CaptureRequest.newBuilder().setName("s").setFormat(CaptureRequest.Format.ESCAPES).setJoin(true)
                .setStartOfHistory(true).setHasEnd(true).setEnd(5).setMinIndex(9).build(), request);
        assertEquals("line 1\nline 2\n", out);
    }

    @Test
    void captureTakesNegativeLinesAndTheScreensBottom() {
        assertEquals(0, htty("capture", "-t", "s", "--json", "-S", "-10", "-E", "-"));

        assertEquals(CaptureRequest.newBuilder().setName("s").setFormat(CaptureRequest.Format.JSON)
                .setHasStart(true).setStart(-10).build(), n1.received.getFirst());
    }

    @Test
    void captureDigest() {
        n1.onCapture(request -> CaptureReply.newBuilder().setDigest("9f86d0").setAppliedIndex(12).build());

        assertEquals(0, htty("capture", "-t", "s", "--digest"));

        assertEquals("9f86d0 12 n1\n", out);
    }

    @Test
    void captureOnANodeAsksThatNode() throws IOException {
        FakeDaemon n2 = daemon("n2").onCapture(request -> CaptureReply.newBuilder().setText("from n2\n").build());

        assertEquals(0, htty("--cluster", n1.endpoint() + "," + n2.endpoint(), "capture", "-t", "s", "--node", "n2"));

        assertEquals("from n2\n", out);
        assertEquals(0, n1.count(CaptureRequest.class));
    }

    @Test
    void captureRefusesTwoFormats() {
        assertEquals(2, htty("capture", "-t", "s", "-e", "--json"));
        assertTrue(err.contains("-e and --json"), err);
    }

    @Test
    void captureRefusesALineThatIsNotOne() {
        assertEquals(2, htty("capture", "-t", "s", "-S", "top"));
        assertTrue(err.contains("'top' is neither a line number nor -"), err);
    }

    @Test
    void lsListsTheSessions() {
        n1.listing(ListReply.newBuilder().setAppliedIndex(9)
                .addSessions(SessionInfo.newBuilder().setName("a").setCols(80).setRows(24).addArgv("bash").addArgv("-l")
                        .setTakeoverMode("standby"))
                .addSessions(SessionInfo.newBuilder().setName("b").setCols(100).setRows(30).setExited(true).setExitStatus(2)
                        .addArgv("sh").setTakeoverMode("respawn"))
                .build());

        assertEquals(0, htty("ls"));
        assertEquals("a: 80x24, running, standby, bash -l\nb: 100x30, exited with status 2, respawn, sh\n", out);

        assertEquals(0, htty("ls", "--json"));
        assertTrue(out.startsWith("{\"applied_index\":9,\"sessions\":[{\"name\":\"a\",\"id\":0,\"cols\":80,\"rows\":24,"
                + "\"exited\":false,\"exit_status\":0,\"argv\":[\"bash\",\"-l\"]"), out);
    }

    @Test
    void killHangsUpTheSession() {
        assertEquals(0, htty("kill", "-t", "s"));

        KillRequest kill = (KillRequest) n1.received.getFirst();
        assertEquals(KillRequest.newBuilder().setName("s").setSignal(0).setRequestId(kill.getRequestId()).build(), kill);
        assertTrue(!kill.getRequestId().isEmpty(), "a request id makes a retried kill safe");
    }

    @Test
    void anUnknownSessionExitsWithThree() {
        n1.failWith(Status.NOT_FOUND.withDescription("no session named s"));

        assertEquals(3, htty("kill", "-t", "s"));

        assertEquals("htty: no session named s\n", err);
    }

    @Test
    void aRefusedTokenExitsWithOneAndSaysWhereItCameFrom() {
        n1.requireToken("other");

        assertEquals(1, htty("ls"));

        assertTrue(err.contains("wrong or missing") && err.contains(token.toString()), err);
    }

    @Test
    void newCreatesTheSessionItDescribes() throws IOException {
        Files.createDirectory(work.resolve("sub"));

        assertEquals(0, htty("new", "-d", "-s", "s", "-x", "100", "-y", "30", "-c", "sub", "--", "top", "-d", "1"));

        CreateRequest create = (CreateRequest) n1.received.getFirst();
        assertEquals("s", create.getName());
        assertEquals(List.of("top", "-d", "1"), create.getArgvList());
        assertEquals(work.resolve("sub").toString(), create.getCwd());
        assertEquals(100, create.getCols());
        assertEquals(30, create.getRows());
        assertEquals(List.of(env("HOME", "/home/me"), env("USER", "me"), env("PATH", "/usr/bin:/bin")), create.getEnvList());
    }

    @Test
    void newRunsTheShellInTheWorkingDirectoryAtTheDefaultSize() {
        variables.put("SHELL", "/bin/zsh");

        assertEquals(0, htty("new", "-d", "-s", "s", "-x", "120"));

        CreateRequest create = (CreateRequest) n1.received.getFirst();
        assertEquals(List.of("/bin/zsh"), create.getArgvList());
        assertEquals(work.toString(), create.getCwd());
        assertEquals(120, create.getCols());
        assertEquals(24, create.getRows());
    }

    @Test
    void newWithoutAShellRunsBinSh() {
        assertEquals(0, htty("new", "-d", "-s", "s", "top", "-d", "1"));
        assertEquals(0, htty("new", "-d", "-s", "t"));

        assertEquals(List.of("top", "-d", "1"), ((CreateRequest) n1.received.get(0)).getArgvList(), "options end at CMD");
        assertEquals(List.of("/bin/sh"), ((CreateRequest) n1.received.get(1)).getArgvList());
    }

    @Test
    void newRefusesToAttachWithoutATerminalBeforeCreatingAnything() {
        assertEquals(1, htty("new", "-s", "s"));

        assertTrue(err.contains("not a terminal: use -d"), err);
        assertEquals(0, n1.received.size());
    }

    @Test
    void attachRefusesADetachKeyOfMoreThanOneByte() {
        assertEquals(2, htty("attach", "-t", "s", "--detach-key", "Up"));
        assertTrue(err.contains("--detach-key"), err);
    }

    @Test
    void statusShowsEveryEndpoint() throws IOException {
        Endpoint down = closedPort();

        assertEquals(0, htty("--cluster", n1.endpoint() + "," + down, "status"));

        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("NODE"), out);
        assertTrue(lines[1].startsWith("n1    " + n1.endpoint()), out);
        assertTrue(lines[2].startsWith("?     " + down) && lines[2].contains("unavailable"), out);

        assertEquals(0, htty("--cluster", n1.endpoint() + "," + down, "status", "--json"));
        assertTrue(out.startsWith("[{\"endpoint\":\"" + n1.endpoint() + "\",\"id\":\"n1\",\"role\":\"FOLLOWER\""), out);
        assertTrue(out.contains("{\"endpoint\":\"" + down + "\",\"error\":"), out);
    }

    @Test
    void statusFailsWhenNoDaemonAnswers() throws IOException {
        assertEquals(4, htty("--cluster", closedPort().toString(), "status"));
    }

    @Test
    void withoutAClusterItSaysHowToGetOne() {
        assertEquals(1, htty("--dir", work.resolve("empty").toString(), "ls"));

        assertTrue(err.startsWith("htty: no cluster: run `htty up` or pass --cluster"), err);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, htty());
        assertEquals(2, htty("frobnicate"));
        assertEquals(2, htty("kill"));
        assertEquals(2, htty("up", "-n", "0"));
        assertEquals(2, htty("up", "-n", "4"));
        assertEquals(0, n1.received.size());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("up", "down", "new", "attach", "a", "ls", "kill", "send-keys", "capture", "status",
                "has", "detach", "wait-for", "run")) {
            assertEquals(0, htty(command, "--help"), command);
            assertTrue(out.startsWith("Usage: htty "), out);
        }
        assertEquals(0, htty("--version"));
        assertTrue(out.startsWith("htty "), out);
    }

    @Test
    void hasExitsThreeForAnAbsentSession() {
        n1.listing(ListReply.newBuilder().addSessions(SessionInfo.newBuilder().setName("a")).build());

        assertEquals(0, htty("has", "-t", "a"));
        assertEquals(3, htty("has", "-t", "b"));
        assertEquals("", out);
        assertEquals("htty: no such session: b\n", err);
    }

    @Test
    void detachAsksForTheSession() {
        assertEquals(0, htty("detach", "-t", "s"));

        assertEquals(DetachRequest.newBuilder().setName("s").build(), n1.received.getFirst());
    }

    @Test
    void waitForSendsThePatternAndPrintsTheIndex() {
        n1.waitForReply(WaitForReply.newBuilder().setMatched(true).setIndex(77).setMatch("42").build());

        assertEquals(0, htty("wait-for", "-t", "s", "--regex", "4.", "--output", "--after-index", "70",
                "--timeout", "2s"));

        WaitForRequest request = (WaitForRequest) n1.received.getFirst();
        assertEquals("4.", request.getRegex());
        assertTrue(request.getOutput());
        assertEquals(70, request.getAfterIndex());
        assertTrue(request.getTimeoutMs() > 0 && request.getTimeoutMs() <= 2000, request.toString());
        assertEquals("77\n", out);
    }

    @Test
    void waitForTimesOutWithFive() {
        assertEquals(5, htty("wait-for", "-t", "s", "--text", "never", "--timeout", "1s"));

        assertEquals("", out);
        assertTrue(err.startsWith("htty: timed out after 1s"), err);
    }

    @Test
    void waitForNeedsExactlyOneOfTextAndRegex() {
        assertEquals(2, htty("wait-for", "-t", "s"));
        assertEquals(2, htty("wait-for", "-t", "s", "--text", "a", "--regex", "b"));
        assertEquals(0, n1.received.size());
    }

    @Test
    void runRefusesAFullScreenProgramBeforeTypingAnything() {
        n1.onCapture(request -> CaptureReply.newBuilder().setAlternateScreen(true).build());

        assertEquals(1, htty("run", "-t", "s", "--", "true"));

        assertTrue(err.contains("not at a shell prompt"), err);
        assertEquals(0, n1.count(SendInputRequest.class));
    }

    /** Runs htty with the token, and with n1 as the cluster unless the arguments name one. */
    @Test
    void theManPageHasEveryCommandOptionAndExitCode() {
        assertEquals(0, htty("man"));

        assertTrue(out.startsWith(".TH HTTY 1 "), out);
        for (String command : List.of("up", "down", "new", "attach", "ls", "kill", "send\\-keys", "capture", "status",
                "has", "detach", "wait\\-for", "run", "events", "node", "node drain", "node list", "completion", "man")) {
            assertTrue(out.contains("\n.SS htty " + command + "\n"), command);
        }
        assertTrue(out.contains("\n.B \\-\\-from\\-offset N\n"), "an option with its parameter");
        assertTrue(out.contains("\n.B \\-\\-cluster HOST:PORT,...\n"), "a global option");
        assertTrue(out.contains("\n.SH EXIT STATUS\n") && out.contains("\n.B 5\ntimed out"), "the exit codes");
        assertTrue(out.lines().noneMatch(line -> line.startsWith(".") && line.contains("\\-") && line.startsWith("..")),
                "no line a roff reader would take for an unknown request");
    }

    @Test
    void completionScriptsKnowTheCommandsAndOptions() {
        assertEquals(0, htty("completion", "bash"));
        String bash = out;
        assertTrue(bash.contains("complete -F _complete_htty") && bash.contains("events") && bash.contains("--from-offset"),
                bash);
        assertEquals(0, htty("completion", "zsh"));
        assertTrue(out.contains("bashcompinit"), "zsh loads its bash completion emulation");
        assertEquals(2, htty("completion", "fish"));
    }

    private int htty(String... args) {
        List<String> arguments = new ArrayList<>(List.of("--token-file", token.toString()));
        if (!List.of(args).contains("--cluster") && !List.of(args).contains("--dir")) {
            arguments.addAll(List.of("--cluster", n1.endpoint().toString()));
        }
        arguments.addAll(List.of(args));
        CommandLine commandLine = Main.commandLine(new Environment(variables, work, Path.of("/nonexistent-home")));
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        commandLine.setOut(new PrintWriter(outText, true));
        commandLine.setErr(new PrintWriter(errText, true));
        int code = commandLine.execute(arguments.toArray(String[]::new));
        out = outText.toString();
        err = errText.toString();
        return code;
    }

    private FakeDaemon daemon(String id) throws IOException {
        FakeDaemon daemon = FakeDaemon.start(id);
        daemons.add(daemon);
        return daemon;
    }

    private static EnvVar env(String name, String value) {
        return EnvVar.newBuilder().setName(name).setValue(value).build();
    }

    private static Endpoint closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new Endpoint("127.0.0.1", socket.getLocalPort());
        }
    }
}
