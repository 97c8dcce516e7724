package io.ferstream.processor.config;

import io.ferstream.processor.functions.FreshnessPolicy;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.util.TimeUtils;

/**
 * Everything the FerStream job is configured with, parsed and validated once. Keys are flat
 * strings so the same file works as a properties file and as {@code --key value} arguments.
 *
 * <table>
 *   <caption>Job keys (tracking.*, inference.* and image.* are documented in their own classes)</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>kafka.bootstrap.servers</td><td>(required)</td><td>Kafka bootstrap servers</td></tr>
 *   <tr><td>kafka.*</td><td></td><td>any other Kafka client setting (security.protocol, sasl.*, ssl.*), passed to every client</td></tr>
 *   <tr><td>schema.registry.url</td><td>(required)</td><td>Confluent-compatible registry; schema.registry.* and basic.auth.* pass through</td></tr>
 *   <tr><td>topics.frames / topics.events / topics.dlq</td><td>frames / expression-events / frames.dlq</td><td>topic names</td></tr>
 *   <tr><td>source.group-id</td><td>ferstream-processor</td><td>consumer group (offsets are committed on checkpoints)</td></tr>
 *   <tr><td>source.starting-offsets</td><td>committed</td><td>committed (earliest if none), earliest or latest</td></tr>
 *   <tr><td>source.bounded</td><td>false</td><td>stop at the offsets that were latest at start (tests, benchmarks, backfills)</td></tr>
 *   <tr><td>mode</td><td>live</td><td>live: skip frames older than live.max-lag; replay: process everything</td></tr>
 *   <tr><td>live.max-lag</td><td>5 s</td><td>how far capture time may lag the clock in live mode</td></tr>
 *   <tr><td>watermark.out-of-orderness</td><td>500 ms</td><td>how late a frame may arrive within a partition</td></tr>
 *   <tr><td>watermark.idleness</td><td>5 s</td><td>a partition silent this long stops holding back event time</td></tr>
 *   <tr><td>checkpoint.interval</td><td>10 s</td><td>checkpoint period; events become visible to read_committed consumers on checkpoints</td></tr>
 *   <tr><td>restart.attempts / restart.delay</td><td>10 / 5 s</td><td>fixed-delay restart strategy</td></tr>
 *   <tr><td>sink.delivery</td><td>exactly-once</td><td>exactly-once (Kafka transactions) or at-least-once</td></tr>
 *   <tr><td>sink.transactional-id-prefix</td><td>ferstream-processor</td><td>must be unique per job on a cluster</td></tr>
 *   <tr><td>sink.transaction-timeout</td><td>10 min</td><td>must not exceed the broker's transaction.max.timeout.ms (15 min by default)</td></tr>
 *   <tr><td>analysis.capacity</td><td>16</td><td>frames in flight per face-analysis subtask (bounds memory; backpressure beyond)</td></tr>
 *   <tr><td>analysis.timeout</td><td>60 s</td><td>a frame whose analysis takes longer fails the job (restart re-reads it)</td></tr>
 *   <tr><td>parallelism</td><td>(cluster default)</td><td>job parallelism; at most the partitions of topics.frames are busy</td></tr>
 * </table>
 */
public record JobConfig(
    String bootstrapServers,
    Map<String, String> kafkaProperties,
    RegistryConfig registry,
    String framesTopic,
    String eventsTopic,
    String dlqTopic,
    String groupId,
    StartingOffsets startingOffsets,
    boolean bounded,
    FreshnessPolicy freshness,
    Duration outOfOrderness,
    Duration idleness,
    Duration checkpointInterval,
    int restartAttempts,
    Duration restartDelay,
    boolean exactlyOnce,
    String transactionalIdPrefix,
    Duration transactionTimeout,
    int analysisCapacity,
    Duration analysisTimeout,
    int parallelism,
    Map<String, String> all) implements Serializable {

  /** Where the source starts when the group has no committed offsets (or always, for earliest/latest). */
  public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

  /** Kafka brokers reject transactions longer than this by default (transaction.max.timeout.ms). */
  static final Duration BROKER_DEFAULT_MAX_TRANSACTION = Duration.ofMinutes(15);

  public JobConfig {
    kafkaProperties = Map.copyOf(kafkaProperties);
    all = Map.copyOf(all);
  }

  /** Parses and validates; every problem is reported at once, each saying what to set. */
  public static JobConfig fromMap(Map<String, String> raw) {
    Map<String, String> m = new TreeMap<>(raw);
    List<String> problems = new ArrayList<>();

    String bootstrap = m.get("kafka.bootstrap.servers");
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add("kafka.bootstrap.servers is required (e.g. localhost:9092)");
    }
    if (m.getOrDefault("schema.registry.url", "").isBlank()) {
      problems.add("schema.registry.url is required (e.g. http://localhost:8085)");
    }
    Map<String, String> kafka = new TreeMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith("kafka.") && !k.equals("kafka.bootstrap.servers")) {
        kafka.put(k.substring("kafka.".length()), v);
      }
    });

    Parser p = new Parser(m, problems);
    StartingOffsets offsets = p.enumValue("source.starting-offsets", StartingOffsets.COMMITTED, StartingOffsets.class);
    String mode = m.getOrDefault("mode", "live").trim().toLowerCase();
    Duration maxLag = p.duration("live.max-lag", Duration.ofSeconds(5));
    FreshnessPolicy freshness = null;
    switch (mode) {
      case "live" -> {
        if (maxLag != null && !maxLag.isNegative() && !maxLag.isZero()) {
          freshness = FreshnessPolicy.live(maxLag);
        } else {
          problems.add("live.max-lag must be positive, got " + m.get("live.max-lag"));
        }
      }
      case "replay" -> freshness = FreshnessPolicy.replay();
      default -> problems.add("mode must be live or replay, got '" + mode + "'");
    }
    String delivery = m.getOrDefault("sink.delivery", "exactly-once").trim().toLowerCase();
    if (!delivery.equals("exactly-once") && !delivery.equals("at-least-once")) {
      problems.add("sink.delivery must be exactly-once or at-least-once, got '" + delivery + "'");
    }
    Duration txTimeout = p.duration("sink.transaction-timeout", Duration.ofMinutes(10));
    if (txTimeout != null && txTimeout.compareTo(BROKER_DEFAULT_MAX_TRANSACTION) > 0
        && !m.containsKey("sink.broker-max-transaction-timeout")) {
      problems.add("sink.transaction-timeout " + txTimeout + " exceeds the broker default "
          + "transaction.max.timeout.ms (15 min); lower it, or raise the broker's limit and set "
          + "sink.broker-max-transaction-timeout to acknowledge it");
    }
    Duration checkpoint = p.positiveDuration("checkpoint.interval", Duration.ofSeconds(10));
    int capacity = p.positiveInt("analysis.capacity", 16);
    int parallelism = p.integer("parallelism", -1);
    if (parallelism == 0 || parallelism < -1) {
      problems.add("parallelism must be positive, got " + parallelism);
    }

    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid FerStream job configuration:\n  - "
          + String.join("\n  - ", problems));
    }
    return new JobConfig(
        bootstrap,
        kafka,
        RegistryConfig.fromProperties(registryProperties(m)),
        m.getOrDefault("topics.frames", Topics.FRAMES),
        m.getOrDefault("topics.events", Topics.EXPRESSION_EVENTS),
        m.getOrDefault("topics.dlq", Topics.FRAMES_DLQ),
        m.getOrDefault("source.group-id", "ferstream-processor"),
        offsets,
        Boolean.parseBoolean(m.getOrDefault("source.bounded", "false")),
        freshness,
        p.duration("watermark.out-of-orderness", Duration.ofMillis(500)),
        p.duration("watermark.idleness", Duration.ofSeconds(5)),
        checkpoint,
        p.integer("restart.attempts", 10),
        p.duration("restart.delay", Duration.ofSeconds(5)),
        delivery.equals("exactly-once"),
        m.getOrDefault("sink.transactional-id-prefix", "ferstream-processor"),
        txTimeout,
        capacity,
        p.positiveDuration("analysis.timeout", Duration.ofSeconds(60)),
        parallelism,
        m);
  }

  /** Registry settings use Confluent's own names, so they pass through unchanged. */
  private static Map<String, String> registryProperties(Map<String, String> m) {
    Map<String, String> r = new TreeMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("auto.register.schemas")) {
        r.put(k, v);
      }
    });
    return r;
  }

  /** Kafka client properties for every client of the job: bootstrap plus the pass-through settings. */
  public Properties kafkaClientProperties() {
    Properties props = new Properties();
    props.putAll(kafkaProperties);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** The keys of one sub-component (e.g. "tracking."), for its own parser. */
  public Map<String, String> section(String prefix) {
    Map<String, String> s = new TreeMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        s.put(k, v);
      }
    });
    return s;
  }

  @Override
  public String toString() { // pass-through settings may hold secrets
    return "JobConfig{bootstrap=" + bootstrapServers + ", kafka settings=" + kafkaProperties.keySet()
        + ", registry=" + registry + ", topics=" + framesTopic + "->" + eventsTopic + "/" + dlqTopic
        + ", mode=" + freshness + ", exactlyOnce=" + exactlyOnce + "}";
  }

  /** Collects parse problems instead of failing on the first. */
  private record Parser(Map<String, String> m, List<String> problems) {
    Duration duration(String key, Duration dflt) {
      String v = m.get(key);
      if (v == null) {
        return dflt;
      }
      try {
        return TimeUtils.parseDuration(v);
      } catch (IllegalArgumentException | NullPointerException e) {
        problems.add(key + " must be a duration such as 500ms, 5s or 10min, got '" + v + "'");
        return dflt;
      }
    }

    Duration positiveDuration(String key, Duration dflt) {
      Duration d = duration(key, dflt);
      if (d.isNegative() || d.isZero()) {
        problems.add(key + " must be positive, got '" + m.get(key) + "'");
      }
      return d;
    }

    int integer(String key, int dflt) {
      String v = m.get(key);
      if (v == null) {
        return dflt;
      }
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        problems.add(key + " must be an integer, got '" + v + "'");
        return dflt;
      }
    }

    int positiveInt(String key, int dflt) {
      int i = integer(key, dflt);
      if (i <= 0) {
        problems.add(key + " must be positive, got " + i);
      }
      return i;
    }

    <E extends Enum<E>> E enumValue(String key, E dflt, Class<E> type) {
      String v = m.get(key);
      if (v == null) {
        return dflt;
      }
      try {
        return Enum.valueOf(type, v.trim().toUpperCase().replace('-', '_'));
      } catch (IllegalArgumentException e) {
        problems.add(key + " must be one of " + java.util.Arrays.toString(type.getEnumConstants())
            .toLowerCase() + ", got '" + v + "'");
        return dflt;
      }
    }
  }
}
