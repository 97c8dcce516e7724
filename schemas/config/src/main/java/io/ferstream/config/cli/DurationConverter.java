package io.ferstream.config.cli;

import io.ferstream.config.Values;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Duration options in the one grammar of {@link Values#duration}: {@code 500ms}, {@code 5s}, {@code
 * 2min}, {@code PT5S}.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Values.duration(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
