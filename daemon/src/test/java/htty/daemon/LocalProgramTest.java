package htty.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import htty.proto.log.Applied;
import htty.proto.log.Command;
import htty.proto.log.TakeoverMode;
import htty.session.Effect;
import htty.term.TerminalConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A session's program on one daemon, with a real PTY. */
class LocalProgramTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** A standby proposes nothing. */
    private static final LocalProgram.Proposer NO_PROPOSALS = new LocalProgram.Proposer() {
        @Override
        public CompletableFuture<Applied> propose(Command command) {
            throw new AssertionError("a standby proposed " + command.getKindCase());
        }

        @Override
        public CompletableFuture<Applied> proposeHere(Command command) {
            throw new AssertionError("a standby proposed " + command.getKindCase());
        }
    };

    /**
     * Keys committed as the program starts reach it once it has set its terminal up: written before
     * its {@code stty raw -echo} ran, they were echoed by the PTY's line discipline and then printed
     * by {@code cat} as well (a respawned program, typed to as it started, showed keys twice so).
     */
    @Test
    void keysWrittenAsTheProgramStartsShowOnce() throws Exception {
        Effect.Spawn spawn = new Effect.Spawn(1, List.of("sh", "-c", "sleep 0.1; stty raw -echo; exec cat"),
                List.of(), "/", TerminalConfig.of(80, 24), TakeoverMode.STANDBY);
        try (LocalProgram program = LocalProgram.start(spawn, "n1", 0, new byte[0], true, NO_PROPOSALS, p -> { })) {
            program.write(1, "first-key ".getBytes(StandardCharsets.UTF_8));
            program.write(2, "second-key".getBytes(StandardCharsets.UTF_8));
            String shown = awaitShadow(program, "second-key");
            assertEquals(1, shown.split("first-key", -1).length - 1, shown);
        }
    }

    /**
     * A voice's output goes to this daemon's own server only, batch after batch as printed: a batch
     * proposed through the forwarding path while a re-elected leader settled was appended after the
     * next one, and two echoes showed swapped for good (found by the chaos bench).
     */
    @Test
    void aVoiceProposesItsOutputToItsOwnServerOnlyInTheOrderPrinted() throws Exception {
        List<String> appended = new CopyOnWriteArrayList<>();
        List<String> forwarded = new CopyOnWriteArrayList<>();
        AtomicLong index = new AtomicLong();
        LocalProgram.Proposer leader = new LocalProgram.Proposer() {
            @Override
            public CompletableFuture<Applied> propose(Command command) {
                forwarded.add(command.getKindCase().toString());
                return CompletableFuture.failedFuture(new IllegalStateException("forwarded"));
            }

            @Override
            public CompletableFuture<Applied> proposeHere(Command command) {
                if (command.hasOutput()) {
                    appended.add(command.getOutput().getData().toStringUtf8());
                }
                return CompletableFuture.completedFuture(Applied.newBuilder().setIndex(index.incrementAndGet()).build());
            }
        };
        Effect.Spawn spawn = new Effect.Spawn(1, List.of("sh", "-c", "stty raw -echo; exec cat"),
                List.of(), "/", TerminalConfig.of(80, 24), TakeoverMode.STANDBY);
        try (LocalProgram program = LocalProgram.start(spawn, "n1", 0, new byte[0], true, leader, p -> { })) {
            assertEquals(LocalProgram.Outcome.VOICE, program.becomeVoice(1, TakeoverMode.STANDBY));
            for (int i = 1; i <= 20; i++) {
                program.write(i, String.format("key-%02d ", i).getBytes(StandardCharsets.UTF_8));
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!String.join("", appended).contains("key-20") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            StringBuilder expected = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                expected.append(String.format("key-%02d ", i));
            }
            assertEquals(expected.toString(), String.join("", appended));
            assertEquals(List.of(), forwarded, "proposals through the forwarding path");
        }
    }

    private static String awaitShadow(LocalProgram program, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            String text = program.quietShadowText(Duration.ofMillis(200));
            if (text != null && text.contains(expected)) {
                return text;
            }
            Thread.sleep(20);
        }
        fail("the standby's screen never showed " + expected);
        return null;
    }
}
