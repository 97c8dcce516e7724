package io.ferstream.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value grammar of every FerStream setting, whatever reads it (job properties, command-line
 * options, client property files). Each method throws {@link IllegalArgumentException} with a
 * message that says what a valid value looks like; callers add the key.
 *
 * <p>Durations and sizes use Apache Flink's syntax ({@code TimeUtils.parseDuration} and {@code
 * MemorySize.parse}), so one syntax holds for FerStream's settings and the Flink cluster's: {@code
 * 500ms}, {@code 5 s}, {@code 10min}, {@code 2h}, {@code 1d}, ISO-8601 {@code PT5S}; {@code 16mb},
 * {@code 512k}, {@code 1 gb} or a plain number of bytes. The one deviation is deliberate: a
 * duration needs its unit ({@code 0} aside), because Flink reads a bare {@code 5} as 5 ms where a
 * person often means seconds. Everything this class accepts, Flink reads as the same value (a test
 * in processor/job checks it against Flink itself). It is written out here because the gate and the
 * camera do not carry Flink.
 */
public final class Values {

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)\\s*([a-zµ]*)");

    private static final Map<String, Duration> TIME_UNITS = timeUnits();
    private static final Map<String, Long> SIZE_UNITS = sizeUnits();

    /** What to write in a message about a duration. */
    public static final String DURATION_EXAMPLES =
            "a duration such as 500ms, 5s, 10min, 2h or PT5S";

    /** What to write in a message about a size. */
    public static final String SIZE_EXAMPLES =
            "a size such as 512kb, 16mb, 1gb or a number of bytes";

    private Values() {}

    /**
     * A non-negative duration with its unit: {@code 500ms}, {@code 5 s}, {@code 10min}, {@code
     * PT5S}.
     */
    public static Duration duration(String text) {
        String t = trimmed(text);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = AMOUNT_AND_UNIT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            if (m.group(2).isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + text + "' has no unit: write " + t + "ms or " + t + "s, for example");
            }
            Duration unit = TIME_UNITS.get(m.group(2));
            if (unit == null) {
                throw new IllegalArgumentException(
                        "'"
                                + text
                                + "' has an unknown unit '"
                                + m.group(2)
                                + "'; use "
                                + DURATION_EXAMPLES);
            }
            try {
                return unit.multipliedBy(Long.parseLong(m.group(1)));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
        }
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration iso = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (!iso.isNegative()) {
                    return iso;
                }
            } catch (DateTimeParseException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not " + DURATION_EXAMPLES);
    }

    /**
     * A number of bytes, with an optional binary unit: {@code 16mb} is 16 MiB, {@code 512k}, {@code
     * 1 gb}.
     */
    public static long bytes(String text) {
        String t = trimmed(text);
        Matcher m = AMOUNT_AND_UNIT.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + SIZE_EXAMPLES);
        }
        Long unit = m.group(2).isEmpty() ? Long.valueOf(1) : SIZE_UNITS.get(m.group(2));
        if (unit == null) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' has an unknown unit '"
                            + m.group(2)
                            + "'; use "
                            + SIZE_EXAMPLES);
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /**
     * {@code true} or {@code false}, in any case; nothing else ({@code yes} is refused, not false).
     */
    public static boolean bool(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "'" + text + "' is not a boolean: set true or false");
        };
    }

    /** A whole number that fits an int. */
    public static int integer(String text) {
        try {
            return Integer.parseInt(trimmed(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    /** A finite decimal number. */
    public static double decimal(String text) {
        try {
            double d = Double.parseDouble(trimmed(text));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a number");
    }

    /**
     * A duration as this grammar writes it, the largest whole unit first ({@code 500ms}, {@code
     * 10min}).
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long nanos = d.toNanos();
        long[] factors = {
            86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L
        };
        String[] units = {"d", "h", "min", "s", "ms"};
        for (int i = 0; i < factors.length; i++) {
            if (nanos % factors[i] == 0) {
                return nanos / factors[i] + units[i];
            }
        }
        return nanos + "ns";
    }

    /** A size as this grammar writes it, the largest whole binary unit first ({@code 16mb}). */
    public static String formatBytes(long bytes) {
        String[] units = {"tb", "gb", "mb", "kb"};
        for (int i = 0; i < units.length; i++) {
            long factor = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % factor == 0) {
                return bytes / factor + units[i];
            }
        }
        return Long.toString(bytes);
    }

    private static String trimmed(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the value is empty");
        }
        return text.trim();
    }

    private static Map<String, Duration> timeUnits() {
        Map<String, Duration> units = new HashMap<>();
        put(units, Duration.ofNanos(1), "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        put(units, Duration.ofNanos(1_000), "µs", "micro", "micros", "microsecond", "microseconds");
        put(units, Duration.ofMillis(1), "ms", "milli", "millis", "millisecond", "milliseconds");
        put(units, Duration.ofSeconds(1), "s", "sec", "secs", "second", "seconds");
        put(units, Duration.ofMinutes(1), "min", "m", "minute", "minutes");
        put(units, Duration.ofHours(1), "h", "hour", "hours");
        put(units, Duration.ofDays(1), "d", "day", "days");
        return Map.copyOf(units);
    }

    private static Map<String, Long> sizeUnits() {
        Map<String, Long> units = new HashMap<>();
        put(units, 1L, "b", "bytes");
        put(units, 1L << 10, "k", "kb", "kibibytes");
        put(units, 1L << 20, "m", "mb", "mebibytes");
        put(units, 1L << 30, "g", "gb", "gibibytes");
        put(units, 1L << 40, "t", "tb", "tebibytes");
        return Map.copyOf(units);
    }

    private static <T> void put(Map<String, T> map, T value, String... labels) {
        for (String label : labels) {
            map.put(label, value);
        }
    }
}
