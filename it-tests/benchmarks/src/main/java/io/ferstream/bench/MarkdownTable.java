package io.ferstream.bench;

import java.util.ArrayList;
import java.util.List;

/** A markdown table: the first column left-aligned (names), the others right-aligned (numbers). */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.size() + " cells under " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i == 0 ? "---" : "---:");
        }
        line(out, rule);
        rows.forEach(row -> line(out, row));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    /** A share with two decimals, or a dash where there was nothing to count. */
    static String share(double value) {
        return Double.isNaN(value) ? "–" : String.format("%.2f", value);
    }
}
