package htty.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Draws distributions of durations as an SVG chart of their cumulative distribution functions: for
 * each duration on a logarithmic axis, the share of the samples that took at most that long. One line per
 * distribution, a step per sample, so nothing is smoothed away; the log axis keeps microseconds and
 * tens of milliseconds readable side by side.
 */
final class CdfChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = WIDTH - 30;
    private static final int BOTTOM = HEIGHT - 55;
    /** The title's and subtitle's lines, then a legend line per distribution above the plot. */
    private static final int HEADER = 58;
    private static final int LEGEND_LINE = 18;
    private static final List<String> COLOURS = List.of("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd");

    /**
     * One distribution.
     *
     * @param label its legend
     * @param nanos its samples, in nanoseconds
     */
    record Line(String label, long[] nanos) {
    }

    private final int top;
    private final double logLow;
    private final double logHigh;
    private final Svg svg;

    private CdfChart(String title, String subtitle, int lines, long low, long high) {
        this.svg = new Svg(WIDTH, HEIGHT, LEFT, title, subtitle);
        this.top = HEADER + LEGEND_LINE * lines + 10;
        this.logLow = Math.log10(low);
        this.logHigh = Math.log10(high);
    }

    /**
     * The SVG document: {@code title} and {@code subtitle} above the chart of {@code lines}, in that
     * order; {@code durationAxis} names what the durations are, {@code shareAxis} the share.
     */
    static String svg(String title, String subtitle, String durationAxis, String shareAxis, List<Line> lines) {
        long min = lines.stream().flatMapToLong(l -> Arrays.stream(l.nanos())).min().orElse(1);
        long max = lines.stream().flatMapToLong(l -> Arrays.stream(l.nanos())).max().orElse(1);
        long low = decadeAtOrBelow(Math.max(1, min));
        long high = Math.max(low * 10, decadeAtOrAbove(max));
        CdfChart chart = new CdfChart(title, subtitle, lines.size(), low, high);
        chart.latencyAxis(low, high, durationAxis);
        chart.shareAxis(shareAxis);
        for (int i = 0; i < lines.size(); i++) {
            chart.line(lines.get(i), COLOURS.get(i % COLOURS.size()), i);
        }
        return chart.svg.end();
    }

    /** Decades, labelled, with fainter lines at 2 to 9 times each. */
    private void latencyAxis(long low, long high, String label) {
        for (long decade = low; decade <= high; decade *= 10) {
            gridLine(x(decade), true);
            svg.text(x(decade), BOTTOM + 16, "middle", "", duration(decade));
            for (int k = 2; k < 10 && decade < high; k++) {
                gridLine(x(decade * k), false);
            }
        }
        svg.text((LEFT + RIGHT) / 2.0, BOTTOM + 40, "middle", "", label);
    }

    /** Every 10 percent, labelled. */
    private void shareAxis(String label) {
        for (int percent = 0; percent <= 100; percent += 10) {
            double y = y(percent / 100.0);
            svg.add("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    LEFT, y, RIGHT, y, percent == 0 ? "#000" : "#ddd");
            svg.text(LEFT - 6, y + 4, "end", "", percent + "%");
        }
        svg.add("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>%n",
                LEFT, top, LEFT, BOTTOM);
        double middle = (top + BOTTOM) / 2.0;
        svg.add("<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 18 %.1f)\">%s</text>%n", middle, middle, Svg.escape(label));
    }

    private void gridLine(double x, boolean decade) {
        svg.add("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                x, top, x, BOTTOM, decade ? "#bbb" : "#eee");
    }

    /** The distribution as steps: at each sample, in order of latency, the share rises by one sample's. */
    private void line(Line line, String colour, int index) {
        long[] sorted = line.nanos().clone();
        Arrays.sort(sorted);
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < sorted.length; i++) {
            double x = x(sorted[i]);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, y(i / (double) sorted.length), x,
                    y((i + 1) / (double) sorted.length)));
        }
        svg.add("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\""
                + " points=\"%s\"/>%n", colour, points.toString().strip());
        double y = HEADER + LEGEND_LINE * index + 4;
        svg.add("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"3\"/>%n", LEFT, y, LEFT + 24, y, colour);
        svg.text(LEFT + 32, y + 4, "start", "", line.label());
    }

    private double x(long nanos) {
        return LEFT + (Math.log10(Math.max(1, nanos)) - logLow) / (logHigh - logLow) * (RIGHT - LEFT);
    }

    private double y(double share) {
        return BOTTOM - share * (BOTTOM - top);
    }

    /** The largest power of ten at most {@code nanos}. */
    private static long decadeAtOrBelow(long nanos) {
        long decade = 1;
        while (decade * 10 <= nanos) {
            decade *= 10;
        }
        return decade;
    }

    /** The smallest power of ten at least {@code nanos}. */
    private static long decadeAtOrAbove(long nanos) {
        long decade = 1;
        while (decade < nanos) {
            decade *= 10;
        }
        return decade;
    }

    /** A power of ten of nanoseconds in the largest unit it is a whole number of: 100 µs, 1 ms, 10 s. */
    static String duration(long nanos) {
        if (nanos >= 1_000_000_000) {
            return nanos / 1_000_000_000 + " s";
        } else if (nanos >= 1_000_000) {
            return nanos / 1_000_000 + " ms";
        } else if (nanos >= 1_000) {
            return nanos / 1_000 + " µs";
        }
        return nanos + " ns";
    }
}
