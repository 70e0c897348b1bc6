package htty.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PtyNativeTest {

    @Test
    void spawningLeavesNoPty4jFolderInTmp() throws Exception {
        Set<Path> before = pty4jFoldersInTmp();
        try (PtyProcess p = PtyTesting.spawn("/bin/true")) {
            p.exit().get(PtyTesting.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        assertEquals(before, pty4jFoldersInTmp());

        // Whichever test spawned first, the library this JVM loaded is the cached one.
        Path folder = PtyNative.ensureInstalled().orElseThrow();
        List<String> loaded = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.endsWith("/libpty.so"))
                .map(line -> line.substring(line.indexOf('/')))
                .distinct()
                .toList();
        assertEquals(List.of(folder.resolve(PtyNative.platformFolder().orElseThrow()).resolve("libpty.so").toString()),
                loaded);
    }

    @Test
    void concurrentExtractionsAgreeAndLeaveNoDebris(@TempDir Path cache) throws Exception {
        String platform = PtyNative.platformFolder().orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            Callable<Path> extract = () -> PtyNative.extract(cache, platform);
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(extract));
            }
            Path folder = results.getFirst().get();
            for (Future<Path> result : results) {
                assertEquals(folder, result.get());
            }
            Path library = folder.resolve(platform).resolve("libpty.so");
            assertArrayEquals(bundled(platform), Files.readAllBytes(library));
            try (Stream<Path> files = Files.list(library.getParent())) {
                assertEquals(List.of(library), files.toList());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDamagedCopyIsReplaced(@TempDir Path cache) throws Exception {
        String platform = PtyNative.platformFolder().orElseThrow();
        Path library = PtyNative.extract(cache, platform).resolve(platform).resolve("libpty.so");
        Files.write(library, new byte[] {0, 1, 2});
        PtyNative.extract(cache, platform);
        assertArrayEquals(bundled(platform), Files.readAllBytes(library));
    }

    @Test
    void theCacheIsNamedAfterTheLibrarysContent(@TempDir Path cache) throws Exception {
        Path folder = PtyNative.extract(cache, PtyNative.platformFolder().orElseThrow());
        assertEquals(cache.resolve("htty"), folder.getParent());
        assertTrue(folder.getFileName().toString().matches("pty4j-[0-9a-f]{16}"), folder.toString());
    }

    private static Set<Path> pty4jFoldersInTmp() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("pty4j-")).collect(Collectors.toSet());
        }
    }

    private static byte[] bundled(String platform) throws IOException {
        try (InputStream in = PtyNative.class.getClassLoader()
                .getResourceAsStream("resources/com/pty4j/native/" + platform + "/libpty.so")) {
            return in.readAllBytes();
        }
    }
}
