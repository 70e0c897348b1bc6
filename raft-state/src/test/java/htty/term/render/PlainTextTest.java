package htty.term.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import htty.term.Terminal;
import htty.term.TerminalConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client stream as plain text: characters and line feeds only. */
class PlainTextTest {
    private static String plain(String programOutput) {
        Terminal t = new Terminal(TerminalConfig.of(80, 24));
        return PlainText.of(t.feed(programOutput.getBytes(StandardCharsets.UTF_8)).clientBytes());
    }

    @Test
    void keepsTextAndLineFeeds() {
        assertEquals("a\nb é\n", plain("a\r\nb é\r\n"));
    }

    @Test
    void dropsSequencesAndHostileStrings() {
        assertEquals("XY\n", plain("\033]52;c;aGk=\007\033[c\033]0;title\007X\033[5n\033[1mY\033[0m\033P$q m\033\\\r\n"));
        assertEquals("ok", plain("\033[31mo\033[Kk\033(0\033(B\b\u0007"));
    }

    @Test
    void aTabReadsAsATab() {
        assertEquals("a\tb\n", plain("a\tb\r\n"));
    }
}
