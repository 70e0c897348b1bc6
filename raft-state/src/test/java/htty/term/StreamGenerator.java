package htty.term;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random program output for property tests: mostly the sequences real programs send (text in several
 * scripts, controls, cursor moves, erases, SGR, modes, scroll regions, titles, queries), with some
 * truncated sequences and raw random bytes among them. A seed gives the same stream every time.
 */
public final class StreamGenerator {
    private static final String[] TEXT = {"hello", "world ", "caf\u00e9", "\u4e2d\u6587", "e\u0301", "\uD83D\uDE00",
        "\u2500\u2502", "\u200D", "x\u200D\uD83D\uDE00", "   ", "\uFF21", "\u0301", "\u00AD", "\u0e01\u0e34"};
    private static final String[] CONTROLS = {"\r", "\n", "\r\n", "\b", "\t", "\007", "\016", "\017", "\013", "\014"};
    private static final String CSI_FINALS = "@ABCDEFGHIJKLMPSTXZ`abcdefghlmnqrstu";
    private static final int[] DEC_MODES = {1, 6, 7, 12, 25, 47, 66, 1000, 1002, 1003, 1004, 1005, 1006, 1015, 1047,
        1048, 1049, 2004, 2026, 3, 9999};

    private final Random random;

    public StreamGenerator(long seed) {
        random = new Random(seed);
    }

    /** The next {@code pieces} pieces of output, as bytes. */
    public byte[] next(int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            byte[] piece = piece().getBytes(StandardCharsets.UTF_8);
            out.write(piece, 0, piece.length);
            if (random.nextInt(40) == 0) {
                for (int j = random.nextInt(8); j > 0; j--) {
                    out.write(random.nextInt(256));
                }
            }
        }
        return out.toByteArray();
    }

    private String piece() {
        int kind = random.nextInt(100);
        if (kind < 35) {
            return TEXT[random.nextInt(TEXT.length)].repeat(1 + random.nextInt(4));
        }
        if (kind < 50) {
            return CONTROLS[random.nextInt(CONTROLS.length)];
        }
        if (kind < 70) {
            return csi();
        }
        if (kind < 80) {
            return sgr();
        }
        if (kind < 86) {
            int mode = DEC_MODES[random.nextInt(DEC_MODES.length)];
            return "\033[?" + mode + (random.nextBoolean() ? "h" : "l");
        }
        if (kind < 90) {
            String[] esc = {"\0337", "\0338", "\033D", "\033E", "\033H", "\033M", "\033=", "\033>", "\033(0", "\033(B",
                "\033)0", "\033#8", "\033c"};
            return esc[random.nextInt(esc.length)];
        }
        if (kind < 94) {
            String[] osc = {"\033]2;title\007", "\033]0;t\u00e9\033\\", "\033]10;?\007", "\033]52;c;aGk=\007",
                "\033]8;;http://x\033\\", "\033P$qm\033\\", "\033P$qr\033\\", "\033_apc\033\\"};
            return osc[random.nextInt(osc.length)];
        }
        if (kind < 97) {
            // A sequence cut short: the parser must carry its state into whatever follows.
            String s = csi();
            return s.substring(0, 1 + random.nextInt(s.length()));
        }
        return "\033[" + (1 + random.nextInt(30)) + ";" + (1 + random.nextInt(90)) + "r";
    }

    private String csi() {
        char f = CSI_FINALS.charAt(random.nextInt(CSI_FINALS.length()));
        StringBuilder s = new StringBuilder("\033[");
        if (f == 'q' && random.nextBoolean()) {
            return "\033[" + random.nextInt(7) + " q";
        }
        if (f == 'p') {
            return "\033[!p";
        }
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(';');
            }
            if (random.nextInt(5) > 0) {
                s.append(random.nextInt(random.nextBoolean() ? 10 : 120));
            }
        }
        return s.append(f).toString();
    }

    private String sgr() {
        String[] parts = {"0", "1", "2", "3", "4", "4:3", "5", "7", "8", "9", "21", "22", "24", "27", "31", "42", "93",
            "104", "38;5;" + random.nextInt(256), "48:2::" + random.nextInt(256) + ":1:2", "38;2;9;8;7", "58:5:3", "53",
            "39", "49", ""};
        StringBuilder s = new StringBuilder("\033[");
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ";").append(parts[random.nextInt(parts.length)]);
        }
        return s.append('m').toString();
    }
}
