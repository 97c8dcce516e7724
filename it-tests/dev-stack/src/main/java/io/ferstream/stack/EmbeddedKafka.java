package io.ferstream.stack;

import io.ferstream.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one combined KRaft node (broker + controller) from Kafka's own
 * test kit, with settings for FerStream: frames up to {@link Topics#MAX_FRAME_BYTES}, and the
 * replication factor 1 that transactions and consumer offsets need on a single node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final String CLIENT_LISTENER = "EXTERNAL";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int SCRAM_ITERATIONS = 4096;

    private final KafkaClusterTestKit cluster;
    private final StackSecurity security;

    private EmbeddedKafka(KafkaClusterTestKit cluster, StackSecurity security) {
        this.cluster = cluster;
        this.security = security;
    }

    /** Formats and starts the broker on a free port; returns once it accepts clients. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /** As {@link #start()}, with extra or overriding broker properties. */
    public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
        return start(
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1),
                brokerDefaults(),
                brokerOverrides);
    }

    /**
     * A cluster of {@code brokers} brokers and one KRaft controller, each broker its own server in
     * this JVM, with every internal topic replicated to all of them ({@code min.insync.replicas}
     * one less): what a broker failure needs to be survivable.
     */
    public static EmbeddedKafka startCluster(int brokers) {
        String replicas = Integer.toString(brokers);
        String minInSync = Integer.toString(Math.max(1, brokers - 1));
        Map<String, String> replicated = new java.util.HashMap<>(brokerDefaults());
        replicated.put("offsets.topic.replication.factor", replicas);
        replicated.put("transaction.state.log.replication.factor", replicas);
        replicated.put("transaction.state.log.min.isr", minInSync);
        replicated.put("default.replication.factor", replicas);
        replicated.put("min.insync.replicas", minInSync);
        return start(
                new TestKitNodes.Builder()
                        .setCombined(false)
                        .setNumBrokerNodes(brokers)
                        .setNumControllerNodes(1),
                replicated,
                Map.of());
    }

    /**
     * One combined node secured as production runs it: clients connect over SASL_SSL with
     * SCRAM-SHA-512, and the standard authorizer denies what no ACL allows ({@link StackAcls} adds
     * them). The operator {@value StackSecurity#ADMIN} is the only super user; its SCRAM credential
     * is in the cluster's bootstrap metadata, as {@code kafka-storage format --add-scram} puts it,
     * and the other principals' are added through the Admin API. The controller listener, which
     * only the node itself uses and binds to localhost, takes SASL PLAIN, since KRaft controllers
     * cannot use SCRAM.
     */
    public static EmbeddedKafka startSecured(StackSecurity security) {
        String admin = StackSecurity.ADMIN;
        String adminPassword = security.password(admin);
        List<ApiMessageAndVersion> records =
                new ArrayList<>(
                        BootstrapMetadata.fromVersion(
                                        MetadataVersion.latestProduction(), "ferstream")
                                .records());
        records.add(scramRecord(admin, adminPassword));
        TestKitNodes.Builder nodes =
                new TestKitNodes.Builder(
                                BootstrapMetadata.fromRecords(records, "ferstream-secured"))
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerListenerName(new ListenerName(CLIENT_LISTENER))
                        // The test kit accepts no SSL here; the protocol map below makes it SSL.
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerListenerName(new ListenerName(CONTROLLER_LISTENER))
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        String mechanism = StackSecurity.SASL_MECHANISM.toLowerCase(Locale.ROOT);
        String client = "listener.name." + CLIENT_LISTENER.toLowerCase(Locale.ROOT) + ".";
        String controller = "listener.name." + CONTROLLER_LISTENER.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> secured = new HashMap<>();
        secured.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        secured.put("sasl.enabled.mechanisms", StackSecurity.SASL_MECHANISM);
        secured.put("sasl.mechanism.inter.broker.protocol", StackSecurity.SASL_MECHANISM);
        secured.put(
                client + mechanism + ".sasl.jaas.config",
                StackSecurity.scramJaas(admin, adminPassword));
        secured.put(controller + "sasl.enabled.mechanisms", "PLAIN");
        secured.put("sasl.mechanism.controller.protocol", "PLAIN");
        secured.put(
                controller + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + admin
                        + "\" password=\""
                        + adminPassword
                        + "\" user_"
                        + admin
                        + "=\""
                        + adminPassword
                        + "\";");
        secured.put("ssl.keystore.location", security.keystore().toString());
        secured.put("ssl.keystore.type", security.storeType());
        secured.put("ssl.keystore.password", security.storePassword());
        secured.put("ssl.key.password", security.storePassword());
        secured.put("ssl.truststore.location", security.truststore().toString());
        secured.put("ssl.truststore.type", security.storeType());
        secured.put("ssl.truststore.password", security.storePassword());
        secured.put(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        secured.put("allow.everyone.if.no.acl.found", "false");
        secured.put("super.users", "User:" + admin);
        EmbeddedKafka kafka = start(nodes, brokerDefaults(), secured, security);
        try {
            kafka.addScramUsers();
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    private static ApiMessageAndVersion scramRecord(String user, String password) {
        try {
            ScramCredential credential =
                    new ScramFormatter(ScramMechanism.SCRAM_SHA_512)
                            .generateCredential(password, SCRAM_ITERATIONS);
            return new ApiMessageAndVersion(
                    new UserScramCredentialRecord()
                            .setName(user)
                            .setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                            .setSalt(credential.salt())
                            .setStoredKey(credential.storedKey())
                            .setServerKey(credential.serverKey())
                            .setIterations(credential.iterations()),
                    (short) 0);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-512", e);
        }
    }

    /** Every principal but the admin gets its SCRAM credential, as an operator adds users. */
    private void addScramUsers() {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (String principal : StackSecurity.PRINCIPALS) {
            if (!principal.equals(StackSecurity.ADMIN)) {
                users.add(
                        new UserScramCredentialUpsertion(
                                principal,
                                new ScramCredentialInfo(
                                        org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512,
                                        SCRAM_ITERATIONS),
                                security.password(principal)));
            }
        }
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not add the stack's SCRAM users: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding SCRAM users", e);
        }
    }

    private static EmbeddedKafka start(
            TestKitNodes.Builder nodeBuilder,
            Map<String, String> brokerDefaults,
            Map<String, String> brokerOverrides) {
        return start(
                nodeBuilder.setBootstrapMetadataVersion(MetadataVersion.latestProduction()),
                brokerDefaults,
                brokerOverrides,
                null);
    }

    private static EmbeddedKafka start(
            TestKitNodes.Builder nodeBuilder,
            Map<String, String> brokerDefaults,
            Map<String, String> brokerOverrides,
            StackSecurity security) {
        TestKitNodes nodes = nodeBuilder.build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        brokerDefaults.forEach(builder::setConfigProp);
        brokerOverrides.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, security);
        } catch (Exception e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Could not start the embedded Kafka broker: " + e, e);
        }
    }

    /** Broker settings for one node carrying camera frames. */
    static Map<String, String> brokerDefaults() {
        String maxBytes = Integer.toString(Topics.MAX_FRAME_BYTES + 256 * 1024);
        return Map.of(
                "message.max.bytes", maxBytes,
                "replica.fetch.max.bytes", maxBytes,
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "transaction.state.log.num.partitions", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false");
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The ids of the brokers. */
    public java.util.Set<Integer> brokerIds() {
        return cluster.brokers().keySet();
    }

    /** Stops broker {@code id} as a crash would leave it: clients lose it, its data stays. */
    public void stopBroker(int id) {
        var broker = cluster.brokers().get(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts broker {@code id} again on its data; it rejoins the cluster and catches up. */
    public void startBroker(int id) {
        cluster.brokers().get(id).startup();
    }

    /** Client properties with the bootstrap servers (and any security the test kit configured). */
    public Properties clientProperties() {
        return cluster.clientProperties();
    }

    /**
     * Bootstrap servers plus, on a secured broker, the operator's ({@value StackSecurity#ADMIN})
     * credentials: what creating topics and ACLs needs.
     */
    public Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>();
        if (security != null) {
            props.putAll(security.kafkaClient(StackSecurity.ADMIN));
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** The security of a secured broker, or null for a plaintext one. */
    public StackSecurity security() {
        return security;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not stop the embedded Kafka broker cleanly: " + e, e);
        }
    }
}
