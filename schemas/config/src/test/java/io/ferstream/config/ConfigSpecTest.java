package io.ferstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {

    enum Mode {
        LIVE,
        REPLAY
    }

    static final Setting<String> SERVERS =
            Setting.text("kafka.bootstrap.servers", null, "Kafka bootstrap servers").required();
    static final Setting<Duration> MAX_AGE =
            Setting.positiveDuration(
                    "tracking.max-age",
                    Duration.ofSeconds(1),
                    "Event time without an observation before a track ends.");
    static final Setting<Boolean> MOTION =
            Setting.bool("tracking.motion-prediction", true, "Predict boxes.");
    static final Setting<Mode> MODE =
            Setting.choice("mode", Mode.class, Mode.LIVE, "live or replay");
    static final Setting<Duration> UPDATES =
            Setting.durationOrOff("tracking.update-period", Duration.ZERO, "Period.");

    static final ConfigSpec SPEC =
            ConfigSpec.of(List.of(SERVERS, MAX_AGE, MOTION, MODE, UPDATES))
                    .passThrough("kafka.", "any other Kafka client setting");

    @Test
    void shouldReadTypedValuesAndDefaults() {
        ConfigReader r =
                SPEC.read(
                        Map.of(
                                "kafka.bootstrap.servers",
                                "b:9092",
                                "mode",
                                "replay",
                                "tracking.update-period",
                                "off",
                                "kafka.acks",
                                "all"));

        assertEquals("b:9092", r.get(SERVERS));
        assertEquals(Mode.REPLAY, r.get(MODE));
        assertEquals(Duration.ofSeconds(1), r.get(MAX_AGE));
        assertEquals(Duration.ZERO, r.get(UPDATES));
        assertEquals(Map.of("acks", "all", "bootstrap.servers", "b:9092"), r.withPrefix("kafka."));
        r.throwIfProblems("test configuration");
    }

    @Test
    void shouldNameTheNearestValidKeyForATypo() {
        ConfigReader r =
                SPEC.read(Map.of("kafka.bootstrap.servers", "b:9092", "tracking.max-agee", "2s"));

        ConfigException e =
                assertThrows(ConfigException.class, () -> r.throwIfProblems("test configuration"));

        assertEquals(
                List.of("tracking.max-agee: unknown key; did you mean tracking.max-age?"),
                e.problems());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        ConfigReader r =
                SPEC.read(
                        Map.of(
                                "tracking.motion-prediction",
                                "yes",
                                "tracking.max-age",
                                "0",
                                "mode",
                                "fast",
                                "colour",
                                "blue"));
        r.get(SERVERS);
        r.get(MAX_AGE);
        r.get(MOTION);
        r.get(MODE);

        ConfigException e =
                assertThrows(ConfigException.class, () -> r.throwIfProblems("test configuration"));

        assertEquals(5, e.problems().size(), e.getMessage());
        String msg = e.getMessage();
        assertTrue(msg.startsWith("invalid test configuration (5 problems)"), msg);
        assertTrue(msg.contains("colour: unknown key; the configuration table"), msg);
        assertTrue(msg.contains("kafka.bootstrap.servers: required: Kafka bootstrap servers"), msg);
        assertTrue(
                msg.contains(
                        "tracking.motion-prediction: 'yes' is not a boolean: set true or false"),
                msg);
        assertTrue(msg.contains("tracking.max-age: '0' must be more than 0"), msg);
        assertTrue(msg.contains("mode: 'fast' is not one of live, replay"), msg);
    }

    @Test
    void shouldCheckOnlyItsOwnPrefixesWhenSharingAMap() {
        ConfigSpec registry =
                ConfigSpec.of(List.of(Setting.text("schema.registry.url", null, "URL")))
                        .owning("schema.registry.");

        ConfigReader r = registry.read(Map.of("acks", "all", "schema.registry.ulr", "http://r"));

        ConfigException e =
                assertThrows(ConfigException.class, () -> r.throwIfProblems("registry settings"));
        assertEquals(
                List.of("schema.registry.ulr: unknown key; did you mean schema.registry.url?"),
                e.problems());
    }

    @Test
    void shouldRefuseToReadAnUndeclaredSetting() {
        ConfigReader r = SPEC.read(Map.of());

        assertThrows(
                IllegalStateException.class,
                () -> r.get(Setting.text("other", "x", "not in the spec")));
    }

    @Test
    void shouldDocumentEverySettingInOneTable() {
        String table = SPEC.markdownTable();

        assertTrue(
                table.contains(
                        "| `kafka.bootstrap.servers` | (required) | Kafka bootstrap servers |"),
                table);
        assertTrue(table.contains("| `tracking.max-age` | 1s | Event time without"), table);
        assertTrue(table.contains("| `tracking.update-period` | off | Period. |"), table);
        assertTrue(table.contains("| `mode` | live | live or replay |"), table);
        assertTrue(table.contains("| `kafka.*` |  | any other Kafka client setting |"), table);
    }
}
