package dev.ferry.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table of StateFun's figures and those of one or more ways of running Ferry side by side, each
 * Ferry figure followed by its ratio to StateFun's (above 1: Ferry's figure is larger; for
 * latencies, cost and invocations smaller is better), rendered as Markdown.
 */
final class ComparisonTable {
    /**
     * One compared figure; a NaN value is rendered as "–" and gives no ratio.
     *
     * @param ferry one value per Ferry column, in the table's column order
     */
    record Row(String figure, String unit, double statefun, List<Double> ferry, String format) {
        Row {
            ferry = List.copyOf(ferry);
        }

        /** Ferry's figure of the first column / StateFun's. */
        double ratio() {
            return ratio(0);
        }

        /**
         * Ferry's figure in {@code column} / StateFun's, or NaN when either is missing or
         * StateFun's is zero.
         */
        double ratio(int column) {
            double value = ferry.get(column);
            if (Double.isNaN(statefun) || Double.isNaN(value) || statefun == 0) {
                return Double.NaN;
            }
            return value / statefun;
        }
    }

    private final List<String> ferryColumns;

    private final List<Row> rows = new ArrayList<>();

    /** A table with one Ferry column, "Ferry". */
    ComparisonTable() {
        this(List.of("Ferry"));
    }

    /** A table with a column for each way of running Ferry, named as given. */
    ComparisonTable(List<String> ferryColumns) {
        if (ferryColumns.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one Ferry column");
        }
        this.ferryColumns = List.copyOf(ferryColumns);
    }

    List<String> ferryColumns() {
        return ferryColumns;
    }

    /** A row with one Ferry value per column. */
    ComparisonTable add(
            String figure, String unit, double statefun, List<Double> ferry, String format) {
        if (ferry.size() != ferryColumns.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "row '%s' has %d Ferry values for %d columns",
                            figure,
                            ferry.size(),
                            ferryColumns.size()));
        }
        rows.add(new Row(figure, unit, statefun, ferry, format));
        return this;
    }

    /** A row of a table with one Ferry column. */
    ComparisonTable add(String figure, String unit, double statefun, double ferry, String format) {
        return add(figure, unit, statefun, List.of(ferry), format);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    String render() {
        StringBuilder out = new StringBuilder("| figure | StateFun 3.3 |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (String column : ferryColumns) {
            out.append(' ').append(column).append(" | ").append(column).append(" / StateFun |");
            rule.append("---:|---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (Row row : rows) {
            String unit = row.unit().isEmpty() ? "" : " (" + row.unit() + ")";
            out.append("| ")
                    .append(row.figure())
                    .append(unit)
                    .append(" | ")
                    .append(value(row.statefun(), row.format()))
                    .append(" |");
            for (int column = 0; column < ferryColumns.size(); column++) {
                double ratio = row.ratio(column);
                out.append(' ')
                        .append(value(row.ferry().get(column), row.format()))
                        .append(" | ")
                        .append(
                                Double.isNaN(ratio)
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.2f×", ratio))
                        .append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String value(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }
}
