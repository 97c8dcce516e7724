package io.ferstream.processor.job;

import io.ferstream.kafka.KafkaAccessCheck;
import io.ferstream.kafka.KafkaAccessException;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.functions.DrainingAsyncOperatorFactory;
import io.ferstream.processor.functions.EventMetricsFunction;
import io.ferstream.processor.functions.FaceAnalysisFunction;
import io.ferstream.processor.functions.IntakeFunction;
import io.ferstream.processor.functions.OutcomeSplitter;
import io.ferstream.processor.kafka.AvroRecordSerializer;
import io.ferstream.processor.kafka.FrameRecordDeserializer;
import io.ferstream.processor.records.AnalysisOutcome;
import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.processor.summaries.ExpressionSummaryFunction;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.TrackingFunction;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The FerStream job: frames in, expression events, minute summaries and dead letters out. The job
 * wires; the functions compute. Source and sinks come in through the constructor, so tests can hand
 * in their own; {@link #fromConfig} builds the production Kafka source and sinks.
 *
 * <pre>
 * frames ─▶ intake (dead letters, freshness) ─▶ face analysis (async, ordered) ─▶ split
 *        ─▶ keyBy(camera) ─▶ tracking ─▶ event metrics ─▶ expression-events
 *                                                   └─▶ keyBy(camera) ─▶ minute summaries
 *                                                                     ─▶ expression-summaries
 *   dead letters of intake and analysis ─▶ frames.dlq
 * </pre>
 *
 * <p>Face analysis is chained to the source rather than behind a keyBy: the source already reads
 * each camera from one partition in order, and a shuffle there would copy every image across the
 * network for nothing. Only the small {@link FrameFaces} are shuffled by camera to tracking.
 */
public final class FerStreamJob {

    /** How long Kafka has to answer the check before submission. */
    private static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(30);

    /** Dead letters from every stage. */
    static final OutputTag<FrameRejected> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final JobConfig config;
    private final Source<SourcedFrame, ?, ?> source;
    private final Sink<ExpressionEvent> eventSink;
    private final Sink<FrameRejected> deadLetterSink;
    private final Sink<ExpressionSummary> summarySink;
    private final UnaryOperator<DataStream<FrameFaces>> afterAnalysis;

    /**
     * @param summarySink where the minute summaries go; unused when summaries are off
     * @param afterAnalysis a hook on the analysed stream before tracking; tests put a failing
     *     operator there to prove exactly-once across restarts
     */
    public FerStreamJob(
            JobConfig config,
            Source<SourcedFrame, ?, ?> source,
            Sink<ExpressionEvent> eventSink,
            Sink<FrameRejected> deadLetterSink,
            Sink<ExpressionSummary> summarySink,
            UnaryOperator<DataStream<FrameFaces>> afterAnalysis) {
        this.config = Objects.requireNonNull(config, "config");
        this.source = Objects.requireNonNull(source, "source");
        this.eventSink = Objects.requireNonNull(eventSink, "eventSink");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
        this.summarySink = Objects.requireNonNull(summarySink, "summarySink");
        this.afterAnalysis = Objects.requireNonNull(afterAnalysis, "afterAnalysis");
    }

    /**
     * Checks, before the job is submitted, that Kafka accepts the job's credentials and that it may
     * see its topics. Inside Flink, a refused password or a missing ACL only shows as restarts
     * until the restart attempts run out; this says what to fix at once.
     *
     * @throws KafkaAccessException what is wrong, with what to check
     */
    public static void checkKafkaAccess(JobConfig config) {
        Map<String, Object> client = new HashMap<>();
        config.kafkaClientProperties().forEach((k, v) -> client.put(k.toString(), v));
        List<String> topics =
                new ArrayList<>(
                        List.of(config.framesTopic(), config.eventsTopic(), config.dlqTopic()));
        if (config.summaries()) {
            topics.add(config.summariesTopic());
        }
        KafkaAccessCheck.verify("the FerStream job", client, topics, KAFKA_CHECK_TIMEOUT);
    }

    /** The production job: Kafka source on the frames topic, transactional Kafka sinks. */
    public static FerStreamJob fromConfig(JobConfig config) {
        return new FerStreamJob(
                config,
                kafkaSource(config),
                kafkaSink(config, config.eventsTopic(), ExpressionEvent::getCameraId, "events"),
                kafkaSink(config, config.dlqTopic(), FrameRejected::getCameraId, "dlq"),
                kafkaSink(
                        config,
                        config.summariesTopic(),
                        ExpressionSummary::getCameraId,
                        "summaries"),
                UnaryOperator.identity());
    }

    /**
     * The same job with {@code hook} applied to the analysed stream before tracking (tests inject
     * failures there).
     */
    public FerStreamJob withAfterAnalysis(UnaryOperator<DataStream<FrameFaces>> hook) {
        return new FerStreamJob(config, source, eventSink, deadLetterSink, summarySink, hook);
    }

    /** Adds the job's operators to {@code env} and configures checkpointing and restarts. */
    public void build(StreamExecutionEnvironment env) {
        configure(env);

        WatermarkStrategy<SourcedFrame> watermarks =
                WatermarkStrategy.<SourcedFrame>forBoundedOutOfOrderness(config.outOfOrderness())
                        // A dead letter has no capture time. Its Kafka timestamp is wall-clock
                        // time, which would
                        // drag event time forward and end every track early, so it gets no time at
                        // all.
                        .withTimestampAssigner(
                                (s, kafkaTimestamp) ->
                                        s.frame != null
                                                ? s.frame.getCaptureTime().toEpochMilli()
                                                : Long.MIN_VALUE)
                        .withIdleness(config.idleness());

        SingleOutputStreamOperator<SourcedFrame> frames =
                env.fromSource(source, watermarks, "frames-source")
                        .uid("frames-source")
                        .process(
                                new IntakeFunction(
                                        config.freshness(), config.overload(), DEAD_LETTERS))
                        .name("intake")
                        .uid("intake");

        // Ordered, and drained before each checkpoint barrier: see DrainingAsyncOperatorFactory.
        SingleOutputStreamOperator<AnalysisOutcome> analysed =
                frames.transform(
                                "face-analysis",
                                TypeInformation.of(AnalysisOutcome.class),
                                new DrainingAsyncOperatorFactory<>(
                                        FaceAnalysisFunction.fromConfig(config),
                                        config.analysisTimeout().toMillis(),
                                        config.analysisCapacity()))
                        .uid("face-analysis");

        SingleOutputStreamOperator<FrameFaces> faces =
                analysed.process(new OutcomeSplitter(DEAD_LETTERS))
                        .name("split-dead-letters")
                        .uid("split-dead-letters");

        SingleOutputStreamOperator<ExpressionEvent> events =
                afterAnalysis
                        .apply(faces)
                        .keyBy(FrameFaces::cameraId)
                        .process(new TrackingFunction(config.tracking()))
                        .name("tracking")
                        .uid("tracking")
                        .map(new EventMetricsFunction())
                        .name("event-metrics")
                        .uid("event-metrics");
        events.sinkTo(eventSink).name("expression-events-sink").uid("expression-events-sink");

        if (config.summaries()) {
            // Keyed again by camera: the events are small, and the summaries' state and timers
            // are per camera like tracking's.
            events.keyBy(ExpressionEvent::getCameraId)
                    .process(new ExpressionSummaryFunction(config.tracking()))
                    .name("expression-summaries")
                    .uid("expression-summaries")
                    .sinkTo(summarySink)
                    .name("expression-summaries-sink")
                    .uid("expression-summaries-sink");
        }

        frames.getSideOutput(DEAD_LETTERS)
                .union(faces.getSideOutput(DEAD_LETTERS))
                .sinkTo(deadLetterSink)
                .name("dead-letter-sink")
                .uid("dead-letter-sink");
    }

    public JobClient executeAsync(StreamExecutionEnvironment env, String jobName) throws Exception {
        build(env);
        return env.executeAsync(jobName);
    }

    private void configure(StreamExecutionEnvironment env) {
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
                config.restartAttempts());
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, config.restartDelay());
        env.configure(restart);
        env.enableCheckpointing(
                config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
    }

    static KafkaSource<SourcedFrame> kafkaSource(JobConfig config) {
        OffsetsInitializer start =
                switch (config.startingOffsets()) {
                    case COMMITTED ->
                            OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                };
        KafkaSourceBuilder<SourcedFrame> builder =
                KafkaSource.<SourcedFrame>builder()
                        .setProperties(config.kafkaClientProperties())
                        .setBootstrapServers(config.bootstrapServers())
                        .setTopics(config.framesTopic())
                        .setGroupId(config.groupId())
                        .setStartingOffsets(start)
                        // Only committed frames: gate and producers may write in transactions.
                        .setProperty("isolation.level", "read_committed")
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .setDeserializer(new FrameRecordDeserializer(config.registry()));
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    static <T extends org.apache.avro.specific.SpecificRecord> KafkaSink<T> kafkaSink(
            JobConfig config,
            String topic,
            org.apache.flink.util.function.SerializableFunction<T, String> key,
            String name) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(config.kafkaClientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(topic, key, config.registry()))
                .setDeliveryGuarantee(
                        config.exactlyOnce()
                                ? DeliveryGuarantee.EXACTLY_ONCE
                                : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
                // The sink's default (1 h) exceeds the broker's maximum (15 min) and loops on
                // restart.
                .setProperty(
                        "transaction.timeout.ms",
                        Long.toString(config.transactionTimeout().toMillis()))
                .build();
    }
}
