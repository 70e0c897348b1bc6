package htty.term;

import htty.term.screen.Line;
import java.nio.charset.StandardCharsets;

/** A terminal under test, with the few readers assertions need. */
final class Screen {
    final Terminal terminal;
    byte[] lastReplies = new byte[0];
    byte[] lastClientBytes = new byte[0];

    Screen(int cols, int rows) {
        terminal = new Terminal(TerminalConfig.of(cols, rows));
    }

    Screen feed(String text) {
        FeedResult r = terminal.feed(text.getBytes(StandardCharsets.UTF_8));
        lastReplies = r.replies();
        lastClientBytes = r.clientBytes();
        return this;
    }

    String replies() {
        return new String(lastReplies, StandardCharsets.UTF_8);
    }

    String clientBytes() {
        return new String(lastClientBytes, StandardCharsets.UTF_8);
    }

    /** Row {@code y} as text, every cell shown (blanks as spaces), trailing spaces trimmed. */
    String row(int y) {
        Line line = terminal.grid().line(y);
        StringBuilder s = new StringBuilder();
        for (int x = 0; x < line.cols(); x++) {
            s.append(line.text(x));
        }
        return s.toString().stripTrailing();
    }

    Line line(int y) {
        return terminal.grid().line(y);
    }

    long attrs(int x, int y) {
        return line(y).attrs(x);
    }

    int cursorX() {
        return terminal.cursorX();
    }

    int cursorY() {
        return terminal.cursorY();
    }
}
