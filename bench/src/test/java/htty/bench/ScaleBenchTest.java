package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * A smoke test of the scale benchmark, on real daemons started from this test's class path: it
 * creates its sessions, every daemon then runs a program for each (standby takeover), every typist's
 * keystroke is echoed, and the run writes its JSON, charts and page. How fast or how big the daemons
 * are is not checked here.
 */
class ScaleBenchTest {

    @Test
    void quickRunCreatesItsSessionsOnEveryDaemonAndWritesItsResults(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        ScaleReport report = ScaleBench.run(ScaleBench.Options.parse("--quick", "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertTrue(report.stopped().isEmpty(), printed::toString);
        assertEquals(ScaleBench.Options.QUICK_SESSIONS, report.createNanos().length, printed::toString);
        assertEquals(List.of("n1", "n2", "n3"), List.copyOf(report.roles().keySet()), printed::toString);
        for (String daemon : report.roles().keySet()) {
            assertEquals(ScaleBench.Options.QUICK_SESSIONS, report.idle().get(daemon).programs(),
                    daemon + " runs a program for every session: " + printed);
            assertTrue(report.idle().get(daemon).rssMiB() > 0 && report.load().get(daemon).cpuPercent() > 0, daemon);
        }
        assertTrue(report.typed() > 0 && report.echoed() == report.typed(), printed::toString);
        String json = Files.readString(out.resolve(ScaleReport.JSON_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"scale\"") && json.contains("\"createMs\""), json);
        String html = Files.readString(out.resolve(ScaleReport.HTML_FILE));
        for (String chart : List.of(ScaleBench.CREATE_SVG, ScaleBench.MEMORY_SVG, ScaleBench.CPU_SVG)) {
            assertTrue(html.contains(Files.readString(out.resolve(chart))), "the page holds " + chart);
        }
        assertTrue(printed.toString().contains("command: htty-bench scale --quick"), printed::toString);
    }

    @Test
    void refusesTakeoverModesItDoesNotKnow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaleBench.Options.parse("--takeover", "sometimes"));
        assertEquals("--takeover needs standby or respawn, not sometimes", e.getMessage());
    }
}
