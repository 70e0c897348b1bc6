package htty.process;

import static htty.process.PtyTesting.DEADLINE;
import static htty.process.PtyTesting.exists;
import static htty.process.PtyTesting.readToEnd;
import static htty.process.PtyTesting.readUntil;
import static htty.process.PtyTesting.spawn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class PtyProcessTest {

    @Test
    void readsWhatTheProgramPrints() throws Exception {
        try (PtyProcess p = spawn("/bin/sh", "-c", "printf hello")) {
            assertEquals("hello", new String(readToEnd(p), StandardCharsets.UTF_8));
            assertEquals(0, exitStatus(p));
        }
    }

    @Test
    void writesReachTheProgram() throws Exception {
        try (PtyProcess p = spawn("/bin/sh", "-c", "stty -echo; printf READY; exec cat")) {
            readUntil(p, "READY");
            p.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            // With echo off, all that comes back is cat's copy, its newline turned into CR LF by the PTY.
            assertEquals("ping\r\n", readUntil(p, "ping\r\n"));
        }
    }

    @Test
    void programSeesTheSizeItWasGivenAndThenTheNewOne() throws Exception {
        try (PtyProcess p = PtyProcess.spawn(List.of("/bin/sh", "-c", "stty size; read line; stty size"), List.of(),
                Path.of("/"), 100, 30)) {
            readUntil(p, "30 100\r\n");
            p.resize(120, 40);
            p.write("\n".getBytes(StandardCharsets.US_ASCII));
            readUntil(p, "40 120\r\n");
        }
    }

    @Test
    void termIsAlwaysXterm256color() throws Exception {
        try (PtyProcess p = PtyProcess.spawn(List.of("/bin/sh", "-c", "printf %s \"$TERM\""),
                List.of(Map.entry("TERM", "dumb")), Path.of("/"), 80, 24)) {
            assertEquals("xterm-256color", new String(readToEnd(p), StandardCharsets.UTF_8));
        }
    }

    @Test
    void environmentIsWhatWasGivenPlusTermAndTheLoginBasics() throws Exception {
        List<Map.Entry<String, String>> given = List.of(Map.entry("HTTY_A", "1"), Map.entry("HOME", "/nowhere"),
                Map.entry("HTTY_A", "2 = two"));
        try (PtyProcess p = PtyProcess.spawn(List.of("/usr/bin/env"), given, Path.of("/"), 80, 24)) {
            Map<String, String> seen = new HashMap<>();
            for (String line : new String(readToEnd(p), StandardCharsets.UTF_8).split("\r\n")) {
                int eq = line.indexOf('=');
                seen.put(line.substring(0, eq), line.substring(eq + 1));
            }
            Set<String> expected = new HashSet<>(Set.of("HTTY_A", "HOME", "TERM"));
            PtyProcess.INHERITED_ENV.stream().filter(System.getenv()::containsKey).forEach(expected::add);
            assertEquals(expected, seen.keySet());
            assertEquals("2 = two", seen.get("HTTY_A"));
            assertEquals("/nowhere", seen.get("HOME"));
            assertEquals("xterm-256color", seen.get("TERM"));
        }
    }

    @Test
    void sigtermEndsTheProgramWithStatus143() throws Exception {
        try (PtyProcess p = spawn("/bin/sh", "-c", "printf READY; exec sleep 100")) {
            readUntil(p, "READY");
            p.signal(15);
            assertEquals(128 + 15, exitStatus(p));
        }
    }

    @Test
    void aSignalSentRightAfterSpawningIsNotLost() throws Exception {
        // Until the child has exec'ed the program it is a copy of the JVM, which would swallow the signal.
        for (int i = 0; i < 20; i++) {
            try (PtyProcess p = spawn("sleep", "100")) {
                p.signal(15);
                assertEquals(128 + 15, exitStatus(p), "run " + i);
            }
        }
    }

    @Test
    void exitCodeIsReported() throws Exception {
        try (PtyProcess p = spawn("/bin/sh", "-c", "exit 3")) {
            assertEquals(3, exitStatus(p));
        }
    }

    @Test
    void signalsAreNotBlockedInTheProgram() throws Exception {
        // The JVM blocks some signals in its threads; a program that inherited that mask would ignore
        // Ctrl-\ (SIGQUIT) and the like.
        try (PtyProcess p = spawn("/bin/sh", "-c", "grep SigBlk /proc/self/status")) {
            assertEquals("SigBlk:\t0000000000000000\r\n", new String(readToEnd(p), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void closeHangsUpARunningProgram() throws Exception {
        PtyProcess p = spawn("/bin/sh", "-c", "printf READY; exec sleep 100");
        readUntil(p, "READY");
        p.close();
        assertFalse(exists(p.pid()), "pid " + p.pid() + " still exists");
        assertEquals(128 + 1, exitStatus(p));
    }

    @Test
    void closeKillsAProgramThatIgnoresHangups() throws Exception {
        PtyProcess p = spawn("/bin/sh", "-c", "trap '' HUP; printf READY; while :; do sleep 1; done");
        readUntil(p, "READY");
        p.close();
        assertFalse(exists(p.pid()), "pid " + p.pid() + " still exists");
        assertEquals(128 + 9, exitStatus(p));
    }

    @Test
    void closeIsIdempotentAndEndsTheUse() throws Exception {
        PtyProcess p = spawn("/bin/sh", "-c", "exec cat");
        p.close();
        p.close();
        assertThrows(IOException.class, () -> p.write(new byte[] {'x'}));
        assertThrows(IllegalStateException.class, () -> p.resize(10, 10));
        assertEquals(-1, p.read(new byte[10]));
        p.signal(15); // the program has exited: nothing to signal, and no error
    }

    @Test
    void outputWrittenJustBeforeExitIsNotLost() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (PtyProcess p = spawn("/usr/bin/seq", "1", "2000")) {
                byte[] expected = PtyTesting.seqOutput(2000);
                byte[] got = readToEnd(p);
                assertTrue(Arrays.equals(expected, got), "run " + i + ": got " + got.length + " of " + expected.length
                        + " bytes");
            }
        }
    }

    @Test
    void spawnExplainsWhatIsWrong() {
        IOException noDir = assertThrows(IOException.class, () -> PtyProcess.spawn(List.of("/bin/true"), List.of(),
                Path.of("/no/such/dir"), 80, 24));
        assertTrue(noDir.getMessage().contains("/no/such/dir"), noDir.getMessage());
        IOException noProgram = assertThrows(IOException.class, () -> spawn("htty-no-such-program"));
        assertTrue(noProgram.getMessage().contains("htty-no-such-program"), noProgram.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PtyProcess.spawn(List.of("/bin/true"),
                List.of(Map.entry("A=B", "c")), Path.of("/"), 80, 24));
        assertThrows(IllegalArgumentException.class, () -> PtyProcess.spawn(List.of("/bin/true"), List.of(),
                Path.of("/"), 0, 24));
    }

    private static int exitStatus(PtyProcess p) throws Exception {
        return p.exit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
