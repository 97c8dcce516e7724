package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferstream.config.Values;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/**
 * FerStream's settings use Flink's duration and size syntax, written out in {@link Values} because
 * the gate and the camera do not carry Flink. This holds the two to the same readings: whatever
 * FerStream accepts, Flink reads as the same value.
 */
class FlinkValueSyntaxTest {

    private static final String[] DURATIONS = {
        "0",
        "500ms",
        "500 ms",
        "5s",
        "5 s",
        "5sec",
        "5 seconds",
        "10min",
        "10m",
        "1 minute",
        "2h",
        "2 hours",
        "1d",
        "7 days",
        "100µs",
        "100ns",
        "1 milli",
        "PT5S",
        "pt1.5s",
        "PT10M",
        " 5s ",
        "5S",
        "1MIN"
    };

    private static final String[] SIZES = {
        "0",
        "16",
        "8388608",
        "16b",
        "16 bytes",
        "512k",
        "512kb",
        "16m",
        "16mb",
        "16 MB",
        "1g",
        "1gb",
        "1t",
        "16 mebibytes"
    };

    @Test
    void shouldReadEveryDurationAsFlinkDoes() {
        for (String text : DURATIONS) {
            assertEquals(TimeUtils.parseDuration(text), Values.duration(text), text);
        }
    }

    @Test
    void shouldReadEverySizeAsFlinkDoes() {
        for (String text : SIZES) {
            assertEquals(MemorySize.parse(text).getBytes(), Values.bytes(text), text);
        }
    }

    @Test
    void shouldRefuseABareNumberThatFlinkWouldReadAsMilliseconds() {
        assertEquals(5, TimeUtils.parseDuration("5").toMillis());
        assertThrows(IllegalArgumentException.class, () -> Values.duration("5"));
    }
}
