package io.ferstream.config.cli;

import io.ferstream.config.Values;
import picocli.CommandLine;

/** Size options in the one grammar of {@link Values#bytes}: {@code 8mb}, {@code 512kb} or bytes. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Values.bytes(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
