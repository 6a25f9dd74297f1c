package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table of StateFun's and Ferry's figures side by side, each row with the ratio Ferry /
 * StateFun (above 1: Ferry's figure is larger; for latencies, cost and invocations smaller is
 * better), rendered as Markdown.
 */
final class ComparisonTable {
    /** One compared figure; a NaN value is rendered as "–" and gives no ratio. */
    record Row(String figure, String unit, double statefun, double ferry, String format) {
        /** Ferry / StateFun, or NaN when either is missing or StateFun's is zero. */
        double ratio() {
            if (Double.isNaN(statefun) || Double.isNaN(ferry) || statefun == 0) {
                return Double.NaN;
            }
            return ferry / statefun;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    ComparisonTable add(String figure, String unit, double statefun, double ferry, String format) {
        rows.add(new Row(figure, unit, statefun, ferry, format));
        return this;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("| figure | StateFun 3.3 | Ferry | Ferry / StateFun |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Row row : rows) {
            String unit = row.unit().isEmpty() ? "" : " (" + row.unit() + ")";
            out.append("| ")
                    .append(row.figure())
                    .append(unit)
                    .append(" | ")
                    .append(value(row.statefun(), row.format()))
                    .append(" | ")
                    .append(value(row.ferry(), row.format()))
                    .append(" | ")
                    .append(
                            Double.isNaN(row.ratio())
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.2f×", row.ratio()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String value(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }
}
