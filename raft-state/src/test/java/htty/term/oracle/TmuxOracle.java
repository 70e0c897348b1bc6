package htty.term.oracle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs bytes through a real tmux pane and returns the screen tmux ends up with, cell by cell, so our
 * emulator can be tested against it. Written for tmux 3.3a; other versions may print their capture
 * differently, and the oracle then fails loudly rather than guess.
 *
 * <p>Each run starts a tmux server of its own (its own socket in a fresh temporary directory, no
 * configuration file, a fixed environment), so it never touches the user's tmux. The server holds one
 * detached session of exactly {@code cols} x {@code rows} with the status line off, so the pane is the
 * whole window. The pane runs {@code stty raw -echo}, copies the input to its terminal and sleeps: raw
 * mode passes every byte through unchanged, and without echo the answers tmux writes back for queries in
 * the input (DA, DSR) do not land on the screen. The input is followed by a sentinel that sets the pane
 * title to a fresh token; tmux parses its input in order, so once it reports that title it has parsed
 * every byte before it. Then one command reads the cursor and modes and captures the cells with their
 * SGR codes, another (only if the screen holds non-ASCII text) asks tmux how wide each character is,
 * and finally the server is killed and the directory deleted, whatever happened.
 */
public final class TmuxOracle {

    /** How long tmux may take to parse the input. */
    private static final Duration INPUT_TIMEOUT = Duration.ofSeconds(10);
    /** How long any single tmux command may take. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** How long tmux's processes may take to exit after {@code kill-server} before they are killed. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_PAUSE = Duration.ofMillis(2);

    /**
     * The pane's program; the input file is {@code $0}. The final sleep keeps the pane, and so the
     * screen, alive until the capture is done; should the JVM die before killing the server, the pane
     * ends after five minutes and the server, left without panes, exits by itself.
     */
    private static final String PANE_SCRIPT = "stty raw -echo && cat \"$0\"; exec sleep 300";

    /** The {@code display-message} variables read after the input, in this order. */
    private static final List<String> REPORT = List.of(
            "pane_width", "pane_height", "history_size", "cursor_x", "cursor_y", "pane_tabs",
            "cursor_flag", "insert_flag", "keypad_cursor_flag", "keypad_flag", "origin_flag", "wrap_flag",
            "mouse_standard_flag", "mouse_button_flag", "mouse_all_flag", "mouse_sgr_flag", "mouse_utf8_flag",
            "alternate_on", "scroll_region_upper", "scroll_region_lower");

    private TmuxOracle() {
    }

    /**
     * tmux's own line is wider than the screen, so no cell-per-column screen can describe it. tmux 3.3a
     * gets there by splitting wide characters: a wide character on a one-column screen, text written
     * over the right half of a wide character in column 0, DCH of the right half of a wide character.
     * Tests that generate their input can skip such input. (A split wide character can also shift the
     * rest of tmux's line without making it too wide; the capture cannot show that.)
     */
    public static final class InconsistentLineException extends IllegalStateException {
        InconsistentLineException(String message) {
            super(message);
        }
    }

    /** Whether a {@code tmux} command can be run at all; tests skip themselves when it cannot. */
    public static boolean isAvailable() {
        try {
            Process process = command(List.of("tmux", "-V")).start();
            return process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The screen tmux shows after {@code input} on a {@code cols} x {@code rows} terminal that keeps no history. */
    public static OracleScreen run(byte[] input, int cols, int rows) {
        return run(input, cols, rows, 0);
    }

    /**
     * The screen tmux shows after {@code input} on a {@code cols} x {@code rows} terminal that keeps up to
     * {@code historyLimit} lines scrolled off the top (tmux's {@code history-limit}).
     *
     * @throws IllegalStateException if tmux fails, does not finish in time, or prints something the oracle
     *                               does not understand
     * @throws UncheckedIOException  if the temporary files cannot be written
     */
    public static OracleScreen run(byte[] input, int cols, int rows, int historyLimit) {
        if (cols < 1 || rows < 1 || historyLimit < 0) {
            throw new IllegalArgumentException(
                    "need cols, rows >= 1 and historyLimit >= 0, got " + cols + ", " + rows + ", " + historyLimit);
        }
        String token = "htty-oracle-" + UUID.randomUUID();
        try (Server server = new Server(Files.createTempDirectory("htty-tmux-"))) {
            server.start(input, token, cols, rows, historyLimit);
            server.awaitTitle(token);
            return server.capture(cols, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The screen tmux shows after {@code input} on a {@code cols} x {@code rows} terminal keeping up to
     * {@code historyLimit} lines of history, once the window has then been resized to
     * {@code newCols} x {@code newRows} (tmux reflows soft-wrapped lines).
     */
    public static OracleScreen runResized(byte[] input, int cols, int rows, int historyLimit, int newCols,
            int newRows) {
        String token = "htty-oracle-" + UUID.randomUUID();
        try (Server server = new Server(Files.createTempDirectory("htty-tmux-"))) {
            server.start(input, token, cols, rows, historyLimit);
            server.awaitTitle(token);
            server.resize(newCols, newRows);
            return server.capture(newCols, newRows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the pane prints after the input. CAN abandons any escape or control sequence the input left
     * unfinished; ST ends an unfinished DCS, the one string tmux does not let CAN abandon (and is
     * ignored otherwise); then OSC 2 sets the title.
     */
    private static byte[] sentinel(String token) {
        return ("\u0018\u001b\\\u001b]2;" + token + "\u0007").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A tmux command with a fixed environment: a UTF-8 locale (tmux 3.3a picks a UTF-8 locale for itself
     * anyway, but reads {@code LANG} to decide whether the client speaks UTF-8), a known {@code TERM},
     * and nothing of the user's, such as {@code TMUX}.
     */
    private static ProcessBuilder command(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
        environment.clear();
        environment.put("PATH", path);
        environment.put("TERM", "xterm-256color");
        environment.put("LANG", "C.UTF-8");
        return builder;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tmux", e);
        }
    }

    /** One private tmux server and its temporary directory; closing kills the one and deletes the other. */
    private static final class Server implements AutoCloseable {
        private final Path directory;
        private final Path socket;
        private final Path stdout;
        private final Path stderr;
        /** tmux's server process and the pane's process, once known. */
        private final List<ProcessHandle> processes = new ArrayList<>();
        private String pane;

        Server(Path directory) {
            this.directory = directory;
            this.socket = directory.resolve("socket");
            this.stdout = directory.resolve("stdout");
            this.stderr = directory.resolve("stderr");
        }

        void start(byte[] input, String token, int cols, int rows, int historyLimit) throws IOException {
            Path inputFile = directory.resolve("input");
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes(input);
            content.writeBytes(sentinel(token));
            Files.write(inputFile, content.toByteArray());

            // history-limit applies to panes created after it is set, hence before new-session. A detached
            // session takes its size from -x and -y; window-size manual keeps it so should a client attach.
            String created = tmux(
                    "start-server", ";",
                    "set-option", "-g", "history-limit", Integer.toString(historyLimit), ";",
                    "set-option", "-g", "status", "off", ";",
                    "new-session", "-d", "-x", Integer.toString(cols), "-y", Integer.toString(rows),
                    "-P", "-F", "#{pid} #{pane_id} #{pane_pid}",
                    "/bin/sh", "-c", PANE_SCRIPT, inputFile.toString(), ";",
                    "set-option", "-g", "-w", "window-size", "manual");
            String[] ids = created.strip().split(" ");
            if (ids.length != 3) {
                throw new IllegalStateException("unexpected answer from tmux new-session: " + created);
            }
            ProcessHandle.of(Long.parseLong(ids[0])).ifPresent(processes::add);
            pane = ids[1];
            ProcessHandle.of(Long.parseLong(ids[2])).ifPresent(processes::add);
        }

        void awaitTitle(String token) {
            long deadline = System.nanoTime() + INPUT_TIMEOUT.toNanos();
            String title;
            while (!(title = tmux("display-message", "-p", "-t", pane, "#{pane_title}").strip()).equals(token)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("tmux did not reach the end of the input within "
                            + INPUT_TIMEOUT.toSeconds() + " s; the pane title is \"" + title + "\"");
                }
                pause(POLL_PAUSE);
            }
        }

        void resize(int cols, int rows) {
            tmux("resize-window", "-t", pane, "-x", Integer.toString(cols), "-y", Integer.toString(rows));
        }

        OracleScreen capture(int cols, int rows) throws IOException {
            String format = REPORT.stream().map(name -> "#{" + name + "}").collect(Collectors.joining(" "));
            // -e: with SGR codes; -N: keep trailing spaces; -S - -E -: the history as well as the screen.
            String output = tmux(
                    "display-message", "-p", "-t", pane, format, ";",
                    "capture-pane", "-p", "-e", "-N", "-S", "-", "-E", "-", "-t", pane);
            int endOfReport = output.indexOf('\n');
            Map<String, String> report = parseReport(output.substring(0, endOfReport));
            String captured = output.substring(endOfReport + 1);

            if (number(report, "pane_width") != cols || number(report, "pane_height") != rows) {
                throw new IllegalStateException("asked tmux for a " + cols + "x" + rows + " pane, got "
                        + report.get("pane_width") + "x" + report.get("pane_height"));
            }
            int historySize = number(report, "history_size");
            List<String> capturedLines = Arrays.asList(captured.split("\n", -1));
            // Every line ends in a newline, so splitting leaves an empty string after the last.
            capturedLines = capturedLines.subList(0, capturedLines.size() - 1);
            if (capturedLines.size() != historySize + rows) {
                throw new IllegalStateException("expected " + historySize + " history lines and " + rows
                        + " screen lines from tmux capture-pane, got " + capturedLines.size() + " lines");
            }

            CaptureParser parser = new CaptureParser(cols, widths(captured));
            List<OracleLine> lines = new ArrayList<>();
            for (String line : capturedLines) {
                lines.add(parser.parse(line));
            }
            return new OracleScreen(cols, rows,
                    lines.subList(0, historySize), lines.subList(historySize, lines.size()),
                    number(report, "cursor_x"), number(report, "cursor_y"),
                    modes(report), tabStops(report.get("pane_tabs")));
        }

        /**
         * The width tmux gives each non-ASCII character in {@code text}: 0 for characters it joins to the
         * one before (combining marks and the like), else 1 or 2. Asking tmux itself, through the
         * {@code w} (width) and {@code l} (literal) format modifiers, keeps the cells exactly as tmux split
         * them. The command goes through a file because the JVM may pass non-ASCII arguments to a
         * process in a non-UTF-8 encoding.
         */
        private Map<Integer, Integer> widths(String text) throws IOException {
            int[] characters = text.codePoints().filter(c -> c >= 0x80).distinct().toArray();
            if (characters.length == 0) {
                return Map.of();
            }
            String format = Arrays.stream(characters)
                    .mapToObj(c -> "#{w;l:" + Character.toString(c) + "}")
                    .collect(Collectors.joining(" "));
            Path commandFile = directory.resolve("widths.conf");
            Files.writeString(commandFile, "display-message -p '" + format + "'\n", StandardCharsets.UTF_8);
            String[] answers = tmux("source-file", commandFile.toString()).strip().split(" ");
            if (answers.length != characters.length) {
                throw new IllegalStateException("asked tmux for " + characters.length + " widths, got "
                        + Arrays.toString(answers));
            }
            Map<Integer, Integer> widths = new HashMap<>();
            for (int i = 0; i < characters.length; i++) {
                widths.put(characters[i], Integer.parseInt(answers[i]));
            }
            return widths;
        }

        /** Runs a tmux command against this server and returns what it printed. */
        private String tmux(String... arguments) {
            List<String> line = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
            line.addAll(List.of(arguments));
            try {
                // Files rather than pipes: nothing to drain while waiting, and no pipe for the server
                // that new-session forks to hold open.
                Process process = command(line).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("tmux " + String.join(" ", arguments) + " did not finish within "
                            + COMMAND_TIMEOUT.toSeconds() + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("tmux " + String.join(" ", arguments) + " failed: "
                            + Files.readString(stderr, StandardCharsets.UTF_8).strip());
                }
                return Files.readString(stdout, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running tmux", e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                tmux("kill-server");
            } catch (RuntimeException e) {
                // The server is gone already (it never started, or exited with its pane); the checks below
                // still make sure nothing of it is left.
            }
            for (ProcessHandle process : processes) {
                awaitExit(process);
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }

        /**
         * Waits for a process of this server to end, killing it if it does not. Polls rather than using
         * {@link ProcessHandle#onExit()}, which checks on a process that is not our child only every 300 ms
         * and counts a zombie as alive.
         */
        private static void awaitExit(ProcessHandle process) {
            long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
            while (!hasEnded(process)) {
                if (System.nanoTime() - deadline > 0) {
                    process.destroyForcibly();
                    return;
                }
                try {
                    Thread.sleep(POLL_PAUSE);
                } catch (InterruptedException e) {
                    // Still clean up, just without waiting.
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                    return;
                }
            }
        }

        /**
         * Whether a process has ended. The server and the pane are not our children, so once they end
         * they stay zombies until init collects them, which some sandboxes' init does only every second or
         * two; Linux shows a zombie as state Z in {@code /proc/PID/stat}, after the parenthesised name.
         */
        private static boolean hasEnded(ProcessHandle process) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
            } catch (IOException e) {
                // Gone already, or no /proc on this system.
                return !process.isAlive();
            }
        }
    }

    private static Map<String, String> parseReport(String line) {
        String[] values = line.split(" ", -1);
        if (values.length != REPORT.size()) {
            throw new IllegalStateException("unexpected answer from tmux display-message: " + line);
        }
        Map<String, String> report = new HashMap<>();
        for (int i = 0; i < values.length; i++) {
            report.put(REPORT.get(i), values[i]);
        }
        return report;
    }

    private static OracleModes modes(Map<String, String> report) {
        return new OracleModes(
                flag(report, "cursor_flag"),
                flag(report, "insert_flag"),
                flag(report, "keypad_cursor_flag"),
                flag(report, "keypad_flag"),
                flag(report, "origin_flag"),
                flag(report, "wrap_flag"),
                flag(report, "mouse_standard_flag"),
                flag(report, "mouse_button_flag"),
                flag(report, "mouse_all_flag"),
                flag(report, "mouse_sgr_flag"),
                flag(report, "mouse_utf8_flag"),
                flag(report, "alternate_on"),
                number(report, "scroll_region_upper"),
                number(report, "scroll_region_lower"));
    }

    private static int number(Map<String, String> report, String name) {
        return Integer.parseInt(report.get(name));
    }

    private static boolean flag(Map<String, String> report, String name) {
        return switch (report.get(name)) {
            case "0" -> false;
            case "1" -> true;
            default -> throw new IllegalStateException(name + " is " + report.get(name) + ", not 0 or 1");
        };
    }

    /** tmux lists tab stops as {@code 8,16,24}, or as nothing when there are none. */
    private static List<Integer> tabStops(String list) {
        return list.isEmpty()
                ? List.of()
                : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
    }

    /**
     * Turns the lines of {@code capture-pane -e} into cells. tmux prints each cell's text preceded by
     * the SGR codes that change the rendition from the cell printed before, across line ends too, so
     * the parser carries its rendition from one line to the next. It stops at anything tmux 3.3a would
     * not print, rather than guess.
     */
    private static final class CaptureParser {
        private static final char ESC = '\u001b';
        /** Shift Out and Shift In: tmux brackets cells drawn from the DEC line-drawing set with these. */
        private static final char SHIFT_OUT = '\u000e';
        private static final char SHIFT_IN = '\u000f';
        /** After this joiner tmux appends the next character to the same cell, whatever its width. */
        private static final int ZERO_WIDTH_JOINER = 0x200D;

        /**
         * What a line-drawing cell looks like: tmux stores the ASCII character and translates it, by this
         * table (tmux's own, tty-acs.c), only when it draws the cell.
         */
        private static final Map<Character, String> LINE_DRAWING = Map.ofEntries(
                Map.entry('+', "→"), Map.entry(',', "←"), Map.entry('-', "↑"), Map.entry('.', "↓"),
                Map.entry('0', "▮"), Map.entry('`', "◆"), Map.entry('a', "▒"), Map.entry('b', "␉"),
                Map.entry('c', "␌"), Map.entry('d', "␍"), Map.entry('e', "␊"), Map.entry('f', "°"),
                Map.entry('g', "±"), Map.entry('h', "␤"), Map.entry('i', "␋"), Map.entry('j', "┘"),
                Map.entry('k', "┐"), Map.entry('l', "┌"), Map.entry('m', "└"), Map.entry('n', "┼"),
                Map.entry('o', "⎺"), Map.entry('p', "⎻"), Map.entry('q', "─"), Map.entry('r', "⎼"),
                Map.entry('s', "⎽"), Map.entry('t', "├"), Map.entry('u', "┤"), Map.entry('v', "┴"),
                Map.entry('w', "┬"), Map.entry('x', "│"), Map.entry('y', "≤"), Map.entry('z', "≥"),
                Map.entry('{', "π"), Map.entry('|', "≠"), Map.entry('}', "£"), Map.entry('~', "·"));

        private final int cols;
        private final Map<Integer, Integer> widths;
        private OracleStyle style = OracleStyle.DEFAULT;
        private boolean lineDrawing;

        CaptureParser(int cols, Map<Integer, Integer> widths) {
            this.cols = cols;
            this.widths = widths;
        }

        /** A cell being read: its text grows while combining characters follow. */
        private record Pending(StringBuilder text, int width, OracleStyle style, boolean lineDrawing) {
            OracleCell toCell() {
                String drawn = text.toString();
                if (lineDrawing && drawn.length() == 1) {
                    drawn = LINE_DRAWING.getOrDefault(drawn.charAt(0), drawn);
                }
                return new OracleCell(drawn, width, style);
            }
        }

        OracleLine parse(String line) {
            List<Pending> pending = new ArrayList<>();
            boolean joinNext = false;
            int i = 0;
            while (i < line.length()) {
                int c = line.codePointAt(i);
                i += Character.charCount(c);
                if (c == ESC) {
                    i = readSgr(line, i);
                } else if (c == SHIFT_OUT) {
                    lineDrawing = true;
                } else if (c == SHIFT_IN) {
                    lineDrawing = false;
                } else {
                    int width = widthOf(c, line);
                    if (width == 0 || joinNext) {
                        if (pending.isEmpty()) {
                            throw new IllegalStateException("tmux captured a line starting with a character that"
                                    + " joins the one before: " + quote(line));
                        }
                        pending.getLast().text().appendCodePoint(c);
                    } else {
                        pending.add(new Pending(new StringBuilder().appendCodePoint(c), width, style, lineDrawing));
                    }
                    joinNext = c == ZERO_WIDTH_JOINER;
                }
            }

            List<OracleCell> cells = new ArrayList<>(cols);
            for (Pending cell : pending) {
                cells.add(cell.toCell());
                if (cell.width() == 2) {
                    cells.add(OracleCell.CONTINUATION);
                }
            }
            if (cells.size() > cols) {
                throw new InconsistentLineException("tmux captured " + cells.size() + " columns in a line of "
                        + cols + ": " + quote(line));
            }
            int captured = cells.size();
            while (cells.size() < cols) {
                cells.add(OracleCell.BLANK);
            }
            return new OracleLine(cells, captured);
        }

        private int widthOf(int c, String line) {
            if (c >= 0x20 && c < 0x7f) {
                return 1;
            }
            Integer width = widths.get(c);
            if (width == null) {
                throw new IllegalStateException(String.format("unexpected U+%04X in a line tmux captured: %s",
                        c, quote(line)));
            }
            return width;
        }

        /** Reads {@code [ parameters m} after an ESC at {@code start - 1}; returns the index after it. */
        private int readSgr(String line, int start) {
            int end = line.indexOf('m', start);
            if (end < 0 || line.charAt(start) != '[' || !line.substring(start + 1, end).matches("[0-9:;]*")) {
                throw new IllegalStateException("expected only SGR sequences in tmux's capture: " + quote(line));
            }
            String[] codes = line.substring(start + 1, end).split(";", -1);
            for (int k = 0; k < codes.length; ) {
                k = apply(codes, k);
            }
            return end + 1;
        }

        /** Applies the code at {@code codes[k]} and any parameters it takes; returns the index after them. */
        private int apply(String[] codes, int k) {
            String code = codes[k];
            switch (code) {
                // A reset leaves the line-drawing set alone: tmux tracks it with SO and SI, not SGR.
                case "0" -> style = OracleStyle.DEFAULT;
                case "1" -> style = style.with(OracleStyle.Attribute.BOLD);
                case "2" -> style = style.with(OracleStyle.Attribute.DIM);
                case "3" -> style = style.with(OracleStyle.Attribute.ITALIC);
                case "4" -> style = style.withUnderline(OracleStyle.Underline.SINGLE);
                case "4:2" -> style = style.withUnderline(OracleStyle.Underline.DOUBLE);
                case "4:3" -> style = style.withUnderline(OracleStyle.Underline.CURLY);
                case "4:4" -> style = style.withUnderline(OracleStyle.Underline.DOTTED);
                case "4:5" -> style = style.withUnderline(OracleStyle.Underline.DASHED);
                case "5" -> style = style.with(OracleStyle.Attribute.BLINK);
                case "7" -> style = style.with(OracleStyle.Attribute.INVERSE);
                case "8" -> style = style.with(OracleStyle.Attribute.HIDDEN);
                case "9" -> style = style.with(OracleStyle.Attribute.STRIKETHROUGH);
                // tmux 3.3a prints every two-digit attribute code as "tens:units", overline (53) included.
                case "5:3" -> style = style.with(OracleStyle.Attribute.OVERLINE);
                case "39" -> style = style.withForeground(OracleColor.DEFAULT);
                case "49" -> style = style.withBackground(OracleColor.DEFAULT);
                case "38", "48", "58" -> {
                    return applyExtendedColor(codes, k);
                }
                default -> applyBasicColor(code);
            }
            return k + 1;
        }

        /** {@code 38;5;n} or {@code 38;2;r;g;b}, and likewise 48 for the background and 58 for underlines. */
        private int applyExtendedColor(String[] codes, int k) {
            String kind = k + 1 < codes.length ? codes[k + 1] : "";
            int parameters = kind.equals("5") ? 1 : kind.equals("2") ? 3 : -1;
            if (parameters < 0 || k + 2 + parameters > codes.length) {
                throw new IllegalStateException("unexpected SGR colour in tmux's capture: "
                        + String.join(";", codes));
            }
            OracleColor color = parameters == 1
                    ? OracleColor.indexed(Integer.parseInt(codes[k + 2]))
                    : OracleColor.rgb(Integer.parseInt(codes[k + 2]), Integer.parseInt(codes[k + 3]),
                            Integer.parseInt(codes[k + 4]));
            style = switch (codes[k]) {
                case "38" -> style.withForeground(color);
                case "48" -> style.withBackground(color);
                default -> style.withUnderlineColor(color);
            };
            return k + 2 + parameters;
        }

        /** 30-37 and 90-97 for the foreground, 40-47 and 100-107 for the background: palette entries 0-15. */
        private void applyBasicColor(String code) {
            int n = code.matches("[0-9]{2,3}") ? Integer.parseInt(code) : -1;
            if (n >= 30 && n <= 37) {
                style = style.withForeground(OracleColor.indexed(n - 30));
            } else if (n >= 90 && n <= 97) {
                style = style.withForeground(OracleColor.indexed(n - 90 + 8));
            } else if (n >= 40 && n <= 47) {
                style = style.withBackground(OracleColor.indexed(n - 40));
            } else if (n >= 100 && n <= 107) {
                style = style.withBackground(OracleColor.indexed(n - 100 + 8));
            } else {
                throw new IllegalStateException("unexpected SGR code " + code + " in tmux's capture");
            }
        }

        /** The line with its escape characters made visible, for error messages. */
        private static String quote(String line) {
            return "\"" + line.replace("\u001b", "\\e").replace("\u000e", "\\x0e").replace("\u000f", "\\x0f") + "\"";
        }
    }
}
