package htty.term.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** UTF-8 decoding with maximal-subpart replacement (Unicode 16.0, section 3.9, table 3-8). */
class Utf8DecoderTest {
    private static List<Integer> decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8Decoder.decode(b, 0, b.length).codePoints().boxed().toList();
    }

    @Test
    void wellFormedSequences() {
        assertEquals(List.of(0xE9), decode(0xC3, 0xA9));
        assertEquals(List.of(0x4E2D), decode(0xE4, 0xB8, 0xAD));
        assertEquals(List.of(0x1F600), decode(0xF0, 0x9F, 0x98, 0x80));
        assertEquals(List.of(0x10FFFF), decode(0xF4, 0x8F, 0xBF, 0xBF));
    }

    @Test
    void theStandardsExampleOfMaximalSubparts() {
        // Table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64 -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d
        int r = Utf8Decoder.REPLACEMENT;
        assertEquals(List.of(0x61, r, r, r, 0x62, r, 0x63, r, r, 0x64),
                decode(0x61, 0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2, 0x62, 0x80, 0x63, 0x80, 0xBF, 0x64));
    }

    @Test
    void overlongsSurrogatesAndOutOfRangeAreRejected() {
        int r = Utf8Decoder.REPLACEMENT;
        assertEquals(List.of(r, r), decode(0xC0, 0xAF));
        assertEquals(List.of(r, r, r), decode(0xE0, 0x80, 0xAF));
        assertEquals(List.of(r, r, r), decode(0xED, 0xA0, 0x80));
        assertEquals(List.of(r, r, r, r), decode(0xF4, 0x90, 0x80, 0x80));
        assertEquals(List.of(r), decode(0xFF));
    }
}
