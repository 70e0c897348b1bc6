package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * A file of output for the throughput benchmark to print through each path, made from the seed so
 * that every run prints the same bytes. Lines end in CR LF, as a program's lines reach a terminal,
 * and the file holds no escape sequence: any ESC an htty client receives is a redraw, not output.
 *
 * @param name what the report calls it
 * @param key the keystroke that makes the {@link CorpusPrinter} print it, and its file's name
 * @param description what it is made of
 * @param bytes its contents
 * @param crc their CRC-32, which every path's output must match
 */
record Corpus(String name, char key, String description, byte[] bytes, long crc) {
    /** A MIME-style base64 line: 76 characters. */
    private static final int BASE64_LINE = 76;

    /** Source-code-like text: lines of 20 to 100 characters of words and punctuation; it compresses well. */
    static Corpus text(long seed, int targetBytes) {
        return of("text", 't', "source-code-like ASCII lines of 20 to 100 characters (SyntheticOutput.plain)",
                SyntheticOutput.plain(new SplittableRandom(seed), targetBytes));
    }

    /** Random bytes in base64, in lines of 76 characters: it does not compress. */
    static Corpus random(long seed, int targetBytes) {
        byte[] random = new byte[targetBytes / (BASE64_LINE + 2) * BASE64_LINE / 4 * 3 + 3 * BASE64_LINE];
        new SplittableRandom(seed).nextBytes(random);
        byte[] encoded = Base64.getMimeEncoder(BASE64_LINE, new byte[] {'\r', '\n'}).encode(random);
        byte[] lines = new byte[encoded.length + 2];
        System.arraycopy(encoded, 0, lines, 0, encoded.length);
        lines[encoded.length] = '\r';
        lines[encoded.length + 1] = '\n';
        return of("random", 'r', "random bytes in base64, lines of 76 characters", lines);
    }

    private static Corpus of(String name, char key, String description, byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return new Corpus(name, key, description, bytes, crc.getValue());
    }

    /** Writes the corpus into {@code dir} under its key, where the {@link CorpusPrinter} finds it. */
    void writeInto(Path dir) throws IOException {
        Files.write(dir.resolve(String.valueOf(key)), bytes);
    }

    /** Its size in MiB. */
    double mebibytes() {
        return bytes.length / (1024.0 * 1024.0);
    }
}
