package htty.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * tmux's key names, as {@code send-keys} takes them, turned into the bytes an xterm sends.
 *
 * <p>A key is an optional run of modifiers, {@code C-} (control), {@code M-} (meta) and {@code S-}
 * (shift), in any order and either case ({@code ^x} also means {@code C-x}), followed by one
 * character or a special key name (names are case-insensitive). Control turns a letter or one of
 * {@code @[\]^_} into its C0 code, {@code ?} into DEL and {@code Space} into NUL; a key it cannot
 * change is sent without it (tmux sends nothing). Meta puts ESC before a character key. On the
 * cursor, editing and function keys the modifiers become xterm's parameter: {@code C-Up} is
 * {@code ESC [1;5A}. Home and End are xterm's {@code ESC [H} and {@code ESC [F} (tmux 3.3 sends
 * {@code ESC [1~} and {@code ESC [4~}). An argument that is not a key name is sent as literal text,
 * as tmux does.
 */
final class KeyNames {

    private static final byte ESC = 0x1b;

    private KeyNames() {
    }

    /** The bytes of {@code send-keys KEY…}: each argument a key name or, failing that, text. */
    static byte[] keys(List<String> arguments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        arguments.forEach(argument -> bytes.writeBytes(key(argument).orElseGet(() -> utf8(argument))));
        return bytes.toByteArray();
    }

    /** The bytes of {@code send-keys -l ARG…}: every argument as text, one after the other. */
    static byte[] literal(List<String> arguments) {
        return utf8(String.join("", arguments));
    }

    /** The bytes of one key name, or empty if {@code name} is not one. */
    static Optional<byte[]> key(String name) {
        Modifiers modifiers = new Modifiers();
        String rest = name;
        if (rest.length() > 1 && rest.charAt(0) == '^') {
            modifiers.ctrl = true;
            rest = rest.substring(1);
        }
        while (rest.length() > 1 && rest.charAt(1) == '-') {
            if (!modifiers.add(rest.charAt(0))) {
                return Optional.empty();
            }
            rest = rest.substring(2);
        }
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        if (rest.codePointCount(0, rest.length()) == 1) {
            return Optional.of(character(rest.codePointAt(0), modifiers));
        }
        Special special = Special.NAMES.get(rest.toLowerCase(Locale.ROOT));
        return special == null ? Optional.empty() : Optional.of(special.encode(modifiers));
    }

    private static byte[] character(int codePoint, Modifiers modifiers) {
        int key = codePoint;
        if (modifiers.shift && key >= 'a' && key <= 'z') {
            key = Character.toUpperCase(key);
        }
        if (modifiers.ctrl) {
            key = control(key);
        }
        return withMeta(modifiers, utf8(Character.toString(key)));
    }

    /** The C0 code control makes of a key; keys without one are left alone. */
    private static int control(int key) {
        if (key >= 'a' && key <= 'z') {
            return key - 'a' + 1;
        }
        if (key >= '@' && key <= '_') {
            return key - '@';
        }
        if (key == ' ') {
            return 0;
        }
        if (key == '?') {
            return 0x7f;
        }
        return key;
    }

    /** Meta is ESC before the key, as xterm sends it with {@code metaSendsEscape}. */
    private static byte[] withMeta(Modifiers modifiers, byte[] key) {
        if (!modifiers.meta) {
            return key;
        }
        byte[] bytes = new byte[key.length + 1];
        bytes[0] = ESC;
        System.arraycopy(key, 0, bytes, 1, key.length);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The modifiers before a key. */
    private static final class Modifiers {
        boolean ctrl;
        boolean meta;
        boolean shift;

        boolean add(char letter) {
            switch (Character.toUpperCase(letter)) {
                case 'C' -> ctrl = true;
                case 'M' -> meta = true;
                case 'S' -> shift = true;
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** xterm's modifier parameter: 1, plus 1 for shift, 2 for meta, 4 for control. */
        int xtermParameter() {
            return 1 + (shift ? 1 : 0) + (meta ? 2 : 0) + (ctrl ? 4 : 0);
        }

        boolean any() {
            return ctrl || meta || shift;
        }
    }

    /** The special keys: how each is sent, plain and with modifiers. */
    private sealed interface Special {

        Map<String, Special> NAMES = Map.ofEntries(
                Map.entry("enter", new Typed('\r')),
                Map.entry("escape", new Typed(ESC)),
                Map.entry("tab", new Tab()),
                Map.entry("btab", new Fixed("\033[Z")),
                Map.entry("space", new Typed(' ')),
                Map.entry("bspace", new Typed(0x7f)),
                Map.entry("up", new Cursor('A')),
                Map.entry("down", new Cursor('B')),
                Map.entry("right", new Cursor('C')),
                Map.entry("left", new Cursor('D')),
                Map.entry("home", new Cursor('H')),
                Map.entry("end", new Cursor('F')),
                Map.entry("ic", new Tilde(2)),
                Map.entry("insert", new Tilde(2)),
                Map.entry("dc", new Tilde(3)),
                Map.entry("delete", new Tilde(3)),
                Map.entry("ppage", new Tilde(5)),
                Map.entry("pageup", new Tilde(5)),
                Map.entry("pgup", new Tilde(5)),
                Map.entry("npage", new Tilde(6)),
                Map.entry("pagedown", new Tilde(6)),
                Map.entry("pgdn", new Tilde(6)),
                Map.entry("f1", new Function('P')),
                Map.entry("f2", new Function('Q')),
                Map.entry("f3", new Function('R')),
                Map.entry("f4", new Function('S')),
                Map.entry("f5", new Tilde(15)),
                Map.entry("f6", new Tilde(17)),
                Map.entry("f7", new Tilde(18)),
                Map.entry("f8", new Tilde(19)),
                Map.entry("f9", new Tilde(20)),
                Map.entry("f10", new Tilde(21)),
                Map.entry("f11", new Tilde(23)),
                Map.entry("f12", new Tilde(24)));

        byte[] encode(Modifiers modifiers);

        /** A key that types a character, such as Enter: modified as that character is. */
        record Typed(int code) implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                return character(code, modifiers);
            }
        }

        /** Tab, which shift turns into back-tab, as xterm does. */
        record Tab() implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                return modifiers.shift ? NAMES.get("btab").encode(modifiers) : character('\t', modifiers);
            }
        }

        /** A sequence only meta changes, with its ESC before it. */
        record Fixed(String sequence) implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                return withMeta(modifiers, utf8(sequence));
            }
        }

        /** Cursor keys: {@code ESC [ A}, or {@code ESC [ 1 ; m A} with modifiers. */
        record Cursor(char last) implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                return utf8(modifiers.any() ? "\033[1;" + modifiers.xtermParameter() + last : "\033[" + last);
            }
        }

        /** F1 to F4: {@code ESC O P}, or {@code ESC [ 1 ; m P} with modifiers. */
        record Function(char last) implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                return utf8(modifiers.any() ? "\033[1;" + modifiers.xtermParameter() + last : "\033O" + last);
            }
        }

        /** Editing keys and F5 to F12: {@code ESC [ n ~}, or {@code ESC [ n ; m ~} with modifiers. */
        record Tilde(int number) implements Special {
            @Override
            public byte[] encode(Modifiers modifiers) {
                String modifier = modifiers.any() ? ";" + modifiers.xtermParameter() : "";
                return utf8("\033[" + number + modifier + "~");
            }
        }
    }
}
