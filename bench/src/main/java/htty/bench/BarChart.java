package htty.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws figures as an SVG chart of horizontal bars, one row a bar, its label on the left and its
 * value at its end, on a linear axis from zero; the bars' colours tell their series apart (a corpus,
 * a load), named in a legend above.
 */
final class BarChart {
    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 250;
    private static final int LEFT = LABEL_WIDTH + 10;
    private static final int RIGHT = WIDTH - 90;
    private static final int HEADER = 58;
    private static final int LEGEND_LINE = 18;
    private static final int ROW = 22;
    private static final List<String> COLOURS = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd");

    /**
     * One bar.
     *
     * @param label what it shows, left of it
     * @param value its length
     * @param text the value as written at its end
     * @param series which of the series it belongs to, from 0
     */
    record Bar(String label, double value, String text, int series) {
    }

    private BarChart() {
    }

    /** The SVG document: {@code title} and {@code subtitle} above the {@code bars}, on an axis named {@code axis}. */
    static String svg(String title, String subtitle, String axis, List<String> series, List<Bar> bars) {
        int top = HEADER + LEGEND_LINE * series.size() + 10;
        int bottom = top + ROW * bars.size() + 6;
        int height = bottom + 45;
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
        double scale = niceCeiling(max <= 0 ? 1 : max);
        Svg svg = new Svg(WIDTH, height, 10, title, subtitle);
        for (int i = 0; i < series.size(); i++) {
            double y = HEADER + LEGEND_LINE * i + 4;
            svg.add("<rect x=\"%d\" y=\"%.1f\" width=\"24\" height=\"10\" fill=\"%s\"/>%n", LEFT, y - 5, colour(i));
            svg.text(LEFT + 32, y + 4, "start", "", series.get(i));
        }
        for (int tick = 0; tick <= 5; tick++) {
            double x = LEFT + (RIGHT - LEFT) * tick / 5.0;
            svg.line(x, top, x, bottom, tick == 0 ? "#000" : "#ddd");
            svg.text(x, bottom + 16, "middle", "", number(scale * tick / 5));
        }
        svg.text((LEFT + RIGHT) / 2.0, bottom + 36, "middle", "", axis);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double y = top + ROW * i + 4;
            double length = Double.isFinite(bar.value()) ? Math.max(0, bar.value()) / scale * (RIGHT - LEFT) : 0;
            svg.text(LABEL_WIDTH, y + 12, "end", "", bar.label());
            svg.add("<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", LEFT, y, length,
                    colour(bar.series()));
            svg.text(LEFT + length + 4, y + 12, "start", "", bar.text());
        }
        return svg.end();
    }

    private static String colour(int series) {
        return COLOURS.get(series % COLOURS.size());
    }

    /** The axis's end: 1, 2 or 5 times a power of ten, at least {@code value}. */
    private static double niceCeiling(double value) {
        double decade = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * decade >= value) {
                return step * decade;
            }
        }
        return 10 * decade;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2g", value);
    }
}
