package htty.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The typed line with its markers, and reading the output and status back. */
class ShellRunTest {
    private final ShellRun run = new ShellRun("echo 'hi'", "__httyT");

    @Test
    void typesTheCommandThroughEvalBetweenMarkers() {
        assertEquals(" printf '%s_start\\n' __httyT; eval 'echo '\\''hi'\\'''; printf '%s_end_%d_\\n' __httyT \"$?\"\r",
                new String(run.keys(), StandardCharsets.UTF_8));
    }

    @Test
    void theEchoOfTheTypedLineIsNoMarker() {
        String echo = new String(run.keys(), StandardCharsets.UTF_8);
        assertFalse(echo.contains("__httyT_start"));
        assertFalse(Pattern.compile(run.endPattern()).matcher(echo).find());
    }

    @Test
    void readsTheOutputBetweenTheMarkers() {
        String text = "$  printf '%s_start\\n' __httyT; eval ...\n__httyT_start\nhi\n__httyT_start\nno newline"
                + "__httyT_end_3_\n$ ";
        assertEquals(new ShellRun.Result("hi\n__httyT_start\nno newline", 3), run.result(text));
        assertThrows(IllegalStateException.class, () -> run.result("lost\n__httyT_end_0_"));
    }

    @Test
    void refusesControlCharactersButNewlines() {
        new ShellRun("for i in 1 2\ndo echo $i; done", "__httyT");
        assertThrows(IllegalArgumentException.class, () -> new ShellRun("a\tb", "__httyT"));
    }
}
