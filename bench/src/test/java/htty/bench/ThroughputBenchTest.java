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
 * A smoke test of the throughput benchmark: real daemons started from this test's class path (two
 * clusters, standby and respawn takeover), a real tmux server, a real PTY. Every path delivers both
 * corpora to its client byte for byte (the run fails otherwise), the daemons end with equal screens,
 * and the run writes its JSON, chart and page. How fast the paths are is not checked here.
 */
class ThroughputBenchTest {

    @Test
    void quickRunDeliversEveryCorpusThroughEveryPathAndWritesItsResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ThroughputReport report = ThroughputBench.run(ThroughputBench.Options.parse("--quick", "--out",
                out.toString()), new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> paths = List.of(ThroughputBench.HTTY_STANDBY, ThroughputBench.HTTY_RESPAWN, TmuxEchoPath.NAME,
                PtyEchoPath.NAME);
        assertTrue(report.stopped().isEmpty(), printed::toString);
        assertEquals(paths, report.paths(), printed::toString);
        assertEquals(paths.size() * 2, report.trials().size(), printed::toString);
        for (ThroughputReport.Trial t : report.trials()) {
            assertTrue(t.receivedS() > 0 && t.receivedS() >= t.firstByteS(), t::toString);
            assertEquals(t.path().startsWith("htty"), t.replicatedS().isPresent(), t::toString);
        }
        assertTrue(report.digestsAgree(), printed::toString);
        String json = Files.readString(out.resolve(ThroughputReport.JSON_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"throughput\"") && json.contains("\"corpus\":\"random\""), json);
        String svg = Files.readString(out.resolve(ThroughputBench.SVG_FILE));
        assertEquals(2 * (paths.size() + 2), svg.split("<rect x=", -1).length - 1 - 2,
                "a bar per corpus for each row of the table, beside the legend's two");
        assertTrue(Files.readString(out.resolve(ThroughputReport.HTML_FILE)).contains(svg), "the page holds the chart");
        assertTrue(printed.toString().contains("command: htty-bench throughput --quick"), printed::toString);
    }
}
