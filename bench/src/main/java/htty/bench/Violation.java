package htty.bench;

import htty.cli.Json;
import java.util.List;
import java.util.Map;

/**
 * A way a chaos run's history breaks one of htty's promises, found by {@link Checker}.
 *
 * @param kind which promise, one of {@link Checker}'s kinds
 * @param what what went wrong, in a sentence
 * @param excerpt the history's events that show it, one line each, and the final text around it
 */
record Violation(String kind, String what, List<String> excerpt) {

    /** The violation as a person reads it: kind and sentence, then the excerpt indented. */
    String text() {
        StringBuilder text = new StringBuilder(kind).append(": ").append(what);
        excerpt.forEach(line -> text.append("\n    ").append(line));
        return text.toString();
    }

    Map<String, Object> json() {
        return Json.object("kind", kind, "what", what, "excerpt", excerpt);
    }
}
