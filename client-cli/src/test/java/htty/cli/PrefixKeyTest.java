package htty.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The attached client's keyboard: the prefix key and what follows it. */
class PrefixKeyTest {

    private static final String CB = "\u0002";

    private final PrefixKey prefix = PrefixKey.named("C-b");

    @Test
    void forwardsOrdinaryKeys() {
        PrefixKey.Keystrokes keys = read("ls -l\r\u0003");

        assertEquals("ls -l\r\u0003", text(keys.forward()));
        assertFalse(keys.detach());
    }

    @Test
    void prefixThenDDetaches() {
        PrefixKey.Keystrokes keys = read("ab" + CB + "dxyz");

        assertEquals("ab", text(keys.forward()));
        assertTrue(keys.detach());
    }

    @Test
    void thePrefixMayComeInOneReadAndDInTheNext() {
        assertEquals("a", text(read("a" + CB).forward()));

        PrefixKey.Keystrokes keys = read("d");

        assertEquals("", text(keys.forward()));
        assertTrue(keys.detach());
    }

    @Test
    void prefixTwiceSendsThePrefix() {
        PrefixKey.Keystrokes keys = read(CB + CB + "d");

        assertEquals(CB + "d", text(keys.forward()));
        assertFalse(keys.detach());
    }

    @Test
    void prefixThenAnotherKeyIgnoresThatWholeKey() {
        assertEquals("ab", text(read("a" + CB + "xb").forward()));
        assertEquals("ab", text(read("a" + CB + "\u001b[1;5Ab").forward()), "a CSI key");
        assertEquals("ab", text(read("a" + CB + "\u001bOPb").forward()), "an SS3 key");
        assertEquals("ab", text(read("a" + CB + "\u001bxb").forward()), "a meta key");
        assertEquals("ab", text(read("a" + CB + "éb").forward()), "a UTF-8 character");
    }

    @Test
    void anotherPrefixKeyCanBeChosen() {
        PrefixKey ctrlA = PrefixKey.named("C-a");
        byte[] keys = (CB + "\u0001d").getBytes(StandardCharsets.UTF_8);

        PrefixKey.Keystrokes read = ctrlA.read(keys, keys.length);

        assertArrayEquals(CB.getBytes(StandardCharsets.UTF_8), read.forward());
        assertTrue(read.detach());
    }

    @Test
    void thePrefixMustBeOneByte() {
        assertThrows(IllegalArgumentException.class, () -> PrefixKey.named("Up"));
        assertThrows(IllegalArgumentException.class, () -> PrefixKey.named("M-a"));
        assertThrows(IllegalArgumentException.class, () -> PrefixKey.named("hello"));
    }

    private PrefixKey.Keystrokes read(String typed) {
        byte[] bytes = typed.getBytes(StandardCharsets.UTF_8);
        return prefix.read(bytes, bytes.length);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
