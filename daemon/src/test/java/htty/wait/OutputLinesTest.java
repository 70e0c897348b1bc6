package htty.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Output searched line by line as it arrives, and the text kept up to the match. */
class OutputLinesTest {
    @Test
    void findsTextSplitAcrossChunksAndKeepsTheTextUpToTheMatch() {
        OutputLines lines = new OutputLines(TextPattern.literal("done"), true);
        assertNull(lines.feed("a\nstill do"));
        TextPattern.Found found = lines.feed("ne, more\nignored");
        assertEquals("done", found.text());
        assertEquals("a\nstill done", lines.text());
    }

    @Test
    void aRegexMatchesWithinALineAndTheLineStillBeingWritten() {
        OutputLines lines = new OutputLines(TextPattern.regex("^\\$ $"), false);
        assertNull(lines.feed("x $ \n"));
        assertEquals("$ ", lines.feed("$ ").text());
        assertEquals("", lines.text(), "nothing kept unless asked");
    }

    @Test
    void aMatchDoesNotSpanLines() {
        OutputLines lines = new OutputLines(TextPattern.regex("a.b"), false);
        assertNull(lines.feed("a\nb\n"));
    }

    @Test
    void theKeptTextIsBounded() {
        OutputLines lines = new OutputLines(TextPattern.literal("end"), true);
        String line = "x".repeat(1000) + "\n";
        for (int i = 0; i < OutputLines.MAX_KEPT / line.length() + 10; i++) {
            lines.feed(line);
        }
        lines.feed("end");
        assertTrue(lines.truncated());
        assertTrue(lines.text().length() <= OutputLines.MAX_KEPT + 3 && lines.text().endsWith("x\nend"));
    }

    @Test
    void refusesAnEmptyTextAndStopsASlowRegex() {
        assertThrows(IllegalArgumentException.class, () -> TextPattern.literal(""));
        TextPattern slow = TextPattern.regex("(.*a){25}");
        assertThrows(TextPattern.TooSlow.class, () -> slow.find("a".repeat(60) + "!"));
    }
}
