package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A smoke test of the chaos benchmark, on real daemons started from this test's class path: it
 * injects faults while clients type, the checker finds no violation, and the run writes its JSON,
 * history and page. Partitions are made when the test runs as root with iptables, and skipped, with
 * a line saying so, otherwise.
 */
class ChaosBenchTest {

    @Test
    void quickRunInjectsFaultsFindsNoViolationAndWritesItsResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ChaosReport report = ChaosBench.run(ChaosBench.Options.parse("--quick", "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertFalse(report.faults().isEmpty(), printed::toString);
        assertTrue(report.typed().stream().mapToInt(ChaosReport.Typed::acked).sum() > 0, printed::toString);
        assertEquals(List.of(), report.violations(), printed::toString);
        String json = Files.readString(out.resolve(ChaosBench.JSON_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"chaos\"") && json.contains("\"violationCount\":0"), json);
        assertTrue(Files.readAllLines(out.resolve(ChaosBench.HISTORY_FILE)).stream()
                .anyMatch(l -> l.contains("\"type\":\"fault-start\"")), "the history records the faults");
        String svg = Files.readString(out.resolve(ChaosBench.SVG_FILE));
        assertTrue(Files.readString(out.resolve(ChaosBench.HTML_FILE)).contains(svg), "the page holds the timeline");
        assertTrue(printed.toString().contains("partitions: "), printed::toString);
    }
}
