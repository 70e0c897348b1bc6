package htty.term.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import htty.term.Terminal;
import htty.term.TerminalConfig;
import htty.term.render.JsonCells;
import htty.term.render.Redraw;
import htty.term.render.TextCapture;
import htty.term.render.CaptureRange;
import htty.term.snapshot.SnapshotFormatException;
import htty.term.snapshot.TerminalCodec;

/**
 * Jazzer targets. In a plain {@code mvn test} each runs over its seed inputs (resources beside this
 * class); {@code JAZZER_FUZZ=1} fuzzes them, for {@code maxDuration}.
 */
class EmulatorFuzzTest {
    /** Any bytes, any size, any resize: no exception, the invariants hold, memory stays bounded. */
    @FuzzTest(maxDuration = "60s")
    void anyBytesIntoTheEmulator(FuzzedDataProvider data) throws SnapshotFormatException {
        int cols = data.consumeInt(1, 200);
        int rows = data.consumeInt(1, 60);
        int scrollback = data.consumeInt(0, 100);
        Terminal t = new Terminal(new TerminalConfig(cols, rows, scrollback, data.consumeBoolean()));
        while (data.remainingBytes() > 0) {
            if (data.consumeInt(0, 20) == 0) {
                t.resize(data.consumeInt(1, 200), data.consumeInt(1, 60));
            }
            t.feed(data.consumeBytes(data.consumeInt(1, 512)));
        }
        assertTrue(t.cursorX() < t.cols() && t.cursorY() < t.rows());
        byte[] snapshot = TerminalCodec.encode(t);
        // Bounded: every line of screen and history, at a generous 40 bytes a cell, plus the parser's buffers.
        long bound = (long) (scrollback + t.rows()) * Math.max(cols, t.cols()) * 40 + 64 * 1024;
        assertTrue(snapshot.length < bound, "snapshot of " + snapshot.length + " bytes exceeds " + bound);
        Terminal restored = TerminalCodec.decode(snapshot); // validates every cell
        assertArrayEquals(snapshot, TerminalCodec.encode(restored));
        Redraw.render(t);
        TextCapture.render(t, new CaptureRange(CaptureRange.HISTORY_START, CaptureRange.SCREEN_END), true, true);
        JsonCells.render(t);
    }

    /** Any bytes into the snapshot decoder: a value or a clear error, never an out-of-memory or a hang. */
    @FuzzTest(maxDuration = "60s")
    void anyBytesIntoTheSnapshotDecoder(byte[] record) {
        try {
            Terminal t = TerminalCodec.decode(record);
            assertArrayEquals(record, TerminalCodec.encode(t), "a record that decodes is canonical");
        } catch (SnapshotFormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }
}
