package htty.bench;

import htty.term.unicode.CharWidth;
import java.util.SplittableRandom;

/**
 * Program output made up from a random generator: the same generator state always makes the same
 * bytes, so runs on different machines and days measure the same work. Each method writes whole
 * lines or screen updates until the stream reaches its target size, which the last one overshoots.
 */
final class SyntheticOutput {
    private static final String[] WORDS = {
        "return", "final", "int", "long", "byte", "void", "static", "private", "public", "class", "new", "this",
        "if", "else", "for", "while", "switch", "case", "break", "null", "true", "false", "import", "package",
        "the", "a", "of", "to", "and", "is", "in", "that", "it", "with", "as", "on", "be", "at", "by", "from",
        "value", "buffer", "length", "offset", "count", "index", "result", "state", "config", "terminal",
        "cursor", "line", "width", "height", "parser", "session", "snapshot", "replica", "leader", "term",
        "String", "List", "Map", "Optional", "append", "get", "put", "size", "isEmpty", "toString", "equals",
        "x", "y", "i", "n", "0", "1", "42", "1024", "0xFF", "TODO", "FIXME", "README.md", "main.c", "src",
    };
    private static final String[] PUNCTUATION = {
        "(", ")", "();", "{", "}", ";", ",", ".", " =", " +", "[", "]", "\"", ":", "->", "!", " &&", "*", "//",
    };
    /** SGR attribute parameters: bold, dim, italic, underline, reverse. */
    private static final String[] ATTRIBUTES = {"1", "2", "3", "4", "7"};
    /** Words with precomposed accents, and Greek and Cyrillic ones: one column per character. */
    private static final String[] ACCENTED = {
        "café", "naïve", "façade", "über", "Straße", "señor", "jalapeño", "crème", "brûlée", "smörgåsbord",
        "København", "Ærø", "résumé", "Dvořák", "Łódź", "İstanbul", "São", "Paulo", "déjà", "vu", "Ångström",
        "αλφάβητο", "λόγος", "Ελλάδα", "привет", "мир", "терминал", "строка", "ёлка",
    };
    /** Emoji that take several code points: ZWJ sequences, a skin tone, a flag, a variation selector. */
    private static final String[] EMOJI_SEQUENCES = {
        "\uD83D\uDC69\u200D\uD83D\uDCBB", // woman technologist
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // family
        "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", // rainbow flag
        "\uD83D\uDC4D\uD83C\uDFFD", // thumbs up, medium skin tone
        "\uD83C\uDDEB\uD83C\uDDF7", // flag of France
        "\u2764\uFE0F", // red heart, emoji presentation
    };

    private SyntheticOutput() {
    }

    /** ASCII text in lines of 20 to 100 characters, like {@code cat} of a source file. */
    static byte[] plain(SplittableRandom random, int targetBytes) {
        StreamBuilder out = new StreamBuilder(targetBytes);
        StringBuilder line = new StringBuilder(128);
        while (out.length() < targetBytes) {
            int width = 20 + random.nextInt(81);
            line.setLength(0);
            line.repeat(' ', 4 * random.nextInt(4));
            while (line.length() < width) {
                line.append(token(random)).append(' ');
            }
            line.setLength(width);
            out.text(line).crlf();
        }
        return out.toByteArray();
    }

    /**
     * Text in which nearly every word has a rendition of its own, set and reset around it, like
     * {@code ls --color} or a syntax-highlighted {@code git diff}: the parameter-heavy path.
     */
    static byte[] sgr(SplittableRandom random, int targetBytes) {
        StreamBuilder out = new StreamBuilder(targetBytes);
        while (out.length() < targetBytes) {
            int width = 20 + random.nextInt(81);
            for (int columns = 0; columns < width; ) {
                String token = token(random);
                if (random.nextInt(10) == 0) {
                    out.text(token); // the odd word in the default rendition
                } else {
                    out.sgr(rendition(random)).text(token).sgr(random.nextBoolean() ? "0" : "");
                }
                out.text(" ");
                columns += token.length() + 1;
            }
            out.crlf();
        }
        return out.toByteArray();
    }

    /**
     * Mixed-script UTF-8: ASCII and accented words, letters with combining marks, CJK, kana and hangul
     * (two columns each), and emoji, some of them sequences joined by ZWJ.
     */
    static byte[] unicode(SplittableRandom random, int targetBytes) {
        StreamBuilder out = new StreamBuilder(targetBytes);
        while (out.length() < targetBytes) {
            int width = 20 + random.nextInt(81);
            for (int columns = 0; columns < width; ) {
                String word = unicodeWord(random);
                out.text(word).text(" ");
                columns += columns(word) + 1;
            }
            out.crlf();
        }
        return out.toByteArray();
    }

    /**
     * A full-screen program's output, like vim's or htop's, for a screen of {@code cols} by {@code rows}
     * (at least 3 rows): the alternate screen, then updates that place the cursor directly, scroll a
     * region with index and reverse index, erase to the end of lines and repaint the status line.
     */
    static byte[] fullScreen(SplittableRandom random, int targetBytes, int cols, int rows) {
        StreamBuilder out = new StreamBuilder(targetBytes);
        // What vim sends as it starts: alternate screen, application cursor keys and keypad, clear.
        out.csi("?1049h").csi("?1h").esc('=').csi("H").csi("2J");
        while (out.length() < targetBytes) {
            out.csi("?25l"); // programs hide the cursor while they paint
            int update = random.nextInt(10);
            if (update == 0) {
                repaint(out, random, cols, rows);
            } else if (update < 4) {
                scrollForward(out, random, cols, rows);
            } else if (update < 6) {
                scrollBackward(out, random, cols, rows);
            } else {
                edit(out, random, cols, rows);
            }
            statusLine(out, random, rows);
            out.cup(1 + random.nextInt(rows - 1), 1 + random.nextInt(cols)).csi("?25h");
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- full-screen updates

    /** Every row but the status line painted afresh, as htop does on each refresh. */
    private static void repaint(StreamBuilder out, SplittableRandom random, int cols, int rows) {
        for (int row = 1; row < rows; row++) {
            out.cup(row, 1);
            codeRow(out, random, cols);
        }
    }

    /** Moving down through a file: the text area scrolls up with index, and new rows appear at its bottom. */
    private static void scrollForward(StreamBuilder out, SplittableRandom random, int cols, int rows) {
        int textRows = rows - 1;
        out.csi("1;" + textRows + "r"); // the status line stays out of the scroll region
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            out.cup(textRows, 1).esc('D');
            out.cup(textRows, 1);
            codeRow(out, random, cols);
        }
        out.csi("r");
    }

    /** Moving up through a file: the text area scrolls down with reverse index, new rows appear at its top. */
    private static void scrollBackward(StreamBuilder out, SplittableRandom random, int cols, int rows) {
        out.csi("1;" + (rows - 1) + "r");
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            out.cup(1, 1).esc('M');
            out.cup(1, 1);
            codeRow(out, random, cols);
        }
        out.csi("r");
    }

    /** Typing and small changes here and there: a cursor jump, a coloured word, sometimes an erase. */
    private static void edit(StreamBuilder out, SplittableRandom random, int cols, int rows) {
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            String token = token(random);
            int column = 1 + random.nextInt(Math.max(1, cols - token.length()));
            out.cup(1 + random.nextInt(rows - 1), column).sgr(colour(random)).text(token).sgr("0");
            if (random.nextInt(4) == 0) {
                out.csi("K");
            }
        }
    }

    private static void statusLine(StreamBuilder out, SplittableRandom random, int rows) {
        out.cup(rows, 1).sgr("7")
                .text(" NORMAL  src/term/Terminal.java [+]  " + (1 + random.nextInt(2000)) + ","
                        + (1 + random.nextInt(80)) + "  " + random.nextInt(101) + "% ")
                .sgr("0").csi("K");
    }

    /** A row of syntax-coloured code that never reaches the last column (no wrap), then erase to its end. */
    private static void codeRow(StreamBuilder out, SplittableRandom random, int cols) {
        int width = random.nextInt(cols);
        int columns = 4 * random.nextInt(3);
        out.text(" ".repeat(columns));
        while (true) {
            String token = token(random);
            if (columns + token.length() + 1 >= width) {
                break;
            }
            if (random.nextBoolean()) {
                out.sgr(colour(random)).text(token).sgr("0");
            } else {
                out.text(token);
            }
            out.text(" ");
            columns += token.length() + 1;
        }
        out.csi("K");
    }

    // ---------------------------------------------------------------- words and renditions

    /** A word, sometimes with punctuation after it. */
    private static String token(SplittableRandom random) {
        String word = WORDS[random.nextInt(WORDS.length)];
        return random.nextInt(3) == 0 ? word + PUNCTUATION[random.nextInt(PUNCTUATION.length)] : word;
    }

    /** SGR parameters for a word: maybe an attribute, a foreground in any of the three colour forms, maybe a background. */
    private static String rendition(SplittableRandom random) {
        StringBuilder p = new StringBuilder(32);
        if (random.nextInt(3) == 0) {
            p.append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]).append(';');
        }
        switch (random.nextInt(3)) {
            case 0 -> p.append(random.nextBoolean() ? 30 + random.nextInt(8) : 90 + random.nextInt(8));
            case 1 -> p.append("38;5;").append(random.nextInt(256));
            default -> p.append("38;2;").append(random.nextInt(256)).append(';').append(random.nextInt(256))
                    .append(';').append(random.nextInt(256));
        }
        if (random.nextInt(5) == 0) {
            p.append(random.nextBoolean() ? ";4" + random.nextInt(8) : ";48;5;" + random.nextInt(256));
        }
        return p.toString();
    }

    /** A syntax-highlighting colour: one of the 16 or of the 256, sometimes bold. */
    private static String colour(SplittableRandom random) {
        String bold = random.nextInt(4) == 0 ? "1;" : "";
        return random.nextBoolean() ? bold + (30 + random.nextInt(8)) : bold + "38;5;" + random.nextInt(256);
    }

    private static String unicodeWord(SplittableRandom random) {
        int script = random.nextInt(100);
        if (script < 30) {
            return token(random);
        } else if (script < 55) {
            return ACCENTED[random.nextInt(ACCENTED.length)];
        } else if (script < 65) {
            return withCombiningMarks(random);
        } else if (script < 85) {
            return ideographs(random);
        } else {
            return emoji(random);
        }
    }

    /** Latin letters, a third of them followed by one or two combining diacritics (U+0300–U+036F). */
    private static String withCombiningMarks(SplittableRandom random) {
        StringBuilder word = new StringBuilder(24);
        for (int n = 3 + random.nextInt(6); n > 0; n--) {
            word.append((char) ('a' + random.nextInt(26)));
            if (random.nextInt(3) == 0) {
                for (int marks = 1 + random.nextInt(2); marks > 0; marks--) {
                    word.append((char) (0x0300 + random.nextInt(0x70)));
                }
            }
        }
        return word.toString();
    }

    /** Two to six wide characters: CJK ideographs mostly, else hiragana or hangul syllables. */
    private static String ideographs(SplittableRandom random) {
        StringBuilder word = new StringBuilder(6);
        for (int n = 2 + random.nextInt(5); n > 0; n--) {
            int block = random.nextInt(5);
            int cp = block < 3 ? 0x4E00 + random.nextInt(0x9FFF - 0x4E00 + 1)
                    : block == 3 ? 0x3041 + random.nextInt(0x3096 - 0x3041 + 1)
                    : 0xAC00 + random.nextInt(0xD7A3 - 0xAC00 + 1);
            word.appendCodePoint(cp);
        }
        return word.toString();
    }

    /** An emoji outside the Basic Multilingual Plane, or now and then a multi-code-point sequence. */
    private static String emoji(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            return EMOJI_SEQUENCES[random.nextInt(EMOJI_SEQUENCES.length)];
        }
        return Character.toString(0x1F600 + random.nextInt(0x50)); // Emoticons
    }

    /** The columns a word takes, counting each code point alone (joined sequences take fewer). */
    private static int columns(String word) {
        return word.codePoints().map(CharWidth::of).sum();
    }
}
