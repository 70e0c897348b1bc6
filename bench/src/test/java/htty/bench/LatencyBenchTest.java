package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke test of the latency benchmark: real daemons started from this test's class path, a real
 * tmux server (tmux is needed for the tests anyway), a real PTY. Every path echoes the keystrokes
 * typed through it, and the run writes its JSON, chart and page. How fast the paths are is not
 * checked here.
 */
class LatencyBenchTest {

    @Test
    void quickRunMeasuresEveryPathAndWritesItsResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        LatencyReport report = LatencyBench.run(LatencyBench.Options.parse("--quick", "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(List.of(HttyEchoPath.NAME, TmuxEchoPath.NAME, PtyEchoPath.NAME),
                report.paths().stream().map(LatencyReport.PathLatency::name).toList(), printed::toString);
        for (LatencyReport.PathLatency path : report.paths()) {
            assertEquals(LatencyBench.Options.QUICK_SAMPLES, path.nanos().length, path.name());
            assertEquals(LatencyBench.Options.QUICK_SAMPLES, path.percentiles().n(), path.name());
            assertTrue(path.percentiles().median() > 0, path.name());
        }
        String json = Files.readString(out.resolve(LatencyReport.JSON_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"latency\"") && json.contains("\"name\":\"bare PTY\""), json);
        String svg = Files.readString(out.resolve(LatencyReport.SVG_FILE));
        assertEquals(3, svg.split("<polyline", -1).length - 1, "a line for each path");
        assertTrue(Files.readString(out.resolve(LatencyReport.HTML_FILE)).contains(svg), "the page holds the chart");
        assertTrue(printed.toString().contains("command: htty-bench latency --quick"), printed::toString);
    }
}
