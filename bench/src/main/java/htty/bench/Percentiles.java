package htty.bench;

import htty.cli.Json;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A distribution's summary in milliseconds, as the benchmarks' tables and JSON show it.
 *
 * @param n how many values
 * @param median the 50th percentile
 * @param p90 the 90th
 * @param p99 the 99th
 * @param max the largest value
 */
record Percentiles(long n, double median, double p90, double p99, double max) {
    private static final String COLUMNS = "%-40s %5s %8s %8s %8s %8s";

    /** The summary of no values: NaN throughout, which the table prints as such. */
    static final Percentiles NONE = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The summary of latencies {@code nanos}, from an HdrHistogram of three significant digits (a tenth of a percent). */
    static Percentiles ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        Histogram histogram = new Histogram(3);
        for (long n : nanos) {
            histogram.recordValue(n);
        }
        return new Percentiles(histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(90) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6);
    }

    /** The table's heading: {@code title} above the names, then the columns {@link #row} fills. */
    static String header(String title) {
        return String.format(Locale.ROOT, COLUMNS, title, "n", "median", "p90", "p99", "max");
    }

    /** One line of the table: {@code name}, then the figures with {@code decimals} places. */
    String row(String name, int decimals) {
        String ms = "%8." + decimals + "f";
        return String.format(Locale.ROOT, "%-40s %5d " + ms + " " + ms + " " + ms + " " + ms, name, n, median, p90,
                p99, max);
    }

    /** The figures rounded to {@code decimals} places, keyed as in the table. */
    Map<String, Object> json(int decimals) {
        return n == 0 ? Json.object("n", 0) : Json.object("n", n, "median", round(median, decimals),
                "p90", round(p90, decimals), "p99", round(p99, decimals), "max", round(max, decimals));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
