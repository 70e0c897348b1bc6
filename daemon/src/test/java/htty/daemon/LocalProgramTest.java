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
