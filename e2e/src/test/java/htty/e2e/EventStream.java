package htty.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running {@code htty events} command: the JSON lines it printed so far, and how it ended. */
final class EventStream implements AutoCloseable {
    final Process process;
    private final List<String> lines = new ArrayList<>();

    EventStream(Cli htty, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("events"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(Cli.command(command.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(htty.env());
        process = pb.start();
        process.getOutputStream().close();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                    }
                }
            } catch (IOException ended) {
                // the command exited
            }
        });
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * The text the lines showed, in order: each screen's, then the output's after it. Output is cut
     * into lines where the daemon's batches were cut, so text is looked for here, across them.
     */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (line.contains("\"type\":\"screen\"") || line.contains("\"type\":\"output\"")) {
                Matcher m = TEXT.matcher(line);
                if (m.find()) {
                    text.append(unescape(m.group(1)));
                }
            }
        }
        return text.toString();
    }

    /** Waits until {@link #text} holds {@code wanted}. */
    void awaitText(Duration deadline, String wanted) throws Exception {
        Await.until(deadline, "events showing " + wanted, () -> text().contains(wanted) ? true : null);
    }

    private static final Pattern TEXT = Pattern.compile("\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A JSON string's characters, its escapes undone. */
    private static String unescape(String json) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** Waits for a line that contains every one of {@code parts}, and returns it. */
    String await(Duration deadline, String... parts) throws Exception {
        return Await.until(deadline, "an events line with " + String.join(" and ", parts), () -> lines().stream()
                .filter(line -> List.of(parts).stream().allMatch(line::contains)).findFirst().orElse(null));
    }

    /** Waits until the command exits, and returns its exit code. */
    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("htty events did not end; it printed " + lines());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
