package htty.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * send-keys' key names. The expected bytes were checked against tmux 3.3a (send-keys into
 * {@code stty raw; cat -v}), except where this class says it departs from it.
 */
class KeyNamesTest {

    /** A key name and the bytes it sends, written with \e for ESC. */
    record Case(String key, String bytes) {
        @Override
        public String toString() {
            return key;
        }
    }

    static List<Case> keys() {
        return List.of(
                // Control: letters, @[\]^_ and ? (DEL); Space is NUL.
                new Case("C-c", "\u0003"),
                new Case("C-a", "\u0001"),
                new Case("C-z", "\u001a"),
                new Case("C-A", "\u0001"),
                new Case("c-c", "\u0003"),
                new Case("^c", "\u0003"),
                new Case("C-@", "\u0000"),
                new Case("C-[", "\\e"),
                new Case("C-\\", "\u001c"),
                new Case("C-]", "\u001d"),
                new Case("C-^", "\u001e"),
                new Case("C-_", "\u001f"),
                new Case("C-?", "\u007f"),
                new Case("C-Space", "\u0000"),
                // Meta: ESC first.
                new Case("M-x", "\\ex"),
                new Case("m-x", "\\ex"),
                new Case("M-C-c", "\\e\u0003"),
                new Case("C-M-c", "\\e\u0003"),
                new Case("M--", "\\e-"),
                new Case("M-Enter", "\\e\r"),
                new Case("M-Tab", "\\e\t"),
                new Case("M-BSpace", "\\e\u007f"),
                new Case("M-BTab", "\\e\\e[Z"),
                new Case("M-é", "\\eé"),
                // Named keys, case-insensitive.
                new Case("Enter", "\r"),
                new Case("enter", "\r"),
                new Case("Escape", "\\e"),
                new Case("Tab", "\t"),
                new Case("BTab", "\\e[Z"),
                new Case("BSpace", "\u007f"),
                new Case("Space", " "),
                new Case("Up", "\\e[A"),
                new Case("Down", "\\e[B"),
                new Case("Right", "\\e[C"),
                new Case("Left", "\\e[D"),
                new Case("Home", "\\e[H"),
                new Case("End", "\\e[F"),
                new Case("PageUp", "\\e[5~"),
                new Case("PPage", "\\e[5~"),
                new Case("PgUp", "\\e[5~"),
                new Case("PageDown", "\\e[6~"),
                new Case("NPage", "\\e[6~"),
                new Case("PgDn", "\\e[6~"),
                new Case("IC", "\\e[2~"),
                new Case("Insert", "\\e[2~"),
                new Case("DC", "\\e[3~"),
                new Case("Delete", "\\e[3~"),
                new Case("F1", "\\eOP"),
                new Case("F2", "\\eOQ"),
                new Case("F3", "\\eOR"),
                new Case("F4", "\\eOS"),
                new Case("F5", "\\e[15~"),
                new Case("F6", "\\e[17~"),
                new Case("F7", "\\e[18~"),
                new Case("F8", "\\e[19~"),
                new Case("F9", "\\e[20~"),
                new Case("F10", "\\e[21~"),
                new Case("F11", "\\e[23~"),
                new Case("F12", "\\e[24~"),
                // Modifiers on cursor and function keys: xterm's parameter 1 + shift 1 + meta 2 + ctrl 4.
                new Case("S-Up", "\\e[1;2A"),
                new Case("M-Up", "\\e[1;3A"),
                new Case("C-Up", "\\e[1;5A"),
                new Case("C-S-Up", "\\e[1;6A"),
                new Case("C-M-S-Left", "\\e[1;8D"),
                new Case("C-Home", "\\e[1;5H"),
                new Case("C-F1", "\\e[1;5P"),
                new Case("S-F5", "\\e[15;2~"),
                new Case("C-DC", "\\e[3;5~"),
                new Case("M-PageUp", "\\e[5;3~"),
                // Departures from tmux 3.3a, which sends nothing for these or the name as text.
                new Case("S-Tab", "\\e[Z"),
                new Case("S-a", "A"),
                new Case("C-Tab", "\t"),
                new Case("C-1", "1"),
                // Not key names: sent as text.
                new Case("hello", "hello"),
                new Case("a", "a"),
                new Case("é", "é"),
                new Case("C-", "C-"),
                new Case("--", "--"),
                new Case("X-a", "X-a"),
                new Case("C-Nope", "C-Nope"),
                new Case("F13", "F13"),
                new Case("^", "^"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void translatesTmuxKeyNames(Case key) {
        assertEquals(escaped(key.bytes()), escaped(new String(KeyNames.keys(List.of(key.key())), StandardCharsets.UTF_8)));
    }

    @Test
    void sendsKeysOneAfterAnother() {
        assertArrayEquals("echo hi\r".getBytes(StandardCharsets.UTF_8),
                KeyNames.keys(List.of("echo", "Space", "hi", "Enter")));
    }

    @Test
    void literalSendsEveryArgumentAsText() {
        assertArrayEquals("C-cEnterx y".getBytes(StandardCharsets.UTF_8), KeyNames.literal(List.of("C-c", "Enter", "x y")));
    }

    /** Shows control characters, so that a failure is readable. */
    private static String escaped(String bytes) {
        String text = bytes.replace("\\e", "\u001b");
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(c -> shown.append(c < 0x20 || c == 0x7f ? String.format("<%02x>", c) : Character.toString(c)));
        return shown.toString();
    }
}
