package io.ferstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void shouldReadDurationsInFlinksSyntax() {
        assertEquals(Duration.ofMillis(500), Values.duration("500ms"));
        assertEquals(Duration.ofSeconds(5), Values.duration("5 s"));
        assertEquals(Duration.ofSeconds(5), Values.duration(" 5sec "));
        assertEquals(Duration.ofMinutes(10), Values.duration("10min"));
        assertEquals(Duration.ofMinutes(10), Values.duration("10m"));
        assertEquals(Duration.ofHours(2), Values.duration("2 hours"));
        assertEquals(Duration.ofDays(1), Values.duration("1d"));
        assertEquals(Duration.ofSeconds(5), Values.duration("PT5S"));
        assertEquals(Duration.ofMillis(1500), Values.duration("pt1.5s"));
        assertEquals(Duration.ZERO, Values.duration("0"));
    }

    @Test
    void shouldRefuseADurationWithoutItsUnitSayingHowToWriteIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Values.duration("5"));

        assertTrue(e.getMessage().contains("no unit"), e.getMessage());
        assertTrue(e.getMessage().contains("5s"), e.getMessage());
    }

    @Test
    void shouldRefuseWhatIsNotADuration() {
        for (String bad : new String[] {"soon", "1.5s", "-5s", "5 weeks", "", "PT-5S"}) {
            assertThrows(IllegalArgumentException.class, () -> Values.duration(bad), bad);
        }
    }

    @Test
    void shouldReadSizesWithBinaryUnits() {
        assertEquals(16L << 20, Values.bytes("16mb"));
        assertEquals(16L << 20, Values.bytes("16 MB"));
        assertEquals(512L << 10, Values.bytes("512k"));
        assertEquals(1L << 30, Values.bytes("1gb"));
        assertEquals(8_388_608L, Values.bytes("8388608"));
        assertThrows(IllegalArgumentException.class, () -> Values.bytes("16 MiB"));
        assertThrows(IllegalArgumentException.class, () -> Values.bytes("1.5mb"));
        assertThrows(IllegalArgumentException.class, () -> Values.bytes("-1"));
    }

    @Test
    void shouldReadOnlyTrueAndFalseAsBooleans() {
        assertTrue(Values.bool("true"));
        assertTrue(Values.bool(" TRUE "));
        assertFalse(Values.bool("False"));
        for (String bad : new String[] {"yes", "no", "1", "0", "on", ""}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Values.bool(bad), bad);
            assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        }
    }

    @Test
    void shouldWriteDurationsAndSizesAsTheyAreRead() {
        for (Duration d :
                new Duration[] {
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(10),
                    Duration.ofHours(2),
                    Duration.ofMillis(1500),
                    Duration.ZERO
                }) {
            assertEquals(d, Values.duration(Values.format(d)), Values.format(d));
        }
        assertEquals("10min", Values.format(Duration.ofMinutes(10)));
        assertEquals("1500ms", Values.format(Duration.ofMillis(1500)));
        assertEquals("8mb", Values.formatBytes(8L << 20));
        assertEquals(8L << 20, Values.bytes(Values.formatBytes(8L << 20)));
        assertEquals("1000", Values.formatBytes(1000));
    }
}
