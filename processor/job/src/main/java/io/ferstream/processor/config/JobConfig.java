package io.ferstream.processor.config;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.ConfigSpec;
import io.ferstream.config.Setting;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.detection.DetectionConfig;
import io.ferstream.processor.functions.FreshnessPolicy;
import io.ferstream.processor.functions.OverloadPolicy;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the FerStream job is configured with, read and validated once from flat keys, so the
 * same keys work in a properties file and as {@code --key value} arguments. Every key is declared
 * once, as a {@link Setting} here or in the section it configures ({@link RegistryConfig}, {@link
 * AnalysisSettings}, {@link DetectionConfig}, {@link TrackingConfig}); {@link #SPEC} joins them,
 * rejects unknown keys naming the nearest valid one, and generates README.md's configuration table.
 */
public record JobConfig(
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        RegistryConfig registry,
        String framesTopic,
        String eventsTopic,
        String dlqTopic,
        String summariesTopic,
        boolean summaries,
        String groupId,
        StartingOffsets startingOffsets,
        boolean bounded,
        FreshnessPolicy freshness,
        OverloadPolicy overload,
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
        String jobName,
        AnalysisSettings analysis,
        DetectionConfig detection,
        TrackingConfig tracking)
        implements Serializable {

    /**
     * Where the source starts when the group has no committed offsets (or always, for
     * earliest/latest).
     */
    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST
    }

    /** How the sink writes to Kafka. */
    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public static final Setting<String> BOOTSTRAP_SERVERS =
            Setting.text("kafka.bootstrap.servers", null, "Kafka bootstrap servers").required();
    public static final Setting<String> FRAMES_TOPIC =
            Setting.text("topics.frames", Topics.FRAMES, "the frames the gate accepted");
    public static final Setting<String> EVENTS_TOPIC =
            Setting.text("topics.events", Topics.EXPRESSION_EVENTS, "where expression events go");
    public static final Setting<String> DLQ_TOPIC =
            Setting.text("topics.dlq", Topics.FRAMES_DLQ, "where dead letters go");
    public static final Setting<String> SUMMARIES_TOPIC =
            Setting.text(
                    "topics.summaries",
                    Topics.EXPRESSION_SUMMARIES,
                    "where the per-camera minute summaries go");
    public static final Setting<Boolean> SUMMARIES =
            Setting.bool(
                    "summaries.enabled",
                    true,
                    "write a summary per camera and minute of capture time to `topics.summaries`,"
                            + " about `tracking.max-age` plus `tracking.max-camera-skew` after the"
                            + " minute ends");
    public static final Setting<String> GROUP_ID =
            Setting.text(
                    "source.group-id",
                    "ferstream-processor",
                    "consumer group; offsets are committed on checkpoints");
    public static final Setting<StartingOffsets> STARTING_OFFSETS =
            Setting.choice(
                    "source.starting-offsets",
                    StartingOffsets.class,
                    StartingOffsets.COMMITTED,
                    "`committed` (earliest if none), `earliest` or `latest`");
    public static final Setting<Boolean> BOUNDED =
            Setting.bool(
                    "source.bounded",
                    false,
                    "stop at the offsets that were latest at start (tests, benchmarks, backfills)");
    public static final Setting<FreshnessPolicy.Mode> MODE =
            Setting.choice(
                    "mode",
                    FreshnessPolicy.Mode.class,
                    FreshnessPolicy.Mode.LIVE,
                    "`live` skips frames delivered late (`live.max-lag`) and sheds load when"
                            + " behind (`overload.*`), counting both per camera; `replay` processes"
                            + " every frame");
    public static final Setting<Duration> LIVE_MAX_LAG =
            Setting.positiveDuration(
                    "live.max-lag",
                    Duration.ofSeconds(60),
                    "live mode skips a frame that entered Kafka longer than this after its capture"
                            + " (judged from the record, so a re-read after a failure judges the"
                            + " same); at least `tracking.max-camera-skew`");
    public static final Setting<Duration> OVERLOAD_MAX_LAG =
            Setting.durationOrOff(
                    "overload.max-lag",
                    Duration.ofSeconds(30),
                    "live mode: when frames are read longer than this after entering Kafka, the"
                            + " job is behind and sheds load per camera (one frame in"
                            + " `ceil(lag / max-lag)` is kept); the catch-up after a restart is"
                            + " never shed");
    public static final Setting<Integer> OVERLOAD_MAX_SHED =
            Setting.integerAtLeast(
                    "overload.max-shed",
                    8,
                    1,
                    "under overload, at least one frame of each camera in this many is kept");
    public static final Setting<Duration> OUT_OF_ORDERNESS =
            Setting.duration(
                    "watermark.out-of-orderness",
                    Duration.ofMillis(500),
                    "how late a frame may arrive within a partition; event time is the capture"
                            + " time");
    public static final Setting<Duration> IDLENESS =
            Setting.duration(
                    "watermark.idleness",
                    Duration.ofSeconds(5),
                    "a partition silent this long stops holding back event time");
    public static final Setting<Duration> CHECKPOINT_INTERVAL =
            Setting.positiveDuration(
                    "checkpoint.interval",
                    Duration.ofSeconds(10),
                    "events become visible to `read_committed` consumers at each" + " checkpoint");
    public static final Setting<Integer> RESTART_ATTEMPTS =
            Setting.integerAtLeast(
                    "restart.attempts", 10, 0, "fixed-delay restarts before the job fails");
    public static final Setting<Duration> RESTART_DELAY =
            Setting.duration("restart.delay", Duration.ofSeconds(5), "wait before each restart");
    public static final Setting<Delivery> DELIVERY =
            Setting.choice(
                    "sink.delivery",
                    Delivery.class,
                    Delivery.EXACTLY_ONCE,
                    "`exactly-once` (Kafka transactions) or `at-least-once`");
    public static final Setting<String> TRANSACTIONAL_ID_PREFIX =
            Setting.text(
                    "sink.transactional-id-prefix",
                    "ferstream-processor",
                    "unique per job on a cluster");
    public static final Setting<Duration> TRANSACTION_TIMEOUT =
            Setting.positiveDuration(
                    "sink.transaction-timeout",
                    Duration.ofMinutes(10),
                    "at most `sink.broker-max-transaction-timeout`");
    public static final Setting<Duration> BROKER_MAX_TRANSACTION_TIMEOUT =
            Setting.duration(
                    "sink.broker-max-transaction-timeout",
                    Duration.ofMinutes(15),
                    "the brokers' `transaction.max.timeout.ms`: set it when you raised theirs");
    public static final Setting<Integer> ANALYSIS_CAPACITY =
            Setting.integerAtLeast(
                    "analysis.capacity",
                    16,
                    1,
                    "frames in flight per face-analysis subtask (bounds memory;"
                            + " backpressure beyond)");
    public static final Setting<Duration> ANALYSIS_TIMEOUT =
            Setting.positiveDuration(
                    "analysis.timeout",
                    Duration.ofSeconds(60),
                    "a frame whose analysis takes longer fails the job, whose restart reads"
                            + " it again");
    public static final Setting<Integer> PARALLELISM =
            Setting.integer(
                            "parallelism",
                            null,
                            "job parallelism; at most the partitions of `topics.frames` are busy")
                    .defaultText("the cluster's")
                    .check(n -> n >= 1, "be 1 or more");
    public static final Setting<String> JOB_NAME =
            Setting.text("job.name", "ferstream", "the job's name in Flink");

    /** Every key the job understands, in the order README.md's table lists them. */
    public static final ConfigSpec SPEC =
            ConfigSpec.of(List.of(BOOTSTRAP_SERVERS))
                    .passThrough(
                            "kafka.",
                            "any other Kafka client setting (`security.protocol`, `sasl.*`,"
                                    + " `ssl.*`), for every client")
                    .and(RegistryConfig.SETTINGS)
                    .and(
                            List.of(
                                    FRAMES_TOPIC,
                                    EVENTS_TOPIC,
                                    DLQ_TOPIC,
                                    SUMMARIES_TOPIC,
                                    SUMMARIES,
                                    GROUP_ID,
                                    STARTING_OFFSETS,
                                    BOUNDED,
                                    MODE,
                                    LIVE_MAX_LAG,
                                    OVERLOAD_MAX_LAG,
                                    OVERLOAD_MAX_SHED,
                                    OUT_OF_ORDERNESS,
                                    IDLENESS,
                                    CHECKPOINT_INTERVAL,
                                    RESTART_ATTEMPTS,
                                    RESTART_DELAY,
                                    DELIVERY,
                                    TRANSACTIONAL_ID_PREFIX,
                                    TRANSACTION_TIMEOUT,
                                    BROKER_MAX_TRANSACTION_TIMEOUT,
                                    ANALYSIS_CAPACITY,
                                    ANALYSIS_TIMEOUT,
                                    PARALLELISM,
                                    JOB_NAME))
                    .and(AnalysisSettings.SETTINGS)
                    .and(DetectionConfig.SETTINGS)
                    .passThrough(DetectionConfig.CAMERA_PREFIX, DetectionConfig.CAMERA_OVERRIDES)
                    .and(TrackingConfig.SETTINGS);

    public JobConfig {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * Reads and validates {@code raw}; every problem is reported at once, each saying what to set.
     */
    public static JobConfig fromMap(Map<String, String> raw) {
        ConfigReader r = SPEC.read(raw);
        Map<String, String> kafka = r.withPrefix("kafka.");
        kafka.remove("bootstrap.servers");
        Duration transactionTimeout = r.get(TRANSACTION_TIMEOUT);
        FreshnessPolicy.Mode mode = r.get(MODE);
        Integer parallelism = r.get(PARALLELISM);
        JobConfig config =
                new JobConfig(
                        r.get(BOOTSTRAP_SERVERS),
                        kafka,
                        RegistryConfig.read(r),
                        r.get(FRAMES_TOPIC),
                        r.get(EVENTS_TOPIC),
                        r.get(DLQ_TOPIC),
                        r.get(SUMMARIES_TOPIC),
                        r.get(SUMMARIES),
                        r.get(GROUP_ID),
                        r.get(STARTING_OFFSETS),
                        r.get(BOUNDED),
                        mode == FreshnessPolicy.Mode.LIVE
                                ? FreshnessPolicy.live(r.get(LIVE_MAX_LAG))
                                : FreshnessPolicy.replay(),
                        mode == FreshnessPolicy.Mode.LIVE
                                ? new OverloadPolicy(
                                        r.get(OVERLOAD_MAX_LAG), r.get(OVERLOAD_MAX_SHED))
                                : OverloadPolicy.off(),
                        r.get(OUT_OF_ORDERNESS),
                        r.get(IDLENESS),
                        r.get(CHECKPOINT_INTERVAL),
                        r.get(RESTART_ATTEMPTS),
                        r.get(RESTART_DELAY),
                        r.get(DELIVERY) == Delivery.EXACTLY_ONCE,
                        r.get(TRANSACTIONAL_ID_PREFIX),
                        transactionTimeout,
                        r.get(ANALYSIS_CAPACITY),
                        r.get(ANALYSIS_TIMEOUT),
                        parallelism == null ? -1 : parallelism,
                        r.get(JOB_NAME),
                        AnalysisSettings.read(r),
                        DetectionConfig.read(r),
                        TrackingConfig.read(r));
        SettingsAgreement.check(config, r.get(BROKER_MAX_TRANSACTION_TIMEOUT), r);
        r.throwIfProblems("FerStream job configuration");
        return config;
    }

    /**
     * Kafka client properties for every client of the job: bootstrap plus the pass-through
     * settings.
     */
    public Properties kafkaClientProperties() {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    @Override
    public String toString() { // pass-through settings may hold secrets: their keys only
        return "JobConfig{bootstrap="
                + bootstrapServers
                + ", kafka settings="
                + kafkaProperties.keySet()
                + ", registry="
                + registry
                + ", topics="
                + framesTopic
                + "->"
                + eventsTopic
                + "/"
                + dlqTopic
                + (summaries ? "/" + summariesTopic : "")
                + ", mode="
                + freshness
                + ", exactlyOnce="
                + exactlyOnce
                + ", parallelism="
                + parallelism
                + ", "
                + detection
                + ", "
                + tracking
                + "}";
    }
}
