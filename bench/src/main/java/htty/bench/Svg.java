package htty.bench;

import java.util.Locale;

/**
 * An SVG document as the benchmarks' charts write it: a white page with a title and a subtitle,
 * then elements, text escaped. {@link CdfChart}, {@link BarChart} and {@link TimelineChart} draw on it.
 */
final class Svg {
    private final StringBuilder svg = new StringBuilder();

    /** A {@code width} by {@code height} page, {@code title} and {@code subtitle} at its top from {@code left}. */
    Svg(int width, int height, int left, String title, String subtitle) {
        add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height);
        add("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height);
        text(left, 22, "start", "font-size=\"15\" font-weight=\"bold\"", title);
        text(left, 42, "start", "fill=\"#555\"", subtitle);
    }

    /** Appends an element, {@code format} filled in with {@code args} (numbers with a point, whatever the locale). */
    void add(String format, Object... args) {
        svg.append(String.format(Locale.ROOT, format, args));
    }

    /** A text anchored at ({@code x}, {@code y}) by {@code anchor} (start, middle, end). */
    void text(double x, double y, String anchor, String attributes, String text) {
        add("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n", x, y, anchor,
                attributes.isEmpty() ? "" : " " + attributes, escape(text));
    }

    void line(double x1, double y1, double x2, double y2, String stroke) {
        add("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1, y1, x2, y2, stroke);
    }

    /** The document, closed. */
    String end() {
        return svg + "</svg>\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
