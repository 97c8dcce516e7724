package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.functions.FreshnessPolicy;
import io.ferstream.processor.tracking.TrackingConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", "broker:9092");
        m.put("schema.registry.url", "http://registry:8081");
        m.put("models.dir", "/opt/models");
        return m;
    }

    @Test
    void shouldApplyTheDocumentedDefaults() {
        JobConfig c = JobConfig.fromMap(minimal());

        assertEquals("frames", c.framesTopic());
        assertEquals("expression-events", c.eventsTopic());
        assertEquals("frames.dlq", c.dlqTopic());
        assertEquals(FreshnessPolicy.live(Duration.ofSeconds(60)), c.freshness());
        assertTrue(c.exactlyOnce());
        assertEquals(Duration.ofMinutes(10), c.transactionTimeout());
        assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
        assertEquals(16, c.analysisCapacity());
        assertEquals(JobConfig.StartingOffsets.COMMITTED, c.startingOffsets());
        assertEquals(-1, c.parallelism());
        assertEquals("ferstream", c.jobName());
        assertEquals(TrackingConfig.defaults(), c.tracking());
    }

    @Test
    void shouldPassKafkaSecuritySettingsThroughWithoutPrintingThem() {
        Map<String, String> m = minimal();
        m.put("kafka.security.protocol", "SASL_SSL");
        m.put(
                "kafka.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " password=\"s3cret\";");

        JobConfig c = JobConfig.fromMap(m);

        assertEquals("SASL_SSL", c.kafkaClientProperties().get("security.protocol"));
        assertEquals("broker:9092", c.kafkaClientProperties().get("bootstrap.servers"));
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void shouldReportEveryProblemAtOnceWithWhatToSet() {
        Map<String, String> m = new HashMap<>();
        m.put("models.dir", "/opt/models");
        m.put("mode", "fast");
        m.put("checkpoint.interval", "soon");
        m.put("sink.transaction-timeout", "1h");
        m.put("analysis.capacity", "0");
        m.put("tracking.max-agee", "2s");
        m.put("tracking.motion-prediction", "yes");
        m.put("source.bounded", "yes");
        m.put("restart.delay", "5");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JobConfig.fromMap(m));

        String msg = e.getMessage();
        assertTrue(msg.startsWith("invalid FerStream job configuration (10 problems)"), msg);
        assertTrue(msg.contains("kafka.bootstrap.servers: required"), msg);
        assertTrue(msg.contains("schema.registry.url: required"), msg);
        assertTrue(msg.contains("mode: 'fast' is not one of live, replay"), msg);
        assertTrue(msg.contains("checkpoint.interval: 'soon' is not a duration"), msg);
        assertTrue(
                msg.contains(
                        "sink.transaction-timeout: 1h exceeds the brokers'"
                                + " transaction.max.timeout.ms"),
                msg);
        assertTrue(msg.contains("analysis.capacity: '0' must be 1 or more"), msg);
        assertTrue(
                msg.contains("tracking.max-agee: unknown key; did you mean tracking.max-age?"),
                msg);
        assertTrue(
                msg.contains(
                        "tracking.motion-prediction: 'yes' is not a boolean: set true or false"),
                msg);
        assertTrue(msg.contains("source.bounded: 'yes' is not a boolean"), msg);
        assertTrue(msg.contains("restart.delay: '5' has no unit"), msg);
    }

    @Test
    void shouldNameTheNearestKeyForATypoInATopLevelKey() {
        Map<String, String> m = minimal();
        m.put("checkpoint.intervall", "2s");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JobConfig.fromMap(m));

        assertTrue(
                e.getMessage()
                        .contains(
                                "checkpoint.intervall: unknown key; did you mean"
                                        + " checkpoint.interval?"),
                e.getMessage());
    }

    @Test
    void shouldRefuseSettingsThatContradictEachOther() {
        Map<String, String> m = minimal();
        m.put("sink.transaction-timeout", "1min");
        m.put("checkpoint.interval", "30s");
        m.put("live.max-lag", "10s");
        m.put("tracking.max-camera-skew", "30s");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> JobConfig.fromMap(m));

        String msg = e.getMessage();
        assertTrue(
                msg.contains(
                        "sink.transaction-timeout: 1min is shorter than a failure takes to recover"
                                + " (2 x checkpoint.interval + restart.delay + analysis.timeout ="
                                + " 125s)"),
                msg);
        assertTrue(
                msg.contains("live.max-lag: 10s is less than tracking.max-camera-skew (30s)"), msg);
    }

    @Test
    void shouldLetReplayModeIgnoreTheLiveLag() {
        Map<String, String> m = minimal();
        m.put("mode", "replay");
        m.put("live.max-lag", "1s");

        assertEquals(FreshnessPolicy.Mode.REPLAY, JobConfig.fromMap(m).freshness().mode());
    }

    @Test
    void shouldAcceptALongerTransactionWhenTheBrokersAllowIt() {
        Map<String, String> m = minimal();
        m.put("sink.transaction-timeout", "1h");
        m.put("sink.broker-max-transaction-timeout", "2h");

        assertEquals(Duration.ofHours(1), JobConfig.fromMap(m).transactionTimeout());
    }

    @Test
    void shouldReplayEverythingInReplayMode() {
        Map<String, String> m = minimal();
        m.put("mode", "replay");
        m.put("source.starting-offsets", "earliest");

        JobConfig c = JobConfig.fromMap(m);

        assertEquals(FreshnessPolicy.Mode.REPLAY, c.freshness().mode());
        assertEquals(JobConfig.StartingOffsets.EARLIEST, c.startingOffsets());
    }
}
