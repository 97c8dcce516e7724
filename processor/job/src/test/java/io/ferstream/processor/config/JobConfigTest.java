package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.functions.FreshnessPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("kafka.bootstrap.servers", "broker:9092");
    m.put("schema.registry.url", "http://registry:8081");
    return m;
  }

  @Test
  void shouldApplyTheDocumentedDefaults() {
    JobConfig c = JobConfig.fromMap(minimal());

    assertEquals("frames", c.framesTopic());
    assertEquals("expression-events", c.eventsTopic());
    assertEquals("frames.dlq", c.dlqTopic());
    assertEquals(FreshnessPolicy.live(Duration.ofSeconds(5)), c.freshness());
    assertTrue(c.exactlyOnce());
    assertEquals(Duration.ofMinutes(10), c.transactionTimeout());
    assertEquals(Duration.ofSeconds(10), c.checkpointInterval());
    assertEquals(16, c.analysisCapacity());
    assertEquals(JobConfig.StartingOffsets.COMMITTED, c.startingOffsets());
  }

  @Test
  void shouldPassKafkaSecuritySettingsThroughWithoutPrintingThem() {
    Map<String, String> m = minimal();
    m.put("kafka.security.protocol", "SASL_SSL");
    m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"s3cret\";");

    JobConfig c = JobConfig.fromMap(m);

    assertEquals("SASL_SSL", c.kafkaClientProperties().get("security.protocol"));
    assertEquals("broker:9092", c.kafkaClientProperties().get("bootstrap.servers"));
    assertFalse(c.toString().contains("s3cret"), c.toString());
  }

  @Test
  void shouldReportEveryProblemAtOnceWithWhatToSet() {
    Map<String, String> m = new HashMap<>();
    m.put("mode", "fast");
    m.put("checkpoint.interval", "soon");
    m.put("sink.transaction-timeout", "1h");
    m.put("analysis.capacity", "0");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobConfig.fromMap(m));

    String msg = e.getMessage();
    assertTrue(msg.contains("kafka.bootstrap.servers is required"), msg);
    assertTrue(msg.contains("schema.registry.url is required"), msg);
    assertTrue(msg.contains("mode must be live or replay"), msg);
    assertTrue(msg.contains("checkpoint.interval must be a duration"), msg);
    assertTrue(msg.contains("transaction.max.timeout.ms"), msg);
    assertTrue(msg.contains("analysis.capacity must be positive"), msg);
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
