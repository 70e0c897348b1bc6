package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the failover benchmark, on real daemons started from this test's class path: it
 * kills and drains leaders, every keystroke comes back exactly once, and it writes its results: the
 * JSON, the chart of the trials' distributions and a page with both. How fast the failovers are is
 * not checked here.
 */
class FailoverBenchTest {

    @Test
    void quickRunEchoesEveryKeystrokeOnceAndWritesJson(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        FailoverBench.Report report = FailoverBench.run(FailoverBench.Options.parse("--quick", "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(FailoverBench.Options.QUICK_KILLS, report.kills().size(), printed::toString);
        assertEquals(FailoverBench.Options.QUICK_DRAINS, report.drains().size(), printed::toString);
        assertTrue(report.keystrokes().typed() > 0 && report.keystrokes().exactlyOnce(), printed::toString);
        String json = Files.readString(out.resolve(FailoverBench.RESULT_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"failover\"") && json.contains("\"exactlyOnce\":true"), json);
        String svg = Files.readString(out.resolve(FailoverBench.SVG_FILE));
        assertEquals(5, svg.split("<polyline", -1).length - 1, "a line for kills and drains to a leader and to an"
                + " echo, and one for the drains' pauses");
        assertTrue(Files.readString(out.resolve(FailoverBench.HTML_FILE)).contains(svg), "the page holds the chart");
        for (int i = 1; i <= FailoverBench.DAEMONS; i++) {
            assertTrue(Files.size(out.resolve("n" + i + ".log")) > 0, "the log of n" + i);
        }
    }
}
