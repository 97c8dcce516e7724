package io.ferstream.stack;

import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.KafkaSchemaStore;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.registry.server.ServerSecurity;
import io.ferstream.topics.Topics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real local stack in one JVM: a KRaft broker, a Confluent-compatible schema registry persisted
 * on that broker, and FerStream's topics ({@link Topics}) created with their configs.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

    /**
     * How to start the stack.
     *
     * @param registryPort port of the registry on 127.0.0.1 (0: any free port)
     * @param framePartitions partitions of {@code frames.raw} and {@code frames}
     * @param eventPartitions partitions of {@code frames.dlq} and {@code expression-events}
     * @param frameRetention retention of the frame topics
     */
    public record Options(
            int registryPort, int framePartitions, int eventPartitions, Duration frameRetention) {

        public Options {
            if (registryPort < 0 || registryPort > 65535) {
                throw new IllegalArgumentException(
                        "registry port must be 0..65535, was " + registryPort);
            }
            if (framePartitions < 1 || eventPartitions < 1) {
                throw new IllegalArgumentException(
                        "partitions must be >= 1, were " + framePartitions + "/" + eventPartitions);
            }
            if (frameRetention == null || frameRetention.isNegative() || frameRetention.isZero()) {
                throw new IllegalArgumentException(
                        "frame retention must be positive, was " + frameRetention);
            }
        }

        /** Free ports, 4 frame partitions, 2 event partitions, frames kept 10 minutes. */
        public static Options defaults() {
            return new Options(0, 4, 2, Duration.ofMinutes(10));
        }

        public Options withRegistryPort(int port) {
            return new Options(port, framePartitions, eventPartitions, frameRetention);
        }

        public Options withPartitions(int frames, int events) {
            return new Options(registryPort, frames, events, frameRetention);
        }
    }

    private final EmbeddedKafka kafka;
    private volatile SchemaRegistryServer registry;
    private final Options options;

    private EmbeddedStack(EmbeddedKafka kafka, SchemaRegistryServer registry, Options options) {
        this.kafka = kafka;
        this.registry = registry;
        this.options = options;
    }

    public static EmbeddedStack start() {
        return start(Options.defaults());
    }

    /** Starts broker, topics and registry; stops what started if a later step fails. */
    public static EmbeddedStack start(Options options) {
        return start(options, EmbeddedKafka.start());
    }

    /**
     * As {@link #start(Options)}, secured: the broker takes SASL_SSL (SCRAM-SHA-512) with ACLs per
     * principal ({@link StackAcls}), and the registry https with basic auth, all from {@code
     * security}.
     */
    public static EmbeddedStack startSecured(Options options, StackSecurity security) {
        return start(options, EmbeddedKafka.startSecured(security));
    }

    private static EmbeddedStack start(Options options, EmbeddedKafka kafka) {
        long started = System.nanoTime();
        try {
            createTopics(kafka.adminProperties(), options);
            if (kafka.security() != null) {
                createAcls(kafka.adminProperties());
            }
            SchemaRegistryServer registry = startRegistry(kafka, options.registryPort());
            EmbeddedStack stack = new EmbeddedStack(kafka, registry, options);
            LOG.info(
                    "Embedded stack up in {} ms: {}",
                    (System.nanoTime() - started) / 1_000_000,
                    stack.describe());
            return stack;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    private static SchemaRegistryServer startRegistry(EmbeddedKafka kafka, int port) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        StackSecurity security = kafka.security();
        if (security == null) {
            return SchemaRegistryServer.start(
                    new KafkaSchemaStore(kafka.bootstrapServers()), address);
        }
        Map<String, Object> client = new HashMap<>(security.kafkaClient(StackSecurity.REGISTRY));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Map<String, String> users = new HashMap<>();
        StackSecurity.PRINCIPALS.forEach(user -> users.put(user, security.password(user)));
        return SchemaRegistryServer.start(
                new KafkaSchemaStore(client, StackAcls.SCHEMAS_TOPIC),
                address,
                ServerSecurity.of(
                        security.keystore(),
                        security.storeType(),
                        security.storePassword(),
                        users));
    }

    /** The secured stack's credentials, or null when the stack is not secured. */
    public StackSecurity security() {
        return kafka.security();
    }

    /**
     * Registry client settings: the URL, and on a secured stack the truststore and the basic auth
     * of {@code principal}.
     */
    public RegistryConfig registryConfig(String principal) {
        Map<String, String> props = new HashMap<>();
        if (security() != null) {
            props.putAll(security().registryClient(principal));
        }
        props.put(RegistryConfig.URL, registryUrl());
        return RegistryConfig.fromProperties(props);
    }

    /**
     * Kafka client settings of {@code principal}: bootstrap servers, and on a secured stack its
     * SASL_SSL credentials.
     */
    public Map<String, Object> clientProperties(String principal) {
        Map<String, Object> props = new HashMap<>();
        if (security() != null) {
            props.putAll(security().kafkaClient(principal));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** The topics this stack created, with their partition counts. */
    public Map<String, Integer> topics() {
        return Map.of(
                Topics.FRAMES_RAW, options.framePartitions(),
                Topics.FRAMES, options.framePartitions(),
                Topics.FRAMES_DLQ, options.eventPartitions(),
                Topics.EXPRESSION_EVENTS, options.eventPartitions(),
                Topics.EXPRESSION_SUMMARIES, options.eventPartitions(),
                Topics.CAMERA_STATUS, 1);
    }

    /**
     * Base client properties for producers, consumers and admin clients: the bootstrap servers, and
     * on a secured stack the operator's ({@value StackSecurity#ADMIN}) credentials.
     */
    public Map<String, Object> clientProperties() {
        if (security() != null) {
            return kafka.adminProperties();
        }
        Map<String, Object> props = new HashMap<>();
        kafka.clientProperties().forEach((k, v) -> props.put(k.toString(), v));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * Stops the registry and starts a new one on the same broker and port, as after a crash: it
     * rebuilds its state from the {@code _schemas} topic.
     */
    public synchronized void restartRegistry() {
        int port = registry.port();
        registry.close();
        registry = startRegistry(kafka, port);
    }

    /** One line per component, for people reading the console. */
    public String describe() {
        List<String> topics = new ArrayList<>();
        topics().forEach((name, partitions) -> topics.add(name + " (" + partitions + ")"));
        topics.sort(null);
        return "Kafka bootstrap servers: "
                + bootstrapServers()
                + System.lineSeparator()
                + "Schema registry:         "
                + registryUrl()
                + (security() == null
                        ? ""
                        : System.lineSeparator()
                                + "Security:                SASL_SSL (SCRAM-SHA-512) with ACLs,"
                                + " registry https with basic auth")
                + System.lineSeparator()
                + "Topics:                  "
                + String.join(", ", topics);
    }

    private static void createAcls(Map<String, Object> adminProperties) {
        try (Admin admin = Admin.create(adminProperties)) {
            admin.createAcls(StackAcls.bindings()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the stack's ACLs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating ACLs", e);
        }
    }

    private static void createTopics(Map<String, Object> adminProperties, Options options) {
        List<NewTopic> topics =
                List.of(
                        new NewTopic(Topics.FRAMES_RAW, options.framePartitions(), (short) 1)
                                .configs(
                                        Topics.rawFrameTopicConfig(
                                                options.frameRetention().toMillis())),
                        new NewTopic(Topics.FRAMES, options.framePartitions(), (short) 1)
                                .configs(
                                        Topics.frameTopicConfig(
                                                options.frameRetention().toMillis())),
                        new NewTopic(Topics.FRAMES_DLQ, options.eventPartitions(), (short) 1)
                                .configs(Topics.eventTopicConfig()),
                        new NewTopic(Topics.EXPRESSION_EVENTS, options.eventPartitions(), (short) 1)
                                .configs(Topics.eventTopicConfig()),
                        new NewTopic(
                                        Topics.EXPRESSION_SUMMARIES,
                                        options.eventPartitions(),
                                        (short) 1)
                                .configs(Topics.eventTopicConfig()),
                        new NewTopic(Topics.CAMERA_STATUS, 1, (short) 1)
                                .configs(Topics.compactedTopicConfig()));
        try (Admin admin = Admin.create(adminProperties)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "The embedded broker did not create the topics within 30 s", e);
        }
    }

    /** Stops the registry, then the broker. */
    @Override
    public synchronized void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
