package htty.bench;

import htty.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every benchmark leaves in its {@code --out} directory: the results as JSON, each chart as an
 * SVG file, and a page that needs nothing else (the text and every chart inline), named after the
 * benchmark: {@code NAME.json}, the charts' own names, {@code NAME.html}.
 *
 * @param benchmark the subcommand's name, which names the files
 * @param title the page's heading
 * @param json the results
 * @param text what ran and the table, as printed: preformatted on the page
 * @param charts the charts, in the page's order
 */
record ResultFiles(String benchmark, String title, Map<String, Object> json, List<String> text, List<Chart> charts) {

    /**
     * One chart.
     *
     * @param file its file's name in the directory
     * @param svg the SVG document
     */
    record Chart(String file, String svg) {
    }

    static String jsonFile(String benchmark) {
        return benchmark + ".json";
    }

    static String htmlFile(String benchmark) {
        return benchmark + ".html";
    }

    String html() {
        StringBuilder charts = new StringBuilder();
        this.charts.forEach(c -> charts.append(c.svg()).append('\n'));
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>htty-bench %s</title></head>
                <body style="font-family: sans-serif; margin: 2em">
                <h1>%s</h1>
                <pre>%s</pre>
                %s</body>
                </html>
                """.formatted(benchmark, Svg.escape(title), Svg.escape(String.join("\n", text)), charts);
    }

    /** Writes the JSON, the charts and the page into {@code dir}; returns their paths. */
    List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(Files.writeString(dir.resolve(jsonFile(benchmark)), Json.write(json) + "\n"));
        for (Chart chart : charts) {
            files.add(Files.writeString(dir.resolve(chart.file()), chart.svg()));
        }
        files.add(Files.writeString(dir.resolve(htmlFile(benchmark)), html()));
        return files;
    }
}
