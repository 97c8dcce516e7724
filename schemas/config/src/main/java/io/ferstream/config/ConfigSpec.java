package io.ferstream.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a component understands, declared once: what {@link #read} checks raw key-value
 * pairs against, and what {@link #markdownTable} documents. Keys under a pass-through prefix (such
 * as {@code kafka.}) belong to another library and are handed on unchecked. Immutable.
 */
public final class ConfigSpec {

    private record Row(Setting<?> setting, String prefix, String description) {}

    private final List<Row> rows;
    private final Map<String, Setting<?>> byKey;
    private final List<String> owned;

    private ConfigSpec(List<Row> rows, List<String> owned) {
        this.rows = List.copyOf(rows);
        this.owned = List.copyOf(owned);
        Map<String, Setting<?>> keys = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.setting() != null && keys.put(row.setting().key(), row.setting()) != null) {
                throw new IllegalArgumentException(
                        "setting " + row.setting().key() + " is declared twice");
            }
        }
        this.byKey = keys;
    }

    /** A spec of these settings, in the order the documentation lists them. */
    public static ConfigSpec of(List<? extends Setting<?>> settings) {
        return new ConfigSpec(List.of(), List.of()).and(settings);
    }

    /** This spec with more settings. */
    public ConfigSpec and(List<? extends Setting<?>> settings) {
        List<Row> more = new ArrayList<>(rows);
        settings.forEach(s -> more.add(new Row(s, null, s.description())));
        return new ConfigSpec(more, owned);
    }

    /**
     * This spec, also accepting any key under {@code prefix} unchecked (it belongs to another
     * library).
     */
    public ConfigSpec passThrough(String prefix, String description) {
        List<Row> more = new ArrayList<>(rows);
        more.add(new Row(null, prefix, description));
        return new ConfigSpec(more, owned);
    }

    /**
     * This spec, checking only keys under these prefixes and ignoring the rest: for settings that
     * share a map with another library's (registry keys among Kafka client properties).
     */
    public ConfigSpec owning(String... prefixes) {
        return new ConfigSpec(rows, List.of(prefixes));
    }

    /**
     * Starts reading {@code raw}: unknown keys are problems already, values are checked as they are
     * read.
     */
    public ConfigReader read(Map<String, String> raw) {
        ConfigReader reader = new ConfigReader(this, raw);
        for (String key : raw.keySet()) {
            if (isChecked(key) && !byKey.containsKey(key) && !isPassedThrough(key)) {
                reader.problem(
                        key,
                        "unknown key"
                                + Suggestions.nearest(key, byKey.keySet())
                                        .map(s -> "; did you mean " + s + "?")
                                        .orElse(
                                                "; the configuration table in README.md lists the"
                                                        + " valid ones"));
            }
        }
        return reader;
    }

    /** Whether {@code key} is this spec's to check. */
    public boolean isChecked(String key) {
        return owned.isEmpty() || owned.stream().anyMatch(key::startsWith);
    }

    boolean isPassedThrough(String key) {
        return rows.stream().anyMatch(r -> r.prefix() != null && key.startsWith(r.prefix()));
    }

    boolean declares(Setting<?> setting) {
        return byKey.get(setting.key()) == setting;
    }

    public Collection<Setting<?>> settings() {
        return byKey.values();
    }

    /** The reference table: key, default, meaning; one row per setting and pass-through prefix. */
    public String markdownTable() {
        StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Row row : rows) {
            String key = row.setting() != null ? row.setting().key() : row.prefix() + "*";
            String dflt = row.setting() != null ? row.setting().defaultDescription() : "";
            table.append("| `")
                    .append(key)
                    .append("` | ")
                    .append(dflt.replace("|", "\\|"))
                    .append(" | ")
                    .append(row.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }
}
