package htty.term.unicode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.ibm.icu.lang.UCharacter;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ties {@link CharWidth} and its committed table to the pinned ICU4J version and to the Unicode Standard. */
class WidthTableTest {

    @Test
    void committedTableIsWhatThePinnedIcuGenerates() throws IOException {
        String committed = Files.readString(WidthTableGenerator.COMMITTED_TABLE);
        String generated = WidthTableGenerator.generate();
        if (!generated.equals(committed)) {
            fail(WidthTableGenerator.COMMITTED_TABLE + " is not what the ICU4J on the test class path generates;"
                    + " rerun WidthTableGenerator with that path. " + firstDifference(generated, committed));
        }
    }

    /** Checks the fast path and the binary search against the rules, for every code point. */
    @Test
    void lookupAgreesWithTheRulesEverywhere() {
        for (int codePoint = 0; codePoint <= UCharacter.MAX_VALUE; codePoint++) {
            if (CharWidth.of(codePoint) != WidthTableGenerator.width(codePoint)) {
                fail(String.format("U+%04X: lookup gives %d, rules give %d",
                        codePoint, CharWidth.of(codePoint), WidthTableGenerator.width(codePoint)));
            }
        }
    }

    /** Widths read from the Unicode Standard and wcwidth conventions, not from the generated table. */
    @ParameterizedTest(name = "U+{0} {2} is {1}")
    @CsvSource({
        "0061, 1, LATIN SMALL LETTER A",
        "00E9, 1, LATIN SMALL LETTER E WITH ACUTE",
        "0301, 0, COMBINING ACUTE ACCENT",
        "200D, 0, ZERO WIDTH JOINER",
        "4E2D, 2, CJK UNIFIED IDEOGRAPH-4E2D",
        "FF21, 2, FULLWIDTH LATIN CAPITAL LETTER A",
        "1F600, 2, GRINNING FACE",
        "2764, 1, HEAVY BLACK HEART (text presentation by default)",
        "231A, 2, WATCH (Emoji_Presentation)",
        "AC00, 2, HANGUL SYLLABLE GA",
        "1160, 0, HANGUL JUNGSEONG FILLER",
        "00AD, 1, SOFT HYPHEN",
        "E000, 1, private use",
        "0378, 1, unassigned",
        "20000, 2, CJK UNIFIED IDEOGRAPH-20000",
        "3000, 2, IDEOGRAPHIC SPACE",
        "FE0F, 0, VARIATION SELECTOR-16",
    })
    void widthFromTheStandard(String hex, int width, String name) {
        assertEquals(width, CharWidth.of(Integer.parseInt(hex, 16)), name);
    }

    private static String firstDifference(String expected, String actual) {
        List<String> expectedLines = expected.lines().toList();
        List<String> actualLines = actual.lines().toList();
        int line = 0;
        while (line < expectedLines.size() && line < actualLines.size()
                && expectedLines.get(line).equals(actualLines.get(line))) {
            line++;
        }
        if (line == expectedLines.size() && line == actualLines.size()) {
            return "Only line endings differ.";
        }
        return "First difference at line " + (line + 1) + ": expected <" + lineOrEnd(expectedLines, line)
                + "> but was <" + lineOrEnd(actualLines, line) + ">.";
    }

    private static String lineOrEnd(List<String> lines, int index) {
        return index < lines.size() ? lines.get(index) : "end of file";
    }
}
