package htty.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A kind of program output to feed the emulator.
 *
 * @param name what reports and {@code --workloads} call it
 * @param description what it imitates
 * @param source builds its bytes for a screen size
 */
record Workload(String name, String description, Source source) {
    static final String PLAIN = "plain";
    static final String SGR = "sgr";
    static final String UNICODE = "unicode";
    static final String FULLSCREEN = "fullscreen";
    static final String RECORDED = "recorded";
    static final List<String> NAMES = List.of(PLAIN, SGR, UNICODE, FULLSCREEN, RECORDED);

    /** Builds a workload's bytes; the same arguments always give the same bytes. */
    @FunctionalInterface
    interface Source {
        /** The stream for a screen of {@code cols} by {@code rows}; only full-screen output depends on it. */
        byte[] bytes(int cols, int rows);
    }

    /**
     * Every workload in report order, each about {@code targetBytes} long. The synthetic ones come from
     * {@code seed}; {@value #RECORDED} is there only when {@code corpus} holds {@code *.bin} files.
     */
    static List<Workload> all(long seed, int targetBytes, Path corpus) throws IOException {
        List<Workload> all = new ArrayList<>(List.of(
                new Workload(PLAIN, "ASCII text lines, like cat of a source file",
                        (cols, rows) -> SyntheticOutput.plain(random(seed, PLAIN), targetBytes)),
                new Workload(SGR, "a colour or attribute change around nearly every word (16, 256, truecolor)",
                        (cols, rows) -> SyntheticOutput.sgr(random(seed, SGR), targetBytes)),
                new Workload(UNICODE, "mixed UTF-8: accents, combining marks, CJK, emoji",
                        (cols, rows) -> SyntheticOutput.unicode(random(seed, UNICODE), targetBytes)),
                new Workload(FULLSCREEN, "vim/htop-like: alternate screen, CUP, EL, DECSTBM with IND/RI, SGR",
                        (cols, rows) -> SyntheticOutput.fullScreen(random(seed, FULLSCREEN), targetBytes, cols, rows))));
        List<byte[]> recordings = recordings(corpus);
        if (!recordings.isEmpty()) {
            all.add(new Workload(RECORDED, recordings.size() + " recordings from " + corpus + ", repeated",
                    (cols, rows) -> repeat(recordings, targetBytes)));
        }
        return all;
    }

    /**
     * Each workload draws from a generator of its own, so that choosing which workloads run never
     * changes the bytes of the others.
     */
    private static SplittableRandom random(long seed, String name) {
        return new SplittableRandom(seed * 31 + name.hashCode());
    }

    /** The non-empty {@code *.bin} files in {@code corpus}, by name so that the order is the same everywhere. */
    private static List<byte[]> recordings(Path corpus) throws IOException {
        if (!Files.isDirectory(corpus)) {
            return List.of();
        }
        List<byte[]> recordings = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".bin") && Files.isRegularFile(f))
                    .sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length > 0) {
                    recordings.add(bytes);
                }
            }
        }
        return recordings;
    }

    /** The recordings one after the other, over and over, until there are {@code targetBytes}. */
    private static byte[] repeat(List<byte[]> recordings, int targetBytes) {
        StreamBuilder out = new StreamBuilder(targetBytes);
        for (int i = 0; out.length() < targetBytes; i = (i + 1) % recordings.size()) {
            out.bytes(recordings.get(i));
        }
        return out.toByteArray();
    }
}
