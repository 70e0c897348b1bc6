package htty.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a chaos run as an SVG timeline: a band per fault on its kind's lane (solid while the fault
 * lasted, pale until every daemon named a leader again), and below, on a logarithmic axis, each
 * input's time from sending to acknowledgement and to its echo, at the time it was sent, with the
 * faults' bands behind them and a tick on top for each input whose sending failed. Where points
 * crowd, each pixel column keeps its fastest and slowest, so no spike is lost.
 */
final class TimelineChart {
    private static final int WIDTH = 1000;
    private static final int LEFT = 70;
    private static final int RIGHT = WIDTH - 30;
    private static final int LANES_TOP = 62;
    private static final int LANE = 18;
    private static final int PLOT_HEIGHT = 300;
    private static final long LOW = 1_000_000L;
    private static final Map<String, String> COLOURS = Map.of(Nemesis.KILL, "#d62728", Nemesis.PAUSE, "#9467bd",
            Nemesis.WIPE, "#8c564b", Nemesis.PARTITION, "#ff7f0e");
    private static final String ACK = "#1f77b4";
    private static final String ECHO = "#2ca02c";

    /**
     * A point: an input sent at {@code t} took {@code nanos}.
     */
    record Point(long t, long nanos) {
    }

    private final Svg svg;
    private final long span;
    private final int plotTop;
    private final int plotBottom;
    private final long high;

    private TimelineChart(Svg svg, long span, int lanes, long high) {
        this.svg = svg;
        this.span = Math.max(1, span);
        this.plotTop = LANES_TOP + LANE * lanes + 30;
        this.plotBottom = plotTop + PLOT_HEIGHT;
        this.high = high;
    }

    /**
     * The SVG document.
     *
     * @param span the run's length, in nanoseconds
     * @param kinds the fault kinds, one lane each
     * @param faults the faults
     * @param acks time to acknowledgement of each acknowledged input
     * @param echoes time to its echo, of each input its client saw echoed
     * @param failures when each input whose sending failed was sent
     */
    static String svg(String title, String subtitle, long span, List<String> kinds, List<Nemesis.Fault> faults,
            List<Point> acks, List<Point> echoes, List<Long> failures) {
        long slowest = Math.max(acks.stream().mapToLong(Point::nanos).max().orElse(LOW),
                echoes.stream().mapToLong(Point::nanos).max().orElse(LOW));
        long high = LOW * 10;
        while (high < slowest) {
            high *= 10;
        }
        int height = LANES_TOP + LANE * kinds.size() + 30 + PLOT_HEIGHT + 60;
        TimelineChart chart = new TimelineChart(new Svg(WIDTH, height, LEFT, title, subtitle), span, kinds.size(), high);
        chart.lanes(kinds, faults);
        chart.plot(faults);
        chart.points(acks, ACK, 0);
        chart.points(echoes, ECHO, 1);
        failures.forEach(t -> chart.svg.line(chart.x(t), chart.plotTop - 8, chart.x(t), chart.plotTop, "#d62728"));
        return chart.svg.end();
    }

    private void lanes(List<String> kinds, List<Nemesis.Fault> faults) {
        for (int i = 0; i < kinds.size(); i++) {
            double y = LANES_TOP + LANE * i;
            svg.text(LEFT - 6, y + 12, "end", "", kinds.get(i));
            svg.line(LEFT, y + LANE - 1, RIGHT, y + LANE - 1, "#eee");
            for (Nemesis.Fault f : faults) {
                if (f.kind().equals(kinds.get(i))) {
                    band(f.startNanos(), f.endNanos(), y + 2, LANE - 5, colour(f.kind()), 1);
                    band(f.endNanos(), f.readyNanos(), y + 2, LANE - 5, colour(f.kind()), 0.3);
                }
            }
        }
    }

    private void plot(List<Nemesis.Fault> faults) {
        for (Nemesis.Fault f : faults) {
            band(f.startNanos(), f.endNanos(), plotTop, PLOT_HEIGHT, colour(f.kind()), 0.12);
        }
        for (long decade = LOW; decade <= high; decade *= 10) {
            double y = y(decade);
            svg.line(LEFT, y, RIGHT, y, decade == LOW ? "#000" : "#ccc");
            svg.text(LEFT - 6, y + 4, "end", "", CdfChart.duration(decade));
        }
        svg.line(LEFT, plotTop, LEFT, plotBottom, "#000");
        long step = tickStep();
        for (long t = 0; t <= span; t += step) {
            svg.line(x(t), plotBottom, x(t), plotBottom + 5, "#000");
            svg.text(x(t), plotBottom + 18, "middle", "", t / 1_000_000_000L + " s");
        }
        svg.text((LEFT + RIGHT) / 2.0, plotBottom + 40, "middle", "",
                "time since the run began; each input at the time it was sent (logarithmic latency)");
        legend(0, ACK, "sent to acknowledged");
        legend(1, ECHO, "sent to echoed (its client's attachment)");
        legend(2, "#d62728", "| send failed (fate unknown)");
    }

    private void legend(int i, String colour, String label) {
        double x = LEFT + 10 + 260 * i;
        svg.add("<rect x=\"%.1f\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"/>%n", x, plotTop - 22, colour);
        svg.text(x + 12, plotTop - 14, "start", "", label);
    }

    /** Each pixel column's fastest and slowest point. */
    private void points(List<Point> points, String colour, int series) {
        Map<Integer, long[]> columns = new TreeMap<>();
        for (Point p : points) {
            long[] range = columns.computeIfAbsent((int) x(p.t()), k -> new long[] {Long.MAX_VALUE, 0});
            range[0] = Math.min(range[0], p.nanos());
            range[1] = Math.max(range[1], p.nanos());
        }
        StringBuilder path = new StringBuilder();
        columns.forEach((x, range) -> {
            double offset = series * 0.5;
            path.append(String.format(Locale.ROOT, "M%.1f %.1fV%.1f", x + offset, y(range[1]) - 1,
                    y(range[0]) + 1));
        });
        svg.add("<path d=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" fill=\"none\"/>%n", path, colour);
    }

    private void band(long from, long to, double y, double height, String colour, double opacity) {
        double x = x(from);
        svg.add("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"/>%n", x, y,
                Math.max(1, x(to) - x), height, colour, opacity);
    }

    private static String colour(String kind) {
        return COLOURS.getOrDefault(kind, "#7f7f7f");
    }

    /** A round number of seconds that puts about ten ticks on the axis. */
    private long tickStep() {
        long seconds = 1;
        for (long s : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600}) {
            seconds = s;
            if (span / 1_000_000_000L / s <= 12) {
                break;
            }
        }
        return seconds * 1_000_000_000L;
    }

    private double x(long t) {
        return LEFT + Math.min(1, Math.max(0, t / (double) span)) * (RIGHT - LEFT);
    }

    private double y(long nanos) {
        double share = (Math.log10(Math.max(LOW, nanos)) - Math.log10(LOW)) / (Math.log10(high) - Math.log10(LOW));
        return plotBottom - Math.min(1, share) * PLOT_HEIGHT;
    }
}
