package htty.term.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DEC ANSI parser (vt100.net/emu/dec_ansi_parser) with UTF-8, sub-parameters and bounds. */
class ParserTest {
    /** Writes every call as a line, so a test reads like the stream's meaning. */
    private static final class Recorder implements Performer {
        final List<String> calls = new ArrayList<>();

        @Override
        public void print(int codePoint) {
            calls.add("print " + Character.toString(codePoint));
        }

        @Override
        public void printAscii(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                calls.add("print " + (char) bytes[i]);
            }
        }

        @Override
        public void execute(int control) {
            calls.add("exec " + control);
        }

        @Override
        public void csiDispatch(int prefix, Params params, int intermediates, int finalByte) {
            StringBuilder s = new StringBuilder("csi ");
            if (prefix != 0) {
                s.append((char) prefix);
            }
            for (int i = 0; i < params.size(); i++) {
                s.append(i == 0 ? "" : params.isSub(i) ? ":" : ";");
                s.append(params.get(i) == Params.DEFAULT ? "" : Integer.toString(params.get(i)));
            }
            if (intermediates != 0) {
                s.append(" i=").append(Integer.toHexString(intermediates));
            }
            calls.add(s.append(' ').append((char) finalByte).toString());
        }

        @Override
        public void escDispatch(int intermediates, int finalByte) {
            calls.add("esc " + (intermediates == 0 ? "" : Character.toString(intermediates)) + (char) finalByte);
        }

        @Override
        public void oscDispatch(byte[] payload, int length, boolean truncated, boolean bell) {
            calls.add("osc " + new String(payload, 0, length, StandardCharsets.UTF_8) + (truncated ? " truncated" : "")
                    + (bell ? " bel" : " st"));
        }

        @Override
        public void dcsDispatch(int prefix, Params params, int intermediates, int finalByte, byte[] payload, int length,
                boolean truncated) {
            calls.add("dcs " + (char) intermediates + (char) finalByte + " " + new String(payload, 0, length,
                    StandardCharsets.ISO_8859_1));
        }
    }

    private static List<String> parse(String input) {
        Recorder r = new Recorder();
        new Parser(r).feed(input.getBytes(StandardCharsets.UTF_8));
        return r.calls;
    }

    /** The same input fed one byte at a time must give the same calls. */
    private static List<String> parseBytewise(String input) {
        Recorder r = new Recorder();
        Parser p = new Parser(r);
        for (byte b : input.getBytes(StandardCharsets.UTF_8)) {
            p.feed(new byte[] {b});
        }
        return r.calls;
    }

    @Test
    void controlSequencesWithParameters() {
        assertEquals(List.of("csi 1;2 H"), parse("\033[1;2H"));
        assertEquals(List.of("csi ;5 H"), parse("\033[;5H"));
        assertEquals(List.of("csi ?25 h"), parse("\033[?25h"));
        assertEquals(List.of("csi 5 i=20 q"), parse("\033[5 q"));
        assertEquals(List.of("csi  m"), parse("\033[m"));
    }

    @Test
    void subParametersAreKeptWithTheirSeparators() {
        assertEquals(List.of("csi 38:2::1:2:3;4:3 m"), parse("\033[38:2::1:2:3;4:3m"));
    }

    @Test
    void controlsInsideASequenceAreExecutedInPlace() {
        assertEquals(List.of("exec 13", "csi 2 A"), parse("\033[2\rA"));
    }

    @Test
    void canAndSubAbortASequence() {
        assertEquals(List.of("exec 24", "print A"), parse("\033[12\030A"));
        assertEquals(List.of("exec 26", "print x"), parse("\033]2;title\032x"));
    }

    @Test
    void escapeRestartsASequence() {
        assertEquals(List.of("csi 3 J"), parse("\033[12\033[3J"));
    }

    @Test
    void malformedSequencesAreIgnoredToTheirFinalByte() {
        assertEquals(List.of("print x"), parse("\033[1?2hx"));
    }

    @Test
    void escapeSequences() {
        assertEquals(List.of("esc 7", "esc (0", "esc #8"), parse("\0337\033(0\033#8"));
    }

    @Test
    void oscEndsWithBelOrSt() {
        assertEquals(List.of("osc 2;hi bel"), parse("\033]2;hi\007"));
        assertEquals(List.of("osc 0;caf\u00e9 st", "esc \\"), parse("\033]0;caf\u00e9\033\\"));
    }

    @Test
    void oscPayloadIsBounded() {
        String big = "x".repeat(Parser.OSC_LIMIT + 5);
        List<String> calls = parse("\033]2;" + big + "\007");
        assertEquals(1, calls.size());
        assertEquals(true, calls.get(0).endsWith("truncated bel"));
    }

    @Test
    void parametersAreBounded() {
        String many = "1;".repeat(40) + "1";
        List<String> calls = parse("\033[" + many + "m");
        String expected = "csi " + "1;".repeat(Params.MAX - 1) + "1 m";
        assertEquals(List.of(expected), calls);
    }

    @Test
    void hugeNumbersSaturate() {
        assertEquals(List.of("csi 65535 A"), parse("\033[99999999999999999999A"));
    }

    @Test
    void dcsIsCollectedUntilSt() {
        assertEquals(List.of("dcs $q m", "esc \\"), parse("\033P$qm\033\\"));
    }

    @Test
    void apcPmAndSosAreSwallowed() {
        assertEquals(List.of("esc \\", "print x"), parse("\033_hidden\033\\x"));
    }

    @Test
    void eightBitControlsAreNotControls() {
        List<String> calls = parse("\u009b2J");
        assertEquals("print \u009b", calls.get(0));
    }

    @Test
    void splittingTheInputChangesNothing() {
        String input = "a\u4e2d\033[1;38:2::1:2:3mb\033]2;t\u00e9\007\033P$qm\033\\\033[?25l\u00e9\r\n";
        assertEquals(parse(input), parseBytewise(input));
    }
}
