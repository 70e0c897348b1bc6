package htty.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of the emulator benchmark: it runs and reports. How fast it runs is not checked here. */
class EmulatorThroughputTest {

    @Test
    void quickRunMeasuresEveryWorkloadOnEveryScreenAndWritesJson(@TempDir Path temp) throws IOException {
        // A corpus of our own, so that the recorded workload runs whether or not the real one exists yet.
        Path corpus = Files.createDirectories(temp.resolve("corpus"));
        Files.write(corpus.resolve("ls.bin"), "\u001b[1;34mdir\u001b[0m  file.txt\r\n".getBytes(StandardCharsets.UTF_8));
        Path out = temp.resolve("out");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<EmulatorThroughput.Result> results = EmulatorThroughput.run(
                EmulatorThroughput.Options.parse("--quick", "--corpus", corpus.toString(), "--out", out.toString()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(Workload.NAMES.size() * EmulatorThroughput.SCREENS.size(), results.size(), printed::toString);
        for (String workload : Workload.NAMES) {
            List<EmulatorThroughput.Result> measured =
                    results.stream().filter(r -> r.workload().equals(workload)).toList();
            assertEquals(EmulatorThroughput.SCREENS.size(), measured.size(), workload);
            for (EmulatorThroughput.Result result : measured) {
                assertTrue(result.bytes() > 0 && result.median() > 0, workload + " on " + result.screenName());
            }
        }
        String json = Files.readString(out.resolve(EmulatorThroughput.RESULT_FILE));
        assertTrue(json.startsWith("{\"benchmark\":\"emulator\"") && json.contains("\"workload\":\"recorded\""), json);
    }
}
