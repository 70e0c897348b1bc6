package htty.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Scripting htty against real daemons: has, new -A, detach and attach -d/-r through a real PTY,
 * wait-for with and without --after-index, and run in bash, zsh (when installed) and sh.
 */
class ScriptingTest extends ClusterTestBase {
    private static Cli.Result ok(String... args) throws Exception {
        Cli.Result result = htty.run(args);
        assertEquals(0, result.exit(), String.join(" ", args) + ": " + result.stderr());
        return result;
    }

    private static void newShell(String name, String... command) throws Exception {
        newShellOfSize(name, 80, 24, command);
    }

    private static void newShellOfSize(String name, int cols, int rows, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("new", "-d", "-s", name, "-x", Integer.toString(cols), "-y",
                Integer.toString(rows), "--"));
        args.addAll(List.of(command));
        ok(args.toArray(String[]::new));
    }

    private static void awaitPrompt(PtyClient client) throws Exception {
        Await.until(Duration.ofSeconds(20), "the prompt on an attached client",
                () -> client.text().contains("$") || client.text().contains("#") ? true : null);
    }

    private static void awaitDetached(PtyClient client, String session) throws Exception {
        assertTrue(client.process.waitFor(20, TimeUnit.SECONDS), "the client ends: " + client.output());
        assertEquals(0, client.process.exitValue(), client.output());
        Await.until(Duration.ofSeconds(5), "the detach notice",
                () -> client.output().contains("[detached from " + session + "]") ? true : null);
    }

    @Test
    void hasAndNewA() throws Exception {
        Cli.Result absent = htty.run("has", "-t", "maybe");
        assertEquals(3, absent.exit());
        assertTrue(absent.stdout().isEmpty() && absent.stderr().contains("no such session"), absent.stderr());
        ok("new", "-A", "-d", "-s", "maybe", "--", "/bin/sh");
        ok("has", "-t", "maybe");
        ok("new", "-A", "-d", "-s", "maybe", "--", "/bin/sh");
        assertNotEquals(0, htty.run("new", "-d", "-s", "maybe", "--", "/bin/sh").exit(), "without -A it exists");
    }

    @Test
    void detachEndsEveryClientWhicheverDaemonAndReattachingShowsTheSameScreen() throws Exception {
        newShell("att", "/bin/sh");
        try (PtyClient viaN2 = new PtyClient(new Cli(cluster, cluster.nodes.get(1)), "attach", "-t", "att");
                PtyClient viaN3 = new PtyClient(new Cli(cluster, cluster.nodes.get(2)), "attach", "-t", "att")) {
            awaitPrompt(viaN2);
            awaitPrompt(viaN3);
            viaN2.type("echo before-$((2+3))\r");
            Await.until(Duration.ofSeconds(20), "before-5 on the other client",
                    () -> viaN3.text().contains("\nbefore-5\n") ? true : null);

            ok("detach", "-t", "att");

            awaitDetached(viaN2, "att");
            awaitDetached(viaN3, "att");
        }
        try (PtyClient again = new PtyClient(htty, "attach", "-t", "att")) {
            Await.until(Duration.ofSeconds(20), "the reattached client showing the session's screen", () -> {
                String screen = ok("capture", "-t", "att").stdout();
                return screen.contains("\nbefore-5\n") && screen.equals(again.text()) ? true : null;
            });
        }
    }

    @Test
    void attachDDetachesTheOthersAndAttachRSendsNoKeys() throws Exception {
        newShell("excl", "/bin/sh");
        try (PtyClient first = new PtyClient(htty, "attach", "-t", "excl")) {
            awaitPrompt(first);
            try (PtyClient second = new PtyClient(htty, "attach", "-d", "-t", "excl")) {
                awaitDetached(first, "excl");
                awaitPrompt(second);
                assertTrue(second.process.isAlive(), "attach -d keeps its own attachment");
                try (PtyClient reader = new PtyClient(htty, "attach", "-r", "-t", "excl")) {
                    awaitPrompt(reader);
                    assertTrue(reader.output().contains("read-only"), reader.output());
                    reader.type("echo from-reader-$((1+1))\r");
                    second.type("echo from-writer-$((1+1))\r");
                    Await.until(Duration.ofSeconds(20), "the writer's line on the read-only client",
                            () -> reader.text().contains("from-writer-2\n") ? true : null);
                    assertTrue(!ok("capture", "-t", "excl").stdout().contains("from-reader"), "read-only keys are not sent");
                    reader.type("\u0002d");
                    awaitDetached(reader, "excl");
                }
                assertTrue(second.process.isAlive(), "a read-only client does not detach the others");
            }
        }
    }

    @Test
    void waitForMatchesOnlyWhatWasPrintedAfterTheIndex() throws Exception {
        newShell("w", "/bin/sh");
        ok("send-keys", "-t", "w", "echo $((6*7))", "Enter");
        long first = Long.parseLong(ok("wait-for", "-t", "w", "--text", "42").stdout().strip());

        long sent = index(ok("send-keys", "-t", "w", "--json", "echo nothing-$((1+1))", "Enter"));
        Cli.Result old = htty.run("wait-for", "-t", "w", "--text", "42", "--after-index", Long.toString(sent),
                "--timeout", "2s");
        assertEquals(5, old.exit(), "42 is on the screen, but was not printed after the keys: " + old.stdout());
        assertTrue(old.stderr().contains("timed out"), old.stderr());
        assertEquals(5, htty.run("wait-for", "-t", "w", "--output", "--text", "42", "--after-index",
                Long.toString(sent), "--timeout", "1s").exit());

        long again = index(ok("send-keys", "-t", "w", "--json", "echo $((6*7))", "Enter"));
        long matched = Long.parseLong(ok("wait-for", "-t", "w", "--text", "42", "--after-index",
                Long.toString(again)).stdout().strip());
        assertTrue(matched > again && again > first, first + " < " + again + " < " + matched);
        Cli.Result output = ok("wait-for", "-t", "w", "--output", "--regex", "^4\\d$", "--after-index",
                Long.toString(again), "--json");
        assertTrue(output.stdout().matches("\\{\"index\":\\d+,\"match\":\"42\"}\\n"), output.stdout());

        Cli.Result never = htty.run("wait-for", "-t", "w", "--text", "never-printed", "--timeout", "1s");
        assertEquals(5, never.exit());
        assertEquals("", never.stdout());
    }

    private static long index(Cli.Result sendKeysJson) {
        return Long.parseLong(sendKeysJson.stdout().replaceAll("\\D", ""));
    }

    @Test
    void runGivesTheOutputAndStatusInBashZshAndSh() throws Exception {
        for (List<String> shell : List.of(List.of("/bin/bash", "--norc", "-i"), List.of("/usr/bin/zsh", "-f"),
                List.of("/bin/sh"))) {
            if (!Files.isExecutable(Path.of(shell.getFirst()))) {
                continue; // zsh is not everywhere
            }
            String name = "run-" + Path.of(shell.getFirst()).getFileName();
            newShell(name, shell.toArray(String[]::new));
            Cli.Result fails = htty.run("run", "-t", name, "--", "false");
            assertEquals(1, fails.exit(), name + ": " + fails.stderr());
            assertEquals("", fails.stdout());
            assertEquals("a\nb\n", ok("run", "-t", name, "--", "printf \"a\\nb\\n\"").stdout(), name);
            assertEquals("42\n", ok("run", "-t", name, "--", "echo $((6*7))").stdout(), name);
            Cli.Result seven = htty.run("run", "-t", name, "--", "echo \"it's # no comment\"; (exit 7)");
            assertEquals(7, seven.exit(), name);
            assertEquals("it's # no comment\n", seven.stdout(), name);
        }
    }

    @Test
    void runKeepsHostileOutputPlain() throws Exception {
        newShell("hostile", "/bin/sh");
        String out = ok("run", "-t", "hostile", "--",
                "printf '\\033]52;c;aGk=\\007\\033[c\\033]0;title\\007X\\033[5n\\033[1mY\\033[0m\\033P$q m\\033\\\\\\n'")
                .stdout();
        assertEquals("XY\n", out);
    }

    @Test
    void eventsTellAProgramWhatHappensToTheSessionInPlainText() throws Exception {
        Duration wait = Duration.ofSeconds(20);
        newShellOfSize("ev", 60, 20, "/bin/sh");
        try (EventStream events = new EventStream(htty, "-t", "ev")) {
            events.await(wait, "\"type\":\"screen\"", "\"cols\":60", "\"rows\":20");
            // Escape sequences: a clipboard write, a title, bold. None reaches the text.
            ok("send-keys", "-t", "ev", "-l", "printf 'ab\\033]52;c;aGk=\\007c\\033]0;t\\007d\\033[1me\\033[0m\\n'");
            ok("send-keys", "-t", "ev", "Enter");
            events.awaitText(wait, "abcde");
            String printed = events.lines().getLast();

            try (PtyClient client = new PtyClient(new Cli(cluster, cluster.nodes.get(2)), "attach", "-t", "ev")) {
                String attached = events.await(wait, "\"type\":\"attach\"", "\"read_only\":false");
                events.await(wait, "\"type\":\"resize\"", "\"cols\":80", "\"rows\":24");
                ok("detach", "-t", "ev");
                awaitDetached(client, "ev");
                events.await(wait, "\"type\":\"detach-all\"");
                events.await(wait, "\"type\":\"detach\"", "\"client\":\"" + field(attached, "client") + "\"");
            }

            // Another watcher carries on from where an output line ended: no screen first, no byte twice.
            long end = Long.parseLong(field(printed, "end"));
            try (EventStream later = new EventStream(htty, "-t", "ev", "--from-offset", Long.toString(end))) {
                ok("send-keys", "-t", "ev", "echo after", "Enter");
                later.await(wait, "after");
                String first = later.lines().getFirst();
                assertTrue(first.contains("\"type\":\"output\"") && first.contains("\"offset\":" + end), first);
            }

            ok("send-keys", "-t", "ev", "exit 7", "Enter");
            events.await(wait, "\"type\":\"exit\"", "\"status\":7");
            assertEquals(0, events.awaitExit(wait), "events ends with the session, and says so by exit 0");
            for (String line : events.lines()) {
                // The JSON writer escapes control characters as \\u00XX: none may reach a program.
                assertTrue(!line.contains("\\u00"), "a control character in " + line);
            }
        }
    }

    @Test
    void hostileOutputReachesNoTextAsControlBytes() throws Exception {
        // A clipboard write, a device attributes query, a title, a status report, a DCS query, bold,
        // a broken CSI and a lone escape. The emulator answers the queries as input, which the PTY echoes.
        newShell("hostile-ev", "/bin/sh", "-c", "printf 'ab\\033]52;c;aGk=\\007\\033[c\\033]0;t\\007c\\033[5nd"
                + "\\033P$q m\\033\\\\\\033[1me\\033[0m\\033[12\\033\\nf\\n'; exec sleep 600");
        try (EventStream events = new EventStream(htty, "-t", "hostile-ev")) {
            events.awaitText(Duration.ofSeconds(20), "abcde");
            String screen = Await.until(Duration.ofSeconds(20), "the output on the screen", () -> {
                String text = ok("capture", "-t", "hostile-ev", "-p").stdout();
                return text.contains("abcde") ? text : null;
            });
            assertTrue(screen.chars().allMatch(c -> c == '\n' || c >= 0x20 && c != 0x7F), screen);
            for (String line : events.lines()) {
                assertTrue(!line.contains("\\u00"), "a control character in " + line);
            }
        }
    }

    /** A field of a flat JSON line, as text (a string's value, or a number). */
    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    void runRefusesAFullScreenProgramAndTimesOut() throws Exception {
        newShell("full", "/bin/sh", "-c", "printf '\\033[?1049h'; exec sleep 600");
        Await.until(Duration.ofSeconds(20), "the alternate screen", () -> {
            Cli.Result refused = htty.run("run", "-t", "full", "--timeout", "20s", "--", "true");
            return refused.exit() == 1 && refused.stderr().contains("not at a shell prompt") ? true : null;
        });

        newShell("slow", "/bin/sh");
        Cli.Result slow = htty.run("run", "-t", "slow", "--timeout", "1s", "--", "sleep 5");
        assertEquals(5, slow.exit(), slow.stderr());
        assertTrue(slow.stderr().contains("timed out"), slow.stderr());
    }
}
