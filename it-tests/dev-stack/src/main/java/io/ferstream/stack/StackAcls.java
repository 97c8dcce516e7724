package io.ferstream.stack;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import io.ferstream.registry.server.KafkaSchemaStore;
import io.ferstream.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least each FerStream principal needs on a cluster that denies what no ACL allows: the
 * operator's checklist, in code. Group and transactional-id names are the components' defaults
 * (prefixes), so an instance may add a suffix.
 */
public final class StackAcls {

    /**
     * The gate's default Kafka Streams application id: its group, transactions, internal topics.
     */
    public static final String GATE_APPLICATION_PREFIX = "ferstream-frame-gate";

    /** The job's default consumer group and transactional-id prefix. */
    public static final String PROCESSOR_PREFIX = "ferstream-processor";

    /** Consumer groups of event consumers must start with this. */
    public static final String CONSUMER_GROUP_PREFIX = "expression-consumer";

    /** The registry's topic. */
    public static final String SCHEMAS_TOPIC = "_schemas";

    private final List<AclBinding> bindings = new ArrayList<>();

    private StackAcls() {}

    /** Every binding of the stack's principals ({@link StackSecurity}). */
    public static List<AclBinding> bindings() {
        StackAcls acls = new StackAcls();
        String camera = StackSecurity.CAMERA;
        acls.topic(camera, Topics.FRAMES_RAW, WRITE, DESCRIBE);

        String gate = StackSecurity.GATE;
        acls.topic(gate, Topics.FRAMES_RAW, READ, DESCRIBE);
        acls.topic(gate, Topics.FRAMES, WRITE, DESCRIBE);
        acls.topic(gate, Topics.FRAMES_DLQ, WRITE, DESCRIBE);
        acls.topic(gate, Topics.CAMERA_STATUS, READ, WRITE, DESCRIBE, DESCRIBE_CONFIGS);
        // Kafka Streams' changelog topics are named after the application id, and it creates them.
        acls.allow(gate, TOPIC, GATE_APPLICATION_PREFIX, PREFIXED, ALL);
        acls.allow(gate, GROUP, GATE_APPLICATION_PREFIX, PREFIXED, READ, DESCRIBE);
        acls.allow(gate, TRANSACTIONAL_ID, GATE_APPLICATION_PREFIX, PREFIXED, WRITE, DESCRIBE);

        String processor = StackSecurity.PROCESSOR;
        acls.topic(processor, Topics.FRAMES, READ, DESCRIBE);
        acls.topic(processor, Topics.EXPRESSION_EVENTS, WRITE, DESCRIBE);
        acls.topic(processor, Topics.EXPRESSION_SUMMARIES, WRITE, DESCRIBE);
        acls.topic(processor, Topics.FRAMES_DLQ, WRITE, DESCRIBE);
        acls.allow(processor, GROUP, PROCESSOR_PREFIX, PREFIXED, READ, DESCRIBE);
        acls.allow(processor, TRANSACTIONAL_ID, PROCESSOR_PREFIX, PREFIXED, WRITE, DESCRIBE);

        String consumer = StackSecurity.CONSUMER;
        acls.topic(consumer, Topics.EXPRESSION_EVENTS, READ, DESCRIBE);
        acls.topic(consumer, Topics.EXPRESSION_SUMMARIES, READ, DESCRIBE);
        acls.allow(consumer, GROUP, CONSUMER_GROUP_PREFIX, PREFIXED, READ, DESCRIBE);

        acls.allow(StackSecurity.REGISTRY, TOPIC, SCHEMAS_TOPIC, LITERAL, ALL);
        // FerStream's own registry writes in transactions, so that instances sharing the topic
        // never hand out one id twice (Confluent's registry elects a leader instead).
        acls.allow(
                StackSecurity.REGISTRY,
                TRANSACTIONAL_ID,
                KafkaSchemaStore.transactionalId(SCHEMAS_TOPIC),
                LITERAL,
                WRITE,
                DESCRIBE);
        return List.copyOf(acls.bindings);
    }

    /**
     * The bindings as {@code kafka-acls.sh} commands, one per principal and resource: what an
     * operator runs against a real cluster ({@code docker/secured/create-acls.sh} is this text).
     */
    public static String kafkaAclsCommands(List<AclBinding> bindings) {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        for (AclBinding binding : bindings) {
            ResourcePattern resource = binding.pattern();
            String flag =
                    switch (resource.resourceType()) {
                        case TOPIC -> "--topic";
                        case GROUP -> "--group";
                        case TRANSACTIONAL_ID -> "--transactional-id";
                        default ->
                                throw new IllegalArgumentException(
                                        "no kafka-acls.sh flag for " + resource.resourceType());
                    };
            String key =
                    "--allow-principal "
                            + binding.entry().principal()
                            + " "
                            + flag
                            + " "
                            + resource.name()
                            + (resource.patternType() == PREFIXED
                                    ? " --resource-pattern-type prefixed"
                                    : "");
            operations
                    .computeIfAbsent(key, k -> new ArrayList<>())
                    .add("--operation " + operationName(binding.entry().operation()));
        }
        StringBuilder script = new StringBuilder();
        operations.forEach(
                (key, ops) ->
                        script.append("acl ")
                                .append(key)
                                .append(' ')
                                .append(String.join(" ", ops))
                                .append('\n'));
        return script.toString();
    }

    /** kafka-acls.sh's spelling: DESCRIBE_CONFIGS is DescribeConfigs. */
    private static String operationName(AclOperation operation) {
        StringBuilder name = new StringBuilder();
        for (String part : operation.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }

    private void topic(String principal, String topic, AclOperation... operations) {
        allow(principal, TOPIC, topic, LITERAL, operations);
    }

    private void allow(
            String principal,
            ResourceType type,
            String name,
            PatternType pattern,
            AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(
                    new AclBinding(
                            new ResourcePattern(type, name, pattern),
                            new AccessControlEntry(
                                    "User:" + principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
