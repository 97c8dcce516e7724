package io.ferstream.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One setting, declared once: its key, how its value is read, its default, what it means and which
 * values are valid. The idea of Flink's {@code ConfigOption}, without Flink, so the gate and the
 * camera share it. Immutable; the {@code with}-style methods return a new setting.
 *
 * <pre>
 * static final Setting&lt;Duration&gt; MAX_AGE = Setting.duration("tracking.max-age", Duration.ofSeconds(1),
 *         "Event time without an observation before a track ends.").check(Setting::positive, "must be more than 0");
 * </pre>
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private record Rule<T>(Predicate<? super T> valid, String expectation) {}

    private final String key;
    private final Function<String, T> parser;
    private final Function<? super T, String> formatter;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final String description;
    private final List<Rule<T>> rules;
    private final Function<String, String> shown;

    private Setting(
            String key,
            Function<String, T> parser,
            Function<? super T, String> formatter,
            T defaultValue,
            String defaultText,
            boolean required,
            String description,
            List<Rule<T>> rules,
            Function<String, String> shown) {
        this.key = Objects.requireNonNull(key, "key");
        this.parser = parser;
        this.formatter = formatter;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.description = Objects.requireNonNull(description, "description");
        this.rules = List.copyOf(rules);
        this.shown =
                shown != null
                        ? shown
                        : Secrets.isSecret(key) ? text -> Secrets.HIDDEN : text -> text;
    }

    private static <T> Setting<T> of(
            String key,
            Function<String, T> parser,
            Function<? super T, String> formatter,
            T defaultValue,
            String description) {
        return new Setting<>(
                key, parser, formatter, defaultValue, null, false, description, List.of(), null);
    }

    /** A duration ({@link Values#duration}). */
    public static Setting<Duration> duration(
            String key, Duration defaultValue, String description) {
        return of(key, Values::duration, Values::format, defaultValue, description);
    }

    /** A duration that may be {@code off}, which reads as {@link Duration#ZERO} (as does 0). */
    public static Setting<Duration> durationOrOff(
            String key, Duration defaultValue, String description) {
        return of(
                key,
                text -> text.trim().equalsIgnoreCase("off") ? Duration.ZERO : Values.duration(text),
                d -> d.isZero() ? "off" : Values.format(d),
                defaultValue,
                description);
    }

    /** A duration that must be more than zero. */
    public static Setting<Duration> positiveDuration(
            String key, Duration defaultValue, String description) {
        return duration(key, defaultValue, description).check(Setting::positive, "be more than 0");
    }

    /** A number of bytes ({@link Values#bytes}). */
    public static Setting<Long> bytes(String key, Long defaultValue, String description) {
        return of(key, Values::bytes, Values::formatBytes, defaultValue, description);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> bool(String key, Boolean defaultValue, String description) {
        return of(key, Values::bool, String::valueOf, defaultValue, description);
    }

    /** A whole number. */
    public static Setting<Integer> integer(String key, Integer defaultValue, String description) {
        return of(key, Values::integer, String::valueOf, defaultValue, description);
    }

    /** A whole number of at least {@code min}. */
    public static Setting<Integer> integerAtLeast(
            String key, Integer defaultValue, int min, String description) {
        return integer(key, defaultValue, description)
                .check(n -> n >= min, "be " + min + " or more");
    }

    /** A decimal number. */
    public static Setting<Double> decimal(String key, Double defaultValue, String description) {
        return of(key, Values::decimal, String::valueOf, defaultValue, description);
    }

    /**
     * A value of the caller's own grammar: {@code parser} throws {@link IllegalArgumentException}
     * saying what a valid value looks like; {@code formatter} writes a value back.
     */
    public static <T> Setting<T> parsed(
            String key,
            Function<String, T> parser,
            Function<? super T, String> formatter,
            T defaultValue,
            String description) {
        return of(key, parser, formatter, defaultValue, description);
    }

    /** Free text (names, addresses, paths); blank counts as absent. */
    public static Setting<String> text(String key, String defaultValue, String description) {
        return of(key, String::trim, String::valueOf, defaultValue, description);
    }

    /**
     * One of an enum's constants, written in lower case with dashes: {@code AT_LEAST_ONCE} is
     * {@code at-least-once}.
     */
    public static <E extends Enum<E>> Setting<E> choice(
            String key, Class<E> type, E defaultValue, String description) {
        String choices =
                Arrays.stream(type.getEnumConstants())
                        .map(Setting::spelling)
                        .collect(Collectors.joining(", "));
        return of(
                key,
                text -> {
                    for (E e : type.getEnumConstants()) {
                        if (spelling(e).equalsIgnoreCase(text.trim())) {
                            return e;
                        }
                    }
                    throw new IllegalArgumentException("'" + text + "' is not one of " + choices);
                },
                Setting::spelling,
                defaultValue,
                description);
    }

    /** How {@link #choice} settings write an enum constant. */
    public static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The same setting without a default: leaving it out is a problem. */
    public Setting<T> required() {
        return new Setting<>(key, parser, formatter, null, null, true, description, rules, shown);
    }

    /**
     * The same setting with a further rule; {@code expectation} completes "key must ..." e.g. "be
     * more than 0".
     */
    public Setting<T> check(Predicate<? super T> valid, String expectation) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(valid, expectation));
        return new Setting<>(
                key,
                parser,
                formatter,
                defaultValue,
                defaultText,
                required,
                description,
                more,
                shown);
    }

    /** The same setting, its default described in words (for defaults computed at run time). */
    public Setting<T> defaultText(String text) {
        return new Setting<>(
                key, parser, formatter, defaultValue, text, required, description, rules, shown);
    }

    /**
     * The same setting, its values shown in messages through {@code shown} (for example without the
     * credentials a URL may hold). Keys that name secrets ({@link Secrets#isSecret}) are never
     * shown, whatever this says.
     */
    public Setting<T> shownAs(Function<String, String> shownAs) {
        Function<String, String> safe = Secrets.isSecret(key) ? text -> Secrets.HIDDEN : shownAs;
        return new Setting<>(
                key,
                parser,
                formatter,
                defaultValue,
                defaultText,
                required,
                description,
                rules,
                safe);
    }

    /**
     * Reads a value: the parsed value, or an exception whose message says what a valid one looks
     * like. The message shows the value only as {@link #shownAs} allows: never a secret.
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "is not valid" : e.getMessage();
            throw new IllegalArgumentException(
                    text.isEmpty() ? message : message.replace(text, shown.apply(text)));
        }
        Optional<String> problem = validate(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(
                    "'" + shown.apply(text.trim()) + "' " + problem.get());
        }
        return value;
    }

    /** The first rule {@code value} breaks, as "must ..." text, if any. */
    public Optional<String> validate(T value) {
        for (Rule<T> rule : rules) {
            if (!rule.valid().test(value)) {
                return Optional.of("must " + rule.expectation());
            }
        }
        return Optional.empty();
    }

    /**
     * For constructors of typed configuration: throws naming this key if {@code value} breaks a
     * rule.
     */
    public T requireValid(T value) {
        Optional<String> problem = validate(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(
                    key + " = " + shown.apply(String.valueOf(value)) + ": " + problem.get());
        }
        return value;
    }

    public String key() {
        return key;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public String description() {
        return description;
    }

    /** The default as the documentation shows it. */
    public String defaultDescription() {
        if (defaultText != null) {
            return defaultText;
        }
        if (required) {
            return "(required)";
        }
        return defaultValue == null ? "(none)" : formatter.apply(defaultValue);
    }

    /** A rule for {@link #check}: a duration above zero. */
    public static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    @Override
    public String toString() {
        return key;
    }
}
